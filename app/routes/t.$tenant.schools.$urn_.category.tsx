import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { Radios } from '../components/Radios';
import { Textarea } from '../components/Textarea';
import { fieldError, parseForm } from '../forms/parse-form';
import {
  currentPlacementYear,
  placeSchool,
  requireCouncilImprovement,
  reviewSchools,
  schoolCategories,
} from '../improvement/categories.server';
import { placementForm } from '../improvement/category-forms';
import { academicYearLabel } from '../performance/academic-year';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Category of support' };

const PERMISSION = 'improvement.manage';

const urnOf = (raw: string | undefined) => {
  const urn = /^\d{1,9}$/.test(raw ?? '') ? Number(raw) : 0;
  if (urn <= 0) throw notFound();
  return urn;
};
const yearOf = (request: Request) => {
  const asked = new URL(request.url).searchParams.get('year') ?? '';
  const year = /^\d{4}$/.test(asked) ? Number(asked) : currentPlacementYear();
  return year >= 2000 && year <= 2100 ? year : currentPlacementYear();
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, PERMISSION);
  const urn = urnOf(params.urn);
  const year = yearOf(request);
  const found = await schoolCategories(ctx, urn, year);
  if (!found) throw notFound();
  const review = await reviewSchools(ctx, year);
  const row = review.schools.find((s) => s.urn === urn);
  return {
    slug: ctx.tenant.slug,
    year,
    school: found.school,
    categories: found.categories,
    current: found.current
      ? { level: found.current.level, name: found.current.categoryName, reason: found.current.reason }
      : null,
    suggestion: row?.suggestion ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, PERMISSION);
  const urn = urnOf(params.urn);
  const parsed = parseForm(placementForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const placed = await placeSchool(ctx, { ...parsed.data, urn });
  if (!placed.ok && 'conflict' in placed)
    return data(
      {
        errors: [
          {
            field: 'level',
            message:
              'Someone else decided this school’s category while you were deciding: check the current category and decide again',
          },
        ],
        values: parsed.values,
      },
      { status: 409 },
    );
  if (!placed.ok && 'belowDrawn' in placed)
    return data({ errors: [{ field: 'level', message: placed.belowDrawn }], values: parsed.values }, { status: 400 });
  if (!placed.ok) throw notFound();
  return redirect(`/t/${ctx.tenant.slug}/schools/review?year=${parsed.data.academicYear}&placed=${urn}`);
}

export default function SchoolCategory() {
  const { slug, year, school, categories, current, suggestion } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const label = academicYearLabel(year);
  const nameOf = (level: string) => categories.find((c) => c.level === level)?.name ?? level;
  return (
    <>
      <BackLink href={`/t/${slug}/schools/review?year=${year}`}>Back to reviewing categories</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">
        {school.name}, URN {school.urn}
      </span>
      <h1 className="govuk-heading-l">Category of support for {label}</h1>
      {suggestion ? (
        <InsetText>
          Suggested: {nameOf(suggestion.level)} — {suggestion.words.slice(suggestion.level.length + 3)}
        </InsetText>
      ) : null}
      {current ? (
        <p className="govuk-body">
          Currently {current.name}: {current.reason}
        </p>
      ) : (
        <p className="govuk-body">Not yet placed in a category for {label}.</p>
      )}
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <input type="hidden" name="academicYear" value={String(year)} />
        {suggestion ? <input type="hidden" name="suggestedLevel" value={suggestion.level} /> : null}
        <Radios
          name="level"
          legend="Category"
          items={categories.map((c) => ({
            value: c.level,
            label: `${c.name}${suggestion?.level === c.level ? ' (suggested)' : ''}`,
            hint: `${c.fundedDays} funded ${c.fundedDays === 1 ? 'day' : 'days'}${c.description ? `. ${c.description}` : ''}`,
          }))}
          defaultValue={values.level ?? current?.level ?? suggestion?.level}
          error={fieldError(errors, 'level')}
        />
        <Textarea
          name="reason"
          label="Reason"
          hint="Why this category: what the data shows, and what you know of the school"
          defaultValue={values.reason ?? ''}
          error={fieldError(errors, 'reason')}
        />
        <Button>Save the category</Button>
      </form>
    </>
  );
}
