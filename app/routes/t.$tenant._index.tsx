import type { TitleHandle } from '../components/document-title';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { tenantHomeCounts } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import { requireTenantMember } from '../auth/guards.server';
import { providerCan, providerRoleNames } from '../auth/permissions';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { customerClassNames } from '../tenancy/customer-class';
import type { CustomerClass } from '../../db/schema';

export const handle: TitleHandle<typeof loader> = { title: (data) => data?.tenant.name ?? 'Provider' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant);
  const counts = await withTenant(ctx, (tx) => tenantHomeCounts(tx, ctx.tenantId));
  const t = ctx.tenant;
  return {
    tenant: {
      name: t.name,
      slug: t.slug,
      laCode: t.la_code,
      address: t.address,
      postcode: t.postcode,
      vatNumber: t.vat_number,
      vatNumberIsDemo: t.vat_number_is_demo,
      paymentTermsDays: t.payment_terms_days,
      invoicePrefix: t.invoice_prefix,
    },
    role: ctx.role,
    counts,
    canViewCustomers: providerCan(ctx.role, 'customers.view'),
  };
}

export default function TenantHome() {
  const { tenant, role, counts, canViewCustomers } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">You are signed in as {providerRoleNames[role].toLowerCase()}</span>
      <h1 className="govuk-heading-l">{tenant.name}</h1>
      <SummaryList
        rows={[
          { key: 'Local authority code', value: tenant.laCode },
          {
            key: 'Address',
            value: (
              <>
                {tenant.address.split('\n').map((line) => (
                  <span key={line}>
                    {line}
                    <br />
                  </span>
                ))}
                {tenant.postcode}
              </>
            ),
          },
          {
            key: 'VAT number',
            value: `${tenant.vatNumber ?? 'Not registered'}${tenant.vatNumberIsDemo ? ' (demo number, not real)' : ''}`,
          },
          { key: 'Payment terms', value: `${tenant.paymentTermsDays} days` },
          { key: 'Invoice prefix', value: tenant.invoicePrefix },
          {
            key: 'Customer accounts',
            value: String(counts.customers),
            actions: canViewCustomers ? (
              <a className="govuk-link" href={`/t/${tenant.slug}/customers`}>
                View<span className="govuk-visually-hidden"> customer accounts</span>
              </a>
            ) : undefined,
          },
          { key: 'Users', value: String(counts.users) },
        ]}
      />
      {providerCan(role, 'orders.view') ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/t/${tenant.slug}/calendar`}>
            Term dates and contract years
          </a>
        </p>
      ) : null}
      <Table
        caption="Customers by class"
        captionClassName="govuk-table__caption--m"
        head={['Customer class', 'Accounts']}
        firstCellIsHeader
        rows={Object.entries(counts.customersByClass).map(([cls, n]) => [
          customerClassNames[cls as CustomerClass],
          String(n),
        ])}
      />
    </>
  );
}
