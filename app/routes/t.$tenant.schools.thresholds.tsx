import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { fieldError, parseForm } from '../forms/parse-form';
import { setThresholds, thresholdsFor } from '../performance/set-thresholds.server';
import { thresholdsForm } from '../performance/thresholds-form';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Thresholds for school performance' };

const PERMISSION = 'improvement.manage';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, PERMISSION);
  return { slug: ctx.tenant.slug, thresholds: await thresholdsFor(ctx) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, PERMISSION);
  const parsed = parseForm(thresholdsForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await setThresholds(ctx, parsed.data);
  return redirect(`/t/${ctx.tenant.slug}/schools?thresholds=saved`);
}

export default function Thresholds() {
  const { slug, thresholds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  return (
    <>
      <BackLink href={`/t/${slug}/schools`}>Back to schools</BackLink>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Thresholds for school performance</h1>
      <p className="govuk-body">
        Each school&rsquo;s Key Stage 2 results are shown against these thresholds.
        {thresholds.setByTenant
          ? ''
          : ' These are the defaults, from the DfE floor standard of 2016: change them to your own.'}
      </p>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <TextInput
          name="ptrwmExpFloor"
          label="Floor for pupils meeting the expected standard in reading, writing and maths, as a percentage"
          hint="A school below this is below the floor, for example 65"
          width="3"
          inputMode="numeric"
          defaultValue={values.ptrwmExpFloor ?? String(thresholds.ptrwmExpFloor)}
          error={fieldError(errors, 'ptrwmExpFloor')}
        />
        <TextInput
          name="progressLimit"
          label="Limit for progress scores in reading, writing and maths"
          hint="A score below this is a concern, for example -5.0"
          width="4"
          defaultValue={values.progressLimit ?? thresholds.progressLimit.toFixed(1)}
          error={fieldError(errors, 'progressLimit')}
        />
        <Button>Save thresholds</Button>
      </form>
    </>
  );
}
