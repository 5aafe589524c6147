import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { findService } from '../../db/queries/catalogue';
import { withTenant } from '../../db/scope.server';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { editService } from '../catalogue/save-service.server';
import { serviceForm, serviceToFormValues } from '../catalogue/service-input';
import { ServiceFields } from '../catalogue/ServiceFields';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';

export const handle: TitleHandle<typeof loader> = {
  title: (data) => (data ? `Change ${data.name}` : 'Change service'),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  if (!isUuid(params.serviceId)) throw notFound();
  const service = await withTenant(ctx, (tx) => findService(tx, ctx.tenantId, params.serviceId!));
  if (!service) throw notFound();
  return { slug: ctx.tenant.slug, id: service.id, name: service.name, values: serviceToFormValues(service) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  if (!isUuid(params.serviceId)) throw notFound();
  const parsed = parseForm(serviceForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await editService(ctx, params.serviceId!, parsed.data);
    return redirect(`/t/${ctx.tenant.slug}/services/${params.serviceId}?saved=1`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function EditService() {
  const { slug, id, name, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  return (
    <>
      <BackLink href={`/t/${slug}/services/${id}`}>Back to {name}</BackLink>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Change {name}</h1>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <ServiceFields values={result?.values ?? values} errors={errors} />
        <Button>Save changes</Button>
      </form>
    </>
  );
}
