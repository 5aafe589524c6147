import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { createService } from '../catalogue/save-service.server';
import { serviceForm } from '../catalogue/service-input';
import { ServiceFields } from '../catalogue/ServiceFields';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { isDomainError } from '../errors';
import { parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Add a service' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  return { slug: ctx.tenant.slug };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  const parsed = parseForm(serviceForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const id = await createService(ctx, parsed.data);
    return redirect(`/t/${ctx.tenant.slug}/services/${id}?saved=1`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function NewService() {
  const { slug } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  return (
    <>
      <BackLink href={`/t/${slug}/services`}>Back to services</BackLink>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Add a service</h1>
      <p className="govuk-body">The service stays in draft, unseen by buyers, until you publish it.</p>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <ServiceFields values={result?.values ?? {}} errors={errors} />
        <Button>Save as draft</Button>
      </form>
    </>
  );
}
