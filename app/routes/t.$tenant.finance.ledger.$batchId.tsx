import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { formatMoment } from '../calendar/format-instant';
import { BackLink } from '../components/BackLink';
import type { TitleHandle } from '../components/document-title';
import { NotificationBanner } from '../components/NotificationBanner';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { isUuid } from '../forms/ids';
import { periodOfMonth } from '../ledger/export-form';
import { viewBatch } from '../ledger/ledger-batches.server';
import { LEDGER_BATCH_KINDS } from '../ledger/ledger-template';
import { formatPence } from '../money';
import { DOCUMENT_KINDS } from '../vocabulary';

export const handle: TitleHandle<typeof loader> = {
  title: (d) => (d ? `Ledger batch ${d.batch.reference}` : 'Ledger batch'),
};

/** The documents shown on the page; the file has them all. */
const SHOWN = 500;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.batchId)) throw notFound();
  const { batch, documents } = await viewBatch(ctx, params.batchId);
  return {
    slug: ctx.tenant.slug,
    batch: {
      id: batch.id,
      reference: batch.reference,
      kind: batch.kind,
      period: periodOfMonth(batch.period_start.slice(0, 7)).label,
      documentCount: batch.document_count,
      rowCount: batch.row_count,
      netPence: batch.net_pence,
      vatPence: batch.vat_pence,
      grossPence: batch.gross_pence,
      debitPence: batch.debit_pence,
      creditPence: batch.credit_pence,
      fileName: batch.file_name,
      sha256: batch.file_sha256,
      exportedAt: formatMoment(batch.exported_at),
      exportedBy: batch.exported_by_name ?? '',
    },
    documents: documents.slice(0, SHOWN).map((d) => ({
      id: d.id,
      number: d.number ?? '',
      kind: d.kind,
      issuedOn: d.issued_on ? formatDate(d.issued_on) : '',
      customer: d.customer_name ?? '',
      netPence: d.net_pence ?? 0,
      vatPence: d.vat_pence ?? 0,
      totalPence: d.total_pence ?? 0,
    })),
  };
}

export default function LedgerBatch() {
  const { slug, batch, documents } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const kind = LEDGER_BATCH_KINDS[batch.kind];
  return (
    <>
      <BackLink href={`/t/${slug}/finance/ledger`}>Back to ledger export</BackLink>
      {params.get('exported') ? (
        <NotificationBanner type="success" heading={`Batch ${batch.reference} exported`} />
      ) : null}
      <span className="govuk-caption-l">{kind.label}</span>
      <h1 className="govuk-heading-l">Batch {batch.reference}</h1>
      <p className="govuk-body">
        <a className="govuk-link" href={`/t/${slug}/finance/ledger/${batch.id}.csv`} download={batch.fileName}>
          Download the file ({batch.fileName})
        </a>
      </p>
      <h2 className="govuk-heading-m">Control totals</h2>
      <SummaryList
        rows={[
          { key: 'Period', value: batch.period },
          { key: 'Documents', value: String(batch.documentCount) },
          { key: 'Rows in the file', value: String(batch.rowCount) },
          { key: 'Net', value: formatPence(batch.netPence) },
          { key: 'VAT', value: formatPence(batch.vatPence) },
          { key: 'Gross', value: formatPence(batch.grossPence) },
          ...(batch.kind === 'recharge_journal'
            ? [
                { key: 'Debits', value: formatPence(batch.debitPence) },
                { key: 'Credits', value: formatPence(batch.creditPence) },
              ]
            : []),
          { key: 'Exported', value: `${batch.exportedAt}${batch.exportedBy ? ` by ${batch.exportedBy}` : ''}` },
          { key: 'File checksum (SHA-256)', value: <code className="govuk-!-font-size-16">{batch.sha256}</code> },
        ]}
      />
      <Table
        caption={
          documents.length < batch.documentCount
            ? `The first ${documents.length} of ${batch.documentCount} documents in this batch`
            : 'Documents in this batch'
        }
        captionClassName="govuk-table__caption--m"
        head={['Document', 'Type', 'Issued', 'Customer', 'Net', 'VAT', 'Total']}
        rows={documents.map((d) => [
          <a key="link" className="govuk-link" href={`/t/${slug}/documents/${d.id}`}>
            {d.number}
          </a>,
          DOCUMENT_KINDS[d.kind].singular,
          d.issuedOn,
          d.customer,
          formatPence(d.netPence),
          formatPence(d.vatPence),
          formatPence(d.totalPence),
        ])}
      />
    </>
  );
}
