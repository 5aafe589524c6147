import type { BillingPlan, ChargeKind, DeliveryStatus, LineStatus, YearKind } from '../../db/schema';
import { formatDate, type IsoDate } from '../calendar/contract-year';
import { lastDayOfMonth } from '../calendar/days';
import { instalmentSchedule } from '../calendar/instalments';
import { academicYearOf, termsFor, TERMS, type AcademicYearTerms } from '../calendar/terms';
import { formatAmount, overageCharge } from '../delivery/delivery-rules';
import { roundHalfUp } from '../pricing/quote';

export interface DueDelivery {
  id: string;
  deliveredOn: IsoDate;
  unitsHundredths: number;
  status: DeliveryStatus;
}

/** A line as billing sees it on the run's end date: its agreed terms then and its delivery records. */
export interface DueLine {
  serviceName: string;
  unit: { singular: string; plural: string };
  billingPlan: BillingPlan;
  status: LineStatus;
  /** What was agreed as of the end date (the latest accepted variation by then). */
  totalPence: number;
  allowanceHundredths: number | null;
  overageUnitPricePence: number | null;
  cancellationChargePence: number;
  yearKind: YearKind;
  yearStart: IsoDate;
  /** The provider's own term dates; years not among them have the default terms. */
  terms: readonly AcademicYearTerms[];
  deliveries: readonly DueDelivery[];
  /**
   * Units of confirmed records already billed that `deliveries` leaves out: billing reads an
   * arrears line's billed records as this one sum, since only what they add up to counts.
   */
  billedRecordsHundredths?: number;
}

export interface DueCharge {
  chargeKind: Extract<ChargeKind, 'instalment' | 'delivery' | 'overage' | 'cancellation'>;
  /** Stable across runs: the key billed_charges holds so the charge is never billed twice. */
  chargeKey: string;
  deliveryId: string | null;
  description: string;
  periodStart: IsoDate | null;
  periodEnd: IsoDate | null;
  quantityHundredths: number;
  unitPricePence: number;
  netPence: number;
}

/**
 * The line's charges already billed, by key. The number is the quantity billed under an overage key
 * (hundredths of a unit beyond the allowance); other keys' numbers are not used.
 */
export type BilledCharges = ReadonlyMap<string, number>;

/** The key a delivery record's own charge is claimed under (billed_charges). */
export const deliveryChargeKey = (deliveryId: string) => `delivery:${deliveryId}`;

const IN_ADVANCE = new Set<BillingPlan>(['annual', 'termly', 'monthly', 'split_7_5']);

/**
 * Whether only the sum of a line's billed records matters (DueLine.billedRecordsHundredths): an
 * agreed line in arrears with an allowance, whose new records are charged from what was billed
 * before. Overage (in advance, or on a cancelled line) looks at each record, so reads them all.
 */
export function billedRecordsSummable(line: Pick<DueLine, 'billingPlan' | 'status' | 'allowanceHundredths'>) {
  return line.status !== 'cancelled' && !IN_ADVANCE.has(line.billingPlan) && line.allowanceHundredths !== null;
}

/** "1 September to 31 December 2026", or "1 December 2026 to 31 March 2027" across a year end. */
export function formatPeriod(start: IsoDate, end: IsoDate): string {
  if (start === end) return formatDate(start);
  const from = formatDate(start);
  return `${start.slice(0, 4) === end.slice(0, 4) ? from.replace(/ \d{4}$/, '') : from} to ${formatDate(end)}`;
}

/** The label of an instalment inside a sentence: "autumn term", "October", "annual". */
function labelInSentence(label: string): string {
  return /^(Autumn|Spring|Summer|Annual)\b/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/**
 * When an arrears record's billing period ends: the end of its month, of its term (a record in a
 * holiday waits for the next term to end), or its own date when billed as delivered.
 */
export function arrearsPeriodEnd(
  plan: BillingPlan,
  deliveredOn: IsoDate,
  terms: readonly AcademicYearTerms[],
): IsoDate {
  if (plan === 'as_delivered') return deliveredOn;
  if (plan === 'arrears_monthly')
    return lastDayOfMonth(Number(deliveredOn.slice(0, 4)), Number(deliveredOn.slice(5, 7)));
  const year = academicYearOf(deliveredOn);
  for (const academicYear of [year, year + 1]) {
    const t = termsFor(academicYear, terms);
    const term = TERMS.find((name) => t[name].end >= deliveredOn);
    if (term) return t[term].end;
  }
  // Unreachable with real terms (the next year's autumn term always ends later); bill at year end.
  return `${year + 1}-08-31`;
}

function sortByDate(records: DueDelivery[]): DueDelivery[] {
  return [...records].sort((a, b) =>
    a.deliveredOn === b.deliveredOn ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.deliveredOn < b.deliveredOn ? -1 : 1,
  );
}

function overageOf(line: DueLine, cumulativeHundredths: number): number {
  if (line.allowanceHundredths === null || line.overageUnitPricePence === null) return 0;
  const beyond = Math.max(0, cumulativeHundredths - line.allowanceHundredths);
  return beyond > 0 ? overageCharge(beyond, line.overageUnitPricePence) : 0;
}

/** In arrears, what `units` confirmed units come to: the agreed total pro rata, then overage. */
function arrearsChargeOf(line: DueLine, units: number): number {
  const allowance = line.allowanceHundredths!;
  const within =
    allowance === 0 ? 0 : roundHalfUp(BigInt(line.totalPence) * BigInt(Math.min(units, allowance)), allowance);
  return within + overageOf(line, units);
}

const instalmentKey = (periodStart: IsoDate) => `instalment:${periodStart}`;

function instalments(line: DueLine, upTo: IsoDate, alreadyBilled: BilledCharges): DueCharge[] {
  return (
    instalmentSchedule({
      totalPence: line.totalPence,
      plan: line.billingPlan as 'annual' | 'termly' | 'monthly' | 'split_7_5',
      yearKind: line.yearKind,
      yearStart: line.yearStart,
      terms: line.terms,
    })
      // Those billed already are left before their words are made (by a year's end, most of them).
      .filter((i) => i.dueOn <= upTo && i.amountPence !== 0 && !alreadyBilled.has(instalmentKey(i.periodStart)))
      .map((i) => ({
        chargeKind: 'instalment',
        chargeKey: instalmentKey(i.periodStart),
        deliveryId: null,
        description: `${line.serviceName}, ${labelInSentence(i.label)} instalment (${formatPeriod(i.periodStart, i.periodEnd)})`,
        periodStart: i.periodStart,
        periodEnd: i.periodEnd,
        quantityHundredths: 100,
        unitPricePence: i.amountPence,
        netPence: i.amountPence,
      }))
  );
}

/**
 * Confirmed use beyond the allowance. What is already billed as overage counts first; the units
 * beyond that fall on the latest records not yet billed, each charged what it adds, so the bills
 * add up to the charge for all units beyond the allowance whatever order work was confirmed in.
 */
function overages(line: DueLine, upTo: IsoDate, alreadyBilled: BilledCharges): DueCharge[] {
  const allowance = line.allowanceHundredths;
  const rate = line.overageUnitPricePence;
  if (allowance === null || rate === null || rate === 0) return [];
  const confirmed = line.deliveries.filter((d) => d.status === 'confirmed' && d.deliveredOn <= upTo);
  const billedBeyond = confirmed.reduce((sum, d) => sum + (alreadyBilled.get(`overage:${d.id}`) ?? 0), 0);
  const totalUnits = confirmed.reduce((sum, d) => sum + d.unitsHundredths, 0);
  let left = Math.max(0, totalUnits - allowance) - billedBeyond;
  const taken = new Map<string, number>();
  for (const d of sortByDate(confirmed.filter((r) => !alreadyBilled.has(`overage:${r.id}`))).reverse()) {
    if (left <= 0) break;
    const beyond = Math.min(left, d.unitsHundredths);
    taken.set(d.id, beyond);
    left -= beyond;
  }
  const charges: DueCharge[] = [];
  let cumulative = billedBeyond;
  for (const d of sortByDate(confirmed.filter((r) => taken.has(r.id)))) {
    const beyond = taken.get(d.id)!;
    const amount = overageCharge(cumulative + beyond, rate) - overageCharge(cumulative, rate);
    cumulative += beyond;
    // A share that rounds to nothing is still billed (at £0.00): its units then count as billed,
    // so a later run cannot charge them again.
    charges.push({
      chargeKind: 'overage',
      chargeKey: `overage:${d.id}`,
      deliveryId: d.id,
      description: `${line.serviceName}, ${formatAmount(beyond, line.unit)} beyond the ${formatAmount(allowance, line.unit)} bought, delivered on ${formatDate(d.deliveredOn)}`,
      periodStart: d.deliveredOn,
      periodEnd: d.deliveredOn,
      quantityHundredths: beyond,
      unitPricePence: rate,
      netPence: amount,
    });
  }
  return charges;
}

function arrears(line: DueLine, upTo: IsoDate, alreadyBilled: BilledCharges): DueCharge[] {
  const due = (d: DueDelivery) => arrearsPeriodEnd(line.billingPlan, d.deliveredOn, line.terms) <= upTo;
  if (line.allowanceHundredths === null) {
    // Nothing to draw down, so nothing to pro rata: the agreed total is billed once, when the first
    // confirmed record's period has ended.
    const first = line.deliveries.filter((d) => d.status === 'confirmed').some(due);
    if (!first || line.totalPence === 0) return [];
    return [
      {
        chargeKind: 'instalment',
        chargeKey: instalmentKey(line.yearStart),
        deliveryId: null,
        description: `${line.serviceName}, in arrears for the year from ${formatDate(line.yearStart)}`,
        periodStart: line.yearStart,
        periodEnd: null,
        quantityHundredths: 100,
        unitPricePence: line.totalPence,
        netPence: line.totalPence,
      },
    ];
  }
  // A line that can never charge for its work (nothing agreed, no rate beyond it) bills nothing.
  if (line.totalPence === 0 && !line.overageUnitPricePence) return [];
  // Records already billed come first, so what each new one adds is measured from everything billed
  // before it: the bills add up to the charge for all billed units, whatever order work was confirmed.
  const billed = (d: DueDelivery) => alreadyBilled.has(deliveryChargeKey(d.id));
  const confirmed = line.deliveries.filter((d) => d.status === 'confirmed');
  let cumulative = confirmed
    .filter(billed)
    .reduce((sum, d) => sum + d.unitsHundredths, line.billedRecordsHundredths ?? 0);
  const charges: DueCharge[] = [];
  for (const d of sortByDate(confirmed.filter((r) => !billed(r) && due(r)))) {
    const before = cumulative;
    cumulative += d.unitsHundredths;
    // As with overage, a share that rounds to nothing is billed at £0.00 so its units count as billed.
    const amount = arrearsChargeOf(line, cumulative) - arrearsChargeOf(line, before);
    charges.push({
      chargeKind: 'delivery',
      chargeKey: deliveryChargeKey(d.id),
      deliveryId: d.id,
      description: `${line.serviceName}, ${formatAmount(d.unitsHundredths, line.unit)} delivered on ${formatDate(d.deliveredOn)}`,
      periodStart: d.deliveredOn,
      periodEnd: d.deliveredOn,
      quantityHundredths: d.unitsHundredths,
      // The unit price shown is the amount per unit to the penny; the net is the exact share.
      unitPricePence: roundHalfUp(BigInt(amount) * 100n, d.unitsHundredths),
      netPence: amount,
    });
  }
  return charges;
}

/**
 * The charges due on a line up to a date that are not already billed, each under a key that stays
 * the same from run to run. In advance: each instalment due by then, and confirmed use beyond the
 * allowance. In arrears: each confirmed record whose month or term has ended (or at once, billed as
 * delivered). A cancelled line owes its cancellation charge and any confirmed use beyond the
 * allowance; a line not agreed owes nothing. Logged and disputed records wait.
 */
export function dueCharges(line: DueLine, upTo: IsoDate, alreadyBilled: BilledCharges = new Map()): DueCharge[] {
  if (line.status === 'pending' || line.status === 'declined' || line.status === 'rejected') return [];
  let charges: DueCharge[];
  if (line.status === 'cancelled') {
    charges = overages(line, upTo, alreadyBilled);
    if (line.cancellationChargePence > 0)
      charges.unshift({
        chargeKind: 'cancellation',
        chargeKey: 'cancellation',
        deliveryId: null,
        description: `${line.serviceName}, cancellation charge`,
        periodStart: null,
        periodEnd: null,
        quantityHundredths: 100,
        unitPricePence: line.cancellationChargePence,
        netPence: line.cancellationChargePence,
      });
  } else if (IN_ADVANCE.has(line.billingPlan)) {
    charges = [...instalments(line, upTo, alreadyBilled), ...overages(line, upTo, alreadyBilled)];
  } else {
    charges = arrears(line, upTo, alreadyBilled);
  }
  return charges.filter((c) => !alreadyBilled.has(c.chargeKey));
}
