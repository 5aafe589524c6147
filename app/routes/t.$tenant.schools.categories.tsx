import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { isDomainError } from '../errors';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { fieldError, parseForm } from '../forms/parse-form';
import { listCategories, requireCouncilImprovement, saveCategories } from '../improvement/categories.server';
import { categoriesForm } from '../improvement/category-forms';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Categories of support' };

const PERMISSION = 'improvement.manage';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, PERMISSION);
  return { slug: ctx.tenant.slug, categories: await listCategories(ctx) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, PERMISSION);
  const parsed = parseForm(categoriesForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await saveCategories(ctx, parsed.data);
  } catch (error) {
    if (isDomainError(error))
      return data({ errors: [{ field: error.field, message: error.message }], values: parsed.values }, { status: 400 });
    throw error;
  }
  return redirect(`/t/${ctx.tenant.slug}/schools/review?categories=saved`);
}

export default function Categories() {
  const { slug, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  return (
    <>
      <BackLink href={`/t/${slug}/schools/review`}>Back to reviewing categories</BackLink>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Categories of support</h1>
      <p className="govuk-body">
        Each academic year you place each of your schools in one of these categories. Each carries the days of school
        improvement you fund for a school in it that year (its core entitlement), drawn down before any traded support.
        The app suggests intensive, targeted or universal from a school&rsquo;s data; you may name and describe them in
        your own words.
      </p>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        {categories.map((c) => (
          <fieldset key={c.level} className="govuk-fieldset govuk-!-margin-bottom-6">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
              {c.level === 'intensive'
                ? 'Most support (suggested as intensive)'
                : c.level === 'targeted'
                  ? 'Some support (suggested as targeted)'
                  : 'Core support (suggested as universal)'}
            </legend>
            <TextInput
              name={`${c.level}-name`}
              label="Name"
              defaultValue={values[`${c.level}-name`] ?? c.name}
              error={fieldError(errors, `${c.level}-name`)}
            />
            <Textarea
              name={`${c.level}-description`}
              label="Description"
              rows={2}
              defaultValue={values[`${c.level}-description`] ?? c.description}
              error={fieldError(errors, `${c.level}-description`)}
            />
            <TextInput
              name={`${c.level}-days`}
              label="Funded core days a year"
              hint="Days of school improvement the council funds for each school in this category, for example 5"
              width="3"
              inputMode="numeric"
              defaultValue={values[`${c.level}-days`] ?? String(c.fundedDays)}
              error={fieldError(errors, `${c.level}-days`)}
            />
          </fieldset>
        ))}
        <Button>Save categories</Button>
      </form>
    </>
  );
}
