import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { agreementsForCommissioner } from '../agreements/agreement-detail.server';
import { requireBuyer } from '../auth/guards.server';
import type { TitleHandle } from '../components/document-title';
import { Table } from '../components/Table';

export const handle: TitleHandle = { title: 'Agreements' };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.commission');
  return { agreements: await agreementsForCommissioner(ctx) };
}

export default function BuyerAgreements() {
  const { agreements } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Agreements</h1>
      {agreements.length === 0 ? (
        <p className="govuk-body">You have no agreement with another authority yet.</p>
      ) : (
        <Table
          head={['Agreement', 'Provider', 'Contract years']}
          rows={agreements.map((a) => [
            <a key="a" className="govuk-link" href={`/buy/agreements/${a.slug}/${a.id}`}>
              {a.reference} {a.title}
            </a>,
            a.providerName,
            a.years.join(', '),
          ])}
        />
      )}
    </>
  );
}
