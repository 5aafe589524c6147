import { roundHalfUp } from '../pricing/quote';

/**
 * A school's core entitlement of school improvement, drawn down by visits. Everything is in
 * hundredths of a day (integers): a school's category gives it `funded_days × 100` for the year;
 * each visit draws what is left of that first and the rest is traded. Pure, no I/O.
 */

export interface VisitSplit {
  fundedHundredths: number;
  tradedHundredths: number;
}

/** Splits one visit of `daysHundredths` given the entitlement and what earlier visits already drew. */
export function splitVisit(entitledHundredths: number, drawnHundredths: number, daysHundredths: number): VisitSplit {
  const remaining = Math.max(0, entitledHundredths - Math.max(0, drawnHundredths));
  const fundedHundredths = Math.min(Math.max(0, daysHundredths), remaining);
  return { fundedHundredths, tradedHundredths: Math.max(0, daysHundredths) - fundedHundredths };
}

/** Splits visits in the order they are logged, each drawing what the ones before it left. */
export function drawDown(entitledHundredths: number, visits: readonly number[]): VisitSplit[] {
  let drawn = 0;
  return visits.map((days) => {
    const split = splitVisit(entitledHundredths, drawn, days);
    drawn += split.fundedHundredths;
    return split;
  });
}

export interface RecordedVisit {
  fundedHundredths: number;
  tradedHundredths: number;
  /** Recorded on the school's purchase (a delivery record on its line). */
  onLine: boolean;
  /** The published day rate when not commissioned; null when on a line or no price was published. */
  tradedDayRatePence: number | null;
  voided: boolean;
}

export interface EntitlementPosition {
  entitledHundredths: number;
  drawnHundredths: number;
  remainingHundredths: number;
  /** Days beyond the entitlement, all of them. */
  tradedHundredths: number;
  /** …of which recorded on the school's purchase (charged through its line). */
  tradedOnLineHundredths: number;
  /** …of which not commissioned: priced at the published day rate. */
  tradedNotCommissionedHundredths: number;
  /** What the days not commissioned come to at the published rates (a visit without a rate adds nothing). */
  notCommissionedChargePence: number;
  /** Days not commissioned that had no published rate. */
  unpricedHundredths: number;
}

/** The charge for part of a day at a day rate, to the penny (half up), like overage on a line. */
export function tradedCharge(hundredths: number, dayRatePence: number): number {
  return roundHalfUp(BigInt(hundredths) * BigInt(dayRatePence), 100n);
}

/** A school's position for a year from its category's funded days and its visits (voided ones left out). */
export function entitlementPosition(fundedDays: number | null, visits: readonly RecordedVisit[]): EntitlementPosition {
  const entitledHundredths = Math.max(0, fundedDays ?? 0) * 100;
  const position: EntitlementPosition = {
    entitledHundredths,
    drawnHundredths: 0,
    remainingHundredths: 0,
    tradedHundredths: 0,
    tradedOnLineHundredths: 0,
    tradedNotCommissionedHundredths: 0,
    notCommissionedChargePence: 0,
    unpricedHundredths: 0,
  };
  for (const v of visits) {
    if (v.voided) continue;
    position.drawnHundredths += v.fundedHundredths;
    position.tradedHundredths += v.tradedHundredths;
    if (v.tradedHundredths === 0) continue;
    if (v.onLine) position.tradedOnLineHundredths += v.tradedHundredths;
    else {
      position.tradedNotCommissionedHundredths += v.tradedHundredths;
      if (v.tradedDayRatePence === null) position.unpricedHundredths += v.tradedHundredths;
      else position.notCommissionedChargePence += tradedCharge(v.tradedHundredths, v.tradedDayRatePence);
    }
  }
  position.remainingHundredths = Math.max(0, entitledHundredths - position.drawnHundredths);
  return position;
}

/** "1 day", "½ day", "2.5 days": hundredths of a day for people to read. */
export function formatDays(hundredths: number): string {
  if (hundredths === 50) return '½ day';
  const whole = Math.floor(hundredths / 100);
  const rest = hundredths % 100;
  const text = rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
  return `${text} ${hundredths === 100 ? 'day' : 'days'}`;
}
