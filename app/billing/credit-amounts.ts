import type { VatCode } from '../../db/schema';
import { lineVatPence } from './vat';

/** A line of an invoice or recharge, with what earlier credit notes have taken back from it. */
export interface CreditableLine {
  netPence: number;
  vatPence: number;
  vatCode: VatCode;
  creditedNetPence: number;
  creditedVatPence: number;
}

export interface LineCredit {
  netPence: number;
  vatPence: number;
  /** The whole of what was left of the line. */
  full: boolean;
}

/** What is left of the line's net to credit (never below zero; a discount line has none). */
export function netLeftPence(line: CreditableLine): number {
  return Math.max(0, line.netPence - line.creditedNetPence);
}

export function vatLeftPence(line: CreditableLine): number {
  return Math.max(0, line.vatPence - line.creditedVatPence);
}

/**
 * The credit for `netPence` of a line. Crediting the rest of the line takes exactly the VAT left,
 * so rounding never leaves a penny behind; a part takes its own VAT, rounded as the invoice
 * rounded, but never more than is left, so credits never take back more VAT than was charged.
 */
export function lineCredit(line: CreditableLine, netPence: number): LineCredit {
  if (!Number.isSafeInteger(netPence) || netPence <= 0)
    throw new RangeError(`A credit is a whole positive number of pence, got ${netPence}`);
  const left = netLeftPence(line);
  if (netPence > left) throw new RangeError(`Only ${left} pence of this line is left to credit`);
  const vatLeft = vatLeftPence(line);
  if (netPence === left) return { netPence, vatPence: vatLeft, full: true };
  return { netPence, vatPence: Math.min(lineVatPence(netPence, line.vatCode), vatLeft), full: false };
}
