import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireBuyer } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import type { TitleHandle } from '../components/document-title';
import { buyerStatements } from '../payments/statement.server';
import { StatementTable } from '../payments/StatementTable';

export const handle: TitleHandle = { title: 'Statement of account' };

export async function loader({ request }: LoaderFunctionArgs) {
  const buyer = await requireBuyer(request);
  return { organisationName: buyer.organisationName, ...(await buyerStatements(buyer)) };
}

export default function BuyerStatement() {
  const { organisationName, today, providers } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{organisationName}</span>
      <h1 className="govuk-heading-l">Statement of account</h1>
      <p className="govuk-body">
        As at {formatDate(today)}: what each provider has charged, what has been paid or credited, and the balance.
      </p>
      {providers.length > 0 ? (
        <p className="govuk-body govuk-!-display-none-print">
          <a className="govuk-link" href="/buy/statement.csv" download>
            Download statement as CSV
          </a>
        </p>
      ) : null}
      {providers.length === 0 ? (
        <p className="govuk-body">No provider has invoiced you yet.</p>
      ) : (
        providers.map((provider) => (
          <section key={provider.tenantId} aria-labelledby={`provider-${provider.tenantId}`}>
            <h2 className="govuk-heading-l" id={`provider-${provider.tenantId}`}>
              {provider.providerName}
            </h2>
            {provider.statements.map((s) => (
              <StatementTable
                key={s.organisationId}
                caption={provider.statements.length > 1 ? s.customerName : `With ${provider.providerName}`}
                lines={s.lines}
                money={s.money}
                hrefFor={(line) =>
                  line.kind === 'invoice' || line.kind === 'recharge' || line.kind === 'credit_note'
                    ? `/buy/invoices/${provider.providerSlug}/${line.id}`
                    : null
                }
              />
            ))}
          </section>
        ))
      )}
    </>
  );
}
