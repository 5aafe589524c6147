import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { formatMoment } from '../calendar/format-instant';
import { bankLineStatusCell, BankLineMatchCell } from '../cash/BankLineCells';
import { viewBankStatement } from '../cash/bank-statements.server';
import { BANK_PRESETS } from '../vocabulary';
import { BackLink } from '../components/BackLink';
import type { TitleHandle } from '../components/document-title';
import { NotificationBanner } from '../components/NotificationBanner';
import { Pagination } from '../components/Pagination';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { isUuid } from '../forms/ids';
import { pageFromQuery } from '../forms/paging';
import { formatPence } from '../money';

export const handle: TitleHandle = { title: 'Bank statement' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const statementId = params.statementId ?? '';
  if (!isUuid(statementId)) throw notFound();
  const view = await viewBankStatement(ctx, statementId, pageFromQuery(new URL(request.url).searchParams.get('page')));
  return { slug: ctx.tenant.slug, ...view };
}

export default function BankStatement() {
  const { slug, statement, lines, page, pages } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const base = `/t/${slug}/finance/bank-statements`;
  const waiting = lines.filter((l) => l.status === 'unmatched').length;
  return (
    <>
      <BackLink href={base}>Back to bank statements</BackLink>
      {params.get('imported') ? (
        <NotificationBanner type="success" heading="Statement imported">
          <p className="govuk-body">
            {statement.linesNew} new line{statement.linesNew === 1 ? '' : 's'} of {statement.linesInFile};{' '}
            {statement.linesMatched} matched automatically.
          </p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{BANK_PRESETS[statement.preset]}</span>
      <h1 className="govuk-heading-l">{statement.fileName || 'Bank statement'}</h1>
      <SummaryList
        rows={[
          { key: 'Account', value: statement.account || 'Not given in the file' },
          {
            key: 'Dates',
            value:
              statement.firstOn && statement.lastOn
                ? `${formatDate(statement.firstOn)} to ${formatDate(statement.lastOn)}`
                : 'None',
          },
          {
            key: 'Imported',
            value: `${formatMoment(statement.importedAt)}${statement.importedByName ? ` by ${statement.importedByName}` : ''}`,
          },
          {
            key: 'Lines',
            value: `${statement.linesNew} new of ${statement.linesInFile} in the file (the rest were imported before)`,
          },
          { key: 'Matched automatically', value: String(statement.linesMatched) },
        ]}
      />
      <Table
        caption={`Lines of the statement${pages > 1 ? `, page ${page} of ${pages}` : ''}${waiting ? ` (${waiting} waiting on this page)` : ''}`}
        captionClassName="govuk-table__caption--m"
        head={['Line', 'Date', 'Payer', 'Reference', 'Amount', 'State', 'Matched to, and why']}
        rows={lines.map((l) => [
          String(l.lineNumber),
          formatDate(l.bookedOn),
          l.payerName || 'Not given',
          l.reference || 'None',
          formatPence(l.amountPence),
          bankLineStatusCell(l),
          <BankLineMatchCell line={l} slug={slug} key={l.id} />,
        ])}
      />
      <Pagination page={page} pages={pages} href={(p) => `${base}/${statement.id}?page=${p}`} />
    </>
  );
}
