import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { agreementsBothWays } from '../agreements/agreement-detail.server';
import { requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { ButtonLink } from '../components/Button';
import type { TitleHandle } from '../components/document-title';
import { Table } from '../components/Table';

export const handle: TitleHandle = { title: 'Agreements with other councils' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.view');
  return {
    slug: ctx.tenant.slug,
    canManage: providerCan(ctx.role, 'orders.manage'),
    ...(await agreementsBothWays(ctx)),
  };
}

export default function Agreements() {
  const { slug, canManage, supplying, commissioning } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Agreements with other councils</h1>
      {canManage ? <ButtonLink href={`/t/${slug}/agreements/new`}>Start an agreement</ButtonLink> : null}
      {supplying.length ? (
        <Table
          caption="We supply"
          captionClassName="govuk-table__caption--m"
          head={['Agreement', 'Council', 'Contract years']}
          rows={supplying.map((a) => [
            <a key="a" className="govuk-link" href={`/t/${slug}/agreements/${a.id}`}>
              {a.reference} {a.title}
            </a>,
            a.commissionerName,
            a.years.join(', '),
          ])}
        />
      ) : (
        <p className="govuk-body">You do not supply another council under an agreement yet.</p>
      )}
      {commissioning.length ? (
        <Table
          caption="We commission"
          captionClassName="govuk-table__caption--m"
          head={['Agreement', 'Provider', 'Contract years']}
          rows={commissioning.map((a) => [`${a.reference} ${a.title}`, a.providerName, a.years.join(', ')])}
        />
      ) : null}
      {commissioning.length ? (
        <p className="govuk-body">
          Your council's commissioners manage what it commissions from the buying side of Traded.
        </p>
      ) : null}
    </>
  );
}
