import type { StatementRow } from '../../db/queries/net-settlement';

export interface SideTotals {
  documents: number;
  invoicedPence: number;
  creditedPence: number;
  paidPence: number;
  outstandingPence: number;
}

export interface NetPosition {
  /** What we invoiced them, and where it stands. */
  ours: SideTotals;
  /** What they invoiced us. */
  theirs: SideTotals;
  /** Positive: they owe us on balance; negative: we owe them. */
  netPence: number;
  /** What netting would settle on each side now: the smaller outstanding amount. */
  nettablePence: number;
}

function totals(rows: readonly StatementRow[]): SideTotals {
  return {
    documents: rows.length,
    invoicedPence: rows.reduce((s, r) => s + r.totalPence, 0),
    creditedPence: rows.reduce((s, r) => s + r.creditedPence, 0),
    paidPence: rows.reduce((s, r) => s + r.paidPence, 0),
    outstandingPence: rows.reduce((s, r) => s + Math.max(0, r.outstandingPence), 0),
  };
}

/** Each side's totals, the net between them and what netting would settle. */
export function netPosition(rows: readonly StatementRow[]): NetPosition {
  const ours = totals(rows.filter((r) => r.side === 'ours'));
  const theirs = totals(rows.filter((r) => r.side === 'theirs'));
  return {
    ours,
    theirs,
    netPence: ours.outstandingPence - theirs.outstandingPence,
    nettablePence: Math.min(ours.outstandingPence, theirs.outstandingPence),
  };
}

/** Who owes whom, in words: "Isle of Wight Council owes you £1,200.00". */
export function whoOwesWhom(netPence: number, partnerName: string, format: (pence: number) => string): string {
  if (netPence > 0) return `${partnerName} owes you ${format(netPence)}`;
  if (netPence < 0) return `You owe ${partnerName} ${format(-netPence)}`;
  return `Neither of you owes the other anything for this period`;
}
