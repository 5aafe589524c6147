import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireBuyer } from '../auth/guards.server';
import { listDocumentsForBuyer } from '../billing/list-documents.server';
import { formatDate } from '../calendar/contract-year';
import type { TitleHandle } from '../components/document-title';
import { Pagination } from '../components/Pagination';
import { StateTag } from '../components/StateTag';
import { Table } from '../components/Table';
import { pageFromQuery } from '../forms/paging';
import { formatPence } from '../money';
import { DOCUMENT_KINDS, DOCUMENT_STATES } from '../vocabulary';

export const handle: TitleHandle = { title: 'Invoices' };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.view');
  return listDocumentsForBuyer(ctx, pageFromQuery(new URL(request.url).searchParams.get('page')));
}

export default function BuyerInvoices() {
  const { documents, total, page, pages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Invoices</h1>
      {documents.length > 0 ? (
        <Table
          caption={`Invoices, recharges and credit notes from your providers: ${total}${pages > 1 ? `, page ${page} of ${pages}` : ''}`}
          captionClassName="govuk-table__caption--m"
          head={['Document', 'From', 'To', 'Issued', 'Total', 'Still to pay', 'State']}
          firstCellIsHeader
          rows={documents.map((d) => [
            <a key="a" className="govuk-link" href={`/buy/invoices/${d.providerSlug}/${d.id}`}>
              {d.number}
              <span className="govuk-visually-hidden"> ({DOCUMENT_KINDS[d.kind].singular})</span>
            </a>,
            d.providerName,
            d.customerName,
            d.issuedOn ? formatDate(d.issuedOn) : '',
            formatPence(d.totalPence),
            d.kind === 'credit_note' || d.state === 'void' ? '' : formatPence(d.balancePence),
            <StateTag key="s" state={DOCUMENT_STATES[d.state]} />,
          ])}
        />
      ) : (
        <p className="govuk-body">Nothing yet. Invoices and recharges appear here when a provider issues them.</p>
      )}
      <Pagination page={page} pages={pages} href={(p) => (p > 1 ? `/buy/invoices?page=${p}` : '/buy/invoices')} />
    </>
  );
}
