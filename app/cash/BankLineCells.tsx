import { Tag } from '../components/Tag';
import { formatPence } from '../money';
import { BANK_LINE_STATES } from '../vocabulary';
import type { BankLineStatus, BankMatchHow } from '../../db/tables/bank-statements';

interface LineFacts {
  id: string;
  lineNumber: number;
  status: BankLineStatus;
  matchedHow: BankMatchHow | null;
  matchReason: string | null;
  paymentId: string | null;
  customerName: string | null;
  paidDocuments: Array<{ id: string; number: string; amountPence: number }>;
}

export function bankLineStatusCell(line: LineFacts) {
  const state = BANK_LINE_STATES[line.status];
  return (
    <Tag colour={state.colour}>
      {line.status === 'matched' && line.matchedHow === 'automatic' ? 'Matched automatically' : state.label}
    </Tag>
  );
}

/** Where a line's money went and why; for a waiting line, why it waits and a link to match it. */
export function BankLineMatchCell({ line, slug }: { line: LineFacts; slug: string }) {
  if (line.status === 'debit') return <>Money out is not matched</>;
  return (
    <>
      {line.status === 'matched' ? (
        <>
          <a className="govuk-link" href={`/t/${slug}/payments/${line.paymentId}`}>
            Payment from {line.customerName}
          </a>
          {line.paidDocuments.length ? (
            <ul className="govuk-list govuk-!-margin-bottom-1">
              {line.paidDocuments.map((d) => (
                <li key={d.id}>
                  <a className="govuk-link" href={`/t/${slug}/documents/${d.id}`}>
                    {d.number}
                  </a>{' '}
                  {formatPence(d.amountPence)}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {line.matchReason ? <p className="govuk-body-s govuk-!-margin-bottom-1">{line.matchReason}</p> : null}
      {line.status === 'unmatched' ? (
        <a className="govuk-link" href={`/t/${slug}/finance/bank-lines/${line.id}`}>
          Match or mark not ours<span className="govuk-visually-hidden"> line {line.lineNumber}</span>
        </a>
      ) : null}
    </>
  );
}
