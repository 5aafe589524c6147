import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { listServices } from '../../db/queries/catalogue';
import { withTenant } from '../../db/scope.server';
import { requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { ButtonLink } from '../components/Button';
import type { TitleHandle } from '../components/document-title';
import { Table } from '../components/Table';
import { StateTag } from '../components/StateTag';
import { SERVICE_STATES } from '../vocabulary';
import { CATEGORIES, UNIT_KINDS } from '../catalogue/service-input';

export const handle: TitleHandle = { title: 'Services' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.view');
  const services = await withTenant(ctx, (tx) => listServices(tx, ctx.tenantId));
  return {
    slug: ctx.tenant.slug,
    canManage: providerCan(ctx.role, 'catalogue.manage'),
    services: services.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      category: s.category,
      unitKind: s.unit_kind,
      status: s.status,
    })),
  };
}

export default function Services() {
  const { slug, canManage, services } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Services</h1>
      {canManage ? <ButtonLink href={`/t/${slug}/services/new`}>Add a service</ButtonLink> : null}
      {services.length === 0 ? (
        <p className="govuk-body">There are no services yet.</p>
      ) : (
        <Table
          head={['Code', 'Service', 'Category', 'Unit', 'Status']}
          rows={services.map((s) => [
            s.code,
            <a key="n" className="govuk-link" href={`/t/${slug}/services/${s.id}`}>
              {s.name}
            </a>,
            CATEGORIES[s.category],
            UNIT_KINDS[s.unitKind].singular,
            <StateTag key="t" state={SERVICE_STATES[s.status]} />,
          ])}
        />
      )}
    </>
  );
}
