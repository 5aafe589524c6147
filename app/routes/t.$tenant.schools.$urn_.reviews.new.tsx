import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { DateInput, partsFrom } from '../components/DateInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { WarningText } from '../components/WarningText';
import { requireCouncilImprovement } from '../improvement/categories.server';
import { progressReviewForm, reviewDates, ROW_NUMBERS } from '../improvement/progress-review-forms';
import { reviewableSchool } from '../improvement/progress-reviews.server';
import { recordProgressReview } from '../improvement/record-progress-review.server';
import { fieldError, parseForm } from '../forms/parse-form';
import { academicYearLabel } from '../performance/academic-year';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Record a progress review group' };

const PERMISSION = 'improvement.manage';

const urnOf = (raw: string | undefined) => {
  const urn = /^\d{1,9}$/.test(raw ?? '') ? Number(raw) : 0;
  if (urn <= 0) throw notFound();
  return urn;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, PERMISSION);
  const found = await reviewableSchool(ctx, urnOf(params.urn));
  if (!found) throw notFound();
  return { slug: ctx.tenant.slug, ...found };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, PERMISSION);
  const urn = urnOf(params.urn);
  const parsed = parseForm(progressReviewForm, await readForm(request), reviewDates);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const recorded = await recordProgressReview(ctx, urn, parsed.data);
  if (recorded.ok) return redirect(`/t/${ctx.tenant.slug}/schools/${urn}/reviews/${recorded.reviewId}?recorded=1`);
  if ('notFound' in recorded) throw notFound();
  return data({ errors: recorded.errors, values: parsed.values }, { status: 400 });
}

export default function NewProgressReview() {
  const { slug, school, years, otherYears } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  return (
    <>
      <BackLink href={`/t/${slug}/schools/${school.urn}/impact`}>Back to impact and progress reviews</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">
        {school.name}, URN {school.urn}
      </span>
      <h1 className="govuk-heading-l">Record a progress review group</h1>
      {years.length === 0 ? (
        <>
          <WarningText>
            {school.name} is not in intensive or targeted support in any year
            {otherYears.length > 0
              ? ` (${otherYears.map((y) => `${y.category} in ${academicYearLabel(y.academicYear)}`).join(', ')})`
              : ''}
            . A progress review group is for a school in intensive or targeted support.
          </WarningText>
          <p className="govuk-body">
            <a className="govuk-link" href={`/t/${slug}/schools/${school.urn}/category`}>
              Decide the school’s category of support
            </a>
          </p>
        </>
      ) : (
        <>
          <InsetText>
            {years.map((y) => `${y.category} support in ${academicYearLabel(y.academicYear)}`).join('; ')}. The group
            must have met in one of these academic years.
          </InsetText>
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <DateInput
              name="metOn"
              legend="When did the group meet?"
              hint="For example, 14 1 2027"
              error={fieldError(errors, 'metOn')}
              defaultValue={partsFrom(values, 'metOn')}
            />
            <Textarea
              name="attendees"
              label="Who attended"
              hint="Names and roles: the headteacher, the chair of governors, the council’s adviser"
              defaultValue={values.attendees ?? ''}
              error={fieldError(errors, 'attendees')}
              rows={3}
            />
            <Textarea
              name="reviewed"
              label="What was reviewed"
              hint="The progress against the plan, the evidence seen, and what the group concluded"
              defaultValue={values.reviewed ?? ''}
              error={fieldError(errors, 'reviewed')}
              rows={6}
            />
            <h2 className="govuk-heading-m">Actions</h2>
            <p className="govuk-body">
              Up to {ROW_NUMBERS.length} actions, each with an owner and a due date. Leave a row blank if it is not
              needed.
            </p>
            {ROW_NUMBERS.map((n) => (
              <div className="govuk-!-margin-bottom-6" key={n}>
                <h3 className="govuk-heading-s">Action {n}</h3>
                <Textarea
                  name={`action-${n}`}
                  label={`What is to be done (action ${n})`}
                  defaultValue={values[`action-${n}`] ?? ''}
                  error={fieldError(errors, `action-${n}`)}
                  rows={2}
                />
                <TextInput
                  name={`owner-${n}`}
                  label={`Owner of action ${n}`}
                  hint="Who will make sure it is done"
                  width="two-thirds"
                  defaultValue={values[`owner-${n}`] ?? ''}
                  error={fieldError(errors, `owner-${n}`)}
                />
                <DateInput
                  name={`due-${n}`}
                  legend={`Due date of action ${n}`}
                  error={fieldError(errors, `due-${n}`)}
                  defaultValue={partsFrom(values, `due-${n}`)}
                />
              </div>
            ))}
            <Button>Save the progress review</Button>
          </form>
        </>
      )}
    </>
  );
}
