import { formatDate } from '../calendar/contract-year';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { formatPence } from '../money';
import { DOCUMENT_KINDS } from '../vocabulary';
import type { StatementLine } from './statement.server';

export const KIND_WORDS: Record<StatementLine['kind'], string> = {
  invoice: DOCUMENT_KINDS.invoice.singular,
  recharge: DOCUMENT_KINDS.recharge.singular,
  credit_note: DOCUMENT_KINDS.credit_note.singular,
  payment: 'Payment received',
  refund: 'Credit refunded',
};

/** A balance in words: what is owed, or the credit the customer holds. */
export function balanceWords(pence: number): string {
  if (pence > 0) return `${formatPence(pence)} owed`;
  if (pence < 0) return `${formatPence(-pence)} in credit`;
  return 'Nothing owed';
}

export function details(line: StatementLine): string {
  if (line.kind === 'credit_note')
    return `${line.reference}${line.creditsNumber ? `, against ${line.creditsNumber}` : ''}`;
  if (line.kind === 'invoice' || line.kind === 'recharge')
    return `${line.reference}${line.dueOn ? `, due ${formatDate(line.dueOn)}` : ''}`;
  return line.reference || 'No reference';
}

export interface StatementSummary {
  owedPence: number;
  overduePence: number;
  creditHeldPence: number;
  netPence: number;
}

/** A statement of account: each entry in date order with the balance after it, then the totals. */
export function StatementTable({
  caption,
  lines,
  money,
  hrefFor,
}: {
  caption: string;
  lines: readonly StatementLine[];
  money: StatementSummary;
  hrefFor?: (line: StatementLine) => string | null;
}) {
  return (
    <>
      {lines.length === 0 ? (
        <p className="govuk-body">Nothing has been invoiced, paid or refunded yet.</p>
      ) : (
        <Table
          caption={caption}
          captionClassName="govuk-table__caption--m"
          head={['Date', 'Entry', 'Details', 'Charged', 'Paid or credited', 'Balance']}
          rows={lines.map((line) => {
            const href = hrefFor?.(line) ?? null;
            return [
              formatDate(line.on),
              href ? (
                <a className="govuk-link" href={href} key="kind">
                  {KIND_WORDS[line.kind]}
                </a>
              ) : (
                KIND_WORDS[line.kind]
              ),
              details(line),
              line.debitPence ? formatPence(line.debitPence) : '',
              line.creditPence ? formatPence(line.creditPence) : '',
              balanceWords(line.balancePence),
            ];
          })}
        />
      )}
      <SummaryList
        rows={[
          { key: 'Owed on documents', value: formatPence(money.owedPence) },
          { key: 'Of which overdue', value: formatPence(money.overduePence) },
          { key: 'Credit held', value: formatPence(money.creditHeldPence) },
          { key: 'Balance', value: balanceWords(money.netPence) },
        ]}
      />
    </>
  );
}
