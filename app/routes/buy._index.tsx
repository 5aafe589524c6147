import type { TitleHandle } from '../components/document-title';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { listProvidersForBuyer } from '../../db/queries/tenancy';
import { withBuyer } from '../../db/scope.server';
import { requireBuyer } from '../auth/guards.server';
import { Table } from '../components/Table';
import { customerClassNames } from '../tenancy/customer-class';

export const handle: TitleHandle = { title: 'Providers' };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request);
  const providers = await withBuyer(ctx, (tx) => listProvidersForBuyer(tx));
  return { organisationName: ctx.organisationName, kind: ctx.organisationKind, providers };
}

export default function BuyHome() {
  const { organisationName, kind, providers } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{organisationName}</span>
      <h1 className="govuk-heading-l">Providers who sell to you</h1>
      {providers.length === 0 ? (
        <p className="govuk-body">No provider sells to {organisationName} yet.</p>
      ) : (
        <Table
          caption={kind === 'trust' ? 'Providers for your trust and its schools' : undefined}
          head={kind === 'trust' ? ['Provider', 'School', 'Your price class', 'How you pay'] : ['Provider', 'Your price class', 'How you pay', 'Contact']}
          firstCellIsHeader
          rows={providers.map((p) =>
            kind === 'trust'
              ? [p.providerName, p.customerName, customerClassNames[p.customerClass], p.settlementMethod === 'recharge' ? 'Internal recharge' : 'Invoice']
              : [
                  p.providerName,
                  customerClassNames[p.customerClass],
                  p.settlementMethod === 'recharge' ? 'Internal recharge from your budget' : 'Invoice',
                  <a key="c" className="govuk-link" href={`mailto:${p.contactEmail}`}>
                    {p.contactEmail}
                  </a>,
                ],
          )}
        />
      )}
    </>
  );
}
