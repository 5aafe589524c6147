import type { LineStatus } from '../../db/schema';
import { overageCharge } from '../delivery/delivery-rules';

/** What the position is worked out from: one row of the position query (db/queries/positions.ts). */
export interface LinePositionFacts {
  id: string;
  status: LineStatus;
  originalQuantity: number;
  originalAllowanceHundredths: number | null;
  originalTotalPence: number;
  quantity: number;
  allowanceHundredths: number | null;
  totalPence: number;
  varied: boolean;
  overageUnitPricePence: number | null;
  cancellationChargePence: number;
  loggedHundredths: number;
  confirmedHundredths: number;
  disputedHundredths: number;
  correctedHundredths: number;
  voidedHundredths: number;
  records: number;
  billedPence: number;
}

/**
 * Where a line stands: what was agreed (with accepted variations), what has been delivered in each
 * state, what falls beyond the allowance and what that costs, what cancelling cost, what remains,
 * and what is owed and billed. Every page and, later, billing reads a line's numbers from here.
 */
export interface LinePosition {
  lineId: string;
  status: LineStatus;
  agreed: {
    quantity: number;
    allowanceHundredths: number | null;
    totalPence: number;
    overageUnitPricePence: number | null;
    original: { quantity: number; allowanceHundredths: number | null; totalPence: number };
    varied: boolean;
  };
  delivered: {
    /** Logged and waiting for the buyer: counts against the allowance, not yet billable. */
    loggedHundredths: number;
    /** Confirmed, by the buyer, by time or as a correction: billable. */
    confirmedHundredths: number;
    /** Disputed and held until resolved. */
    disputedHundredths: number;
    /** Records replaced by a correction (the correction's own units are confirmed). */
    correctedHundredths: number;
    /** Records that did not happen. */
    voidedHundredths: number;
    /** Everything that stands or may stand: logged, confirmed and disputed. */
    recordedHundredths: number;
    /** How many delivery records the line has, in any state. */
    records: number;
  };
  beyondAllowance: {
    /** Recorded units beyond the allowance. */
    recordedHundredths: number;
    /** Confirmed units beyond the allowance: these are charged. */
    confirmedHundredths: number;
    /** Beyond the allowance but not yet confirmed (logged or disputed). */
    heldHundredths: number;
  };
  overageChargePence: number;
  /** What is left of the allowance; null where the line has none. */
  remainingHundredths: number | null;
  cancellationChargePence: number;
  /** What the line comes to: nothing when declined or rejected, the charge alone when cancelled. */
  owedPence: number;
  billedPence: number;
  toBillPence: number;
}

export function linePosition(f: LinePositionFacts): LinePosition {
  const recorded = f.loggedHundredths + f.confirmedHundredths + f.disputedHundredths;
  const allowance = f.allowanceHundredths;
  const beyondRecorded = allowance === null ? 0 : Math.max(0, recorded - allowance);
  const beyondConfirmed = allowance === null ? 0 : Math.max(0, f.confirmedHundredths - allowance);
  const overageChargePence =
    beyondConfirmed > 0 && f.overageUnitPricePence !== null
      ? overageCharge(beyondConfirmed, f.overageUnitPricePence)
      : 0;
  const cancelled = f.status === 'cancelled';
  const owedPence =
    f.status === 'declined' || f.status === 'rejected'
      ? 0
      : cancelled
        ? f.cancellationChargePence + overageChargePence
        : f.totalPence + overageChargePence;
  return {
    lineId: f.id,
    status: f.status,
    agreed: {
      quantity: f.quantity,
      allowanceHundredths: allowance,
      totalPence: f.totalPence,
      overageUnitPricePence: f.overageUnitPricePence,
      original: {
        quantity: f.originalQuantity,
        allowanceHundredths: f.originalAllowanceHundredths,
        totalPence: f.originalTotalPence,
      },
      varied: f.varied,
    },
    delivered: {
      loggedHundredths: f.loggedHundredths,
      confirmedHundredths: f.confirmedHundredths,
      disputedHundredths: f.disputedHundredths,
      correctedHundredths: f.correctedHundredths,
      voidedHundredths: f.voidedHundredths,
      recordedHundredths: recorded,
      records: f.records,
    },
    beyondAllowance: {
      recordedHundredths: beyondRecorded,
      confirmedHundredths: beyondConfirmed,
      heldHundredths: beyondRecorded - beyondConfirmed,
    },
    overageChargePence,
    remainingHundredths: allowance === null ? null : Math.max(0, allowance - recorded),
    cancellationChargePence: f.cancellationChargePence,
    owedPence,
    billedPence: f.billedPence,
    toBillPence: owedPence - f.billedPence,
  };
}

/** An order's worth now: the sum of its lines' positions, never a stored total. */
export function orderPosition(lines: LinePosition[]) {
  const sum = (pick: (p: LinePosition) => number) => lines.reduce((total, p) => total + pick(p), 0);
  return {
    agreedPence: sum((p) =>
      p.status === 'declined' || p.status === 'rejected' || p.status === 'cancelled' ? 0 : p.agreed.totalPence,
    ),
    overageChargePence: sum((p) => p.overageChargePence),
    cancellationChargePence: sum((p) => p.cancellationChargePence),
    owedPence: sum((p) => p.owedPence),
    billedPence: sum((p) => p.billedPence),
    toBillPence: sum((p) => p.toBillPence),
  };
}
