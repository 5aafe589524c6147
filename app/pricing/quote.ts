import type { YearKind } from '../../db/schema';
import type { IsoDate } from '../calendar/contract-year';
import { instalmentSchedule, type ScheduledInstalment } from '../calendar/instalments';
import { formatPence, groupDigits } from '../money';
import type { Band, InstalmentPlan, PriceModel } from './price-model';

/**
 * The quote engine: one pure function from a price model, what we know about the buyer and what
 * they asked for, to a total in integer pence with lines, plain-English working and instalments.
 * Quotes use it now; orders and invoices will use the same function so the numbers never drift.
 *
 * No I/O, no clock, no randomness. Money is integer pence and is only ever multiplied and added as
 * BigInt, so there is no floating-point arithmetic on money anywhere in this module.
 */

export interface BuyerFacts {
  /** Pupils on roll (from GIAS or the school's own figure); null when we do not know. */
  pupils: number | null;
  /** Phase of education, e.g. "Primary", "Secondary"; matched against `byPhase` keys. */
  phase: string | null;
}

export interface UnitName {
  singular: string;
  plural: string;
}

export interface QuoteRequest {
  /**
   * Units wanted, a whole number of 1 or more. For subscription it is the number of years or
   * subscriptions (normally 1); for flat_plus_per_pupil it is normally 1 (one school for one year).
   */
  quantity: number;
  /** Which package, for the package model. */
  packageCode?: string;
  /** What the service counts ("day"/"days", "session"/"sessions"), for the working text. */
  unitName?: UnitName;
  /** The contract year bought (the line's or basket item's): instalments follow its type and order. */
  year?: ContractYearRef;
}

export interface ContractYearRef {
  kind: YearKind;
  /** Its first day: 1 September for an academic year, 1 April for a financial year. */
  start: IsoDate;
}

export interface WorkingLine {
  description: string;
  quantity: number;
  unitPricePence: number;
  amountPence: number;
}

export interface Instalment {
  label: string;
  amountPence: number;
}

export type QuoteErrorCode = 'quantity_invalid' | 'pupils_unknown' | 'package_unknown' | 'beyond_allowance';

export type QuoteResult =
  | { ok: true; totalPence: number; lines: WorkingLine[]; working: string[]; instalments: Instalment[] }
  | { ok: false; code: QuoteErrorCode; message: string };

// ---------------------------------------------------------------------------------------------
// Integer helpers

/** Turns a safe integer or bigint into a bigint, throwing for anything that is not exact. */
function toBigInt(value: bigint | number, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${String(value)}`);
  return BigInt(value);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

function isSafe(value: bigint): boolean {
  return value <= MAX_SAFE && value >= MIN_SAFE;
}

function toSafeNumber(value: bigint, what: string): number {
  if (!isSafe(value)) throw new RangeError(`${what} is too large to hold exactly: ${value}`);
  return Number(value);
}

/**
 * numerator ÷ denominator rounded to the nearest integer, exactly (BigInt inside). Halves round
 * away from zero (like Java's HALF_UP), so roundHalfUp(-n, d) === -roundHalfUp(n, d) and a credit
 * note mirrors its invoice. Throws for a zero denominator, non-integer input or an unsafe result.
 */
export function roundHalfUp(numerator: bigint | number, denominator: bigint | number): number {
  const n = toBigInt(numerator, 'numerator');
  const d = toBigInt(denominator, 'denominator');
  if (d === 0n) throw new RangeError('denominator must not be zero');
  const negative = n < 0n !== d < 0n;
  const a = n < 0n ? -n : n;
  const b = d < 0n ? -d : d;
  let q = a / b;
  if ((a % b) * 2n >= b) q += 1n;
  return toSafeNumber(negative ? -q : q, 'roundHalfUp result');
}

/** 94494 → "£944.94", 570000 → "£5,700.00", -100 → "-£1.00". Throws for non-integer pence. */
function formatCount(n: number): string {
  return Number.isSafeInteger(n) ? groupDigits(String(n)) : String(n);
}

// ---------------------------------------------------------------------------------------------
// Quote building

class TooLarge extends Error {}

/** Accumulates lines in BigInt and converts once, so an overflow becomes a refusal, not a wrong price. */
interface Draft {
  lines: { description: string; quantity: number; unitPricePence: bigint; amountPence: bigint }[];
  working: string[];
}

function addLine(draft: Draft, description: string, quantity: number, unitPricePence: bigint, amountPence?: bigint) {
  draft.lines.push({
    description,
    quantity,
    unitPricePence,
    amountPence: amountPence ?? unitPricePence * BigInt(quantity),
  });
}

function sumLines(draft: Draft): bigint {
  return draft.lines.reduce((s, l) => s + l.amountPence, 0n);
}

function fmt(pence: bigint): string {
  if (!isSafe(pence)) throw new TooLarge();
  return formatPence(Number(pence));
}

function assertPence(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new Error(
      `Price model ${what} must be whole, non-negative pence (parse the model with priceModelSchema first); got ${String(value)}`,
    );
}

function fail(code: QuoteErrorCode, message: string): QuoteResult {
  return { ok: false, code, message };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function describeBand(b: Band): string {
  if (b.to === null) return `${formatCount(b.from)} or more`;
  if (b.to === b.from) return `${formatCount(b.from)} only`;
  return `${formatCount(b.from)} to ${formatCount(b.to)}`;
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Looks up phase prices: exact key first, then ignoring case and surrounding spaces. */
function phasePrices(
  byPhase: Record<string, { flatPence: number; perPupilPence: number }>,
  phase: string | null,
): { key: string; prices: { flatPence: number; perPupilPence: number } } | null {
  if (phase === null) return null;
  if (Object.hasOwn(byPhase, phase)) return { key: phase, prices: byPhase[phase]! };
  const wanted = phase.trim().toLowerCase();
  for (const key of Object.keys(byPhase)) {
    if (key.trim().toLowerCase() === wanted) return { key, prices: byPhase[key]! };
  }
  return null;
}

/**
 * Splits a total into the contract year's instalments, in the year's own order, always adding up
 * to it exactly. The labels come from the calendar; periods and due dates are the calendar's too,
 * worked out with the provider's term dates when invoicing.
 */
function splitInstalments(total: bigint, plan: InstalmentPlan, year: ContractYearRef, working: string[]): Instalment[] {
  const schedule = instalmentSchedule({
    totalPence: toSafeNumber(total, 'total'),
    plan,
    yearKind: year.kind,
    yearStart: year.start,
  });
  const amounts = schedule.map((i) => BigInt(i.amountPence));
  if (plan === 'split_7_5') {
    const seven = schedule.find((i) => i.label.includes('(7/12)'))!;
    const five = schedule.find((i) => i.label.includes('(5/12)'))!;
    const [first, second] = schedule as [ScheduledInstalment, ScheduledInstalment];
    working.push(
      `Paid in two instalments: ${first.label} ${fmt(BigInt(first.amountPence))}, ${second.label} ${fmt(BigInt(second.amountPence))}. ` +
        (first === seven
          ? `The first is 7/12 of the total rounded to the nearest penny; the second is the rest, so they add up to ${fmt(total)}.`
          : `The ${seven.label.replace(' (7/12)', '')} instalment is 7/12 of the total rounded to the nearest penny; the ${five.label.replace(' (5/12)', '')} one is the rest, so they add up to ${fmt(total)}.`),
    );
  } else if (plan === 'annual') {
    working.push(`Paid in one annual instalment of ${fmt(total)}.`);
  } else {
    const count = schedule.length;
    const each = amounts[count - 1]!;
    const remainder = amounts[0]! - each;
    const kind = plan === 'termly' ? 'termly' : 'monthly';
    let text = `Paid in ${count} ${kind} instalments of ${fmt(each)}`;
    if (remainder > 0n)
      text += `, with the ${fmt(remainder)} left over from dividing ${fmt(total)} by ${count} added to the first (${schedule[0]!.label}: ${fmt(amounts[0]!)})`;
    working.push(`${text}, adding up to ${fmt(total)}.`);
  }
  return schedule.map((i) => ({ label: i.label, amountPence: i.amountPence }));
}

/**
 * Without a contract year (a price list rather than an order), instalments are named as in the
 * academic year, whose labels name no calendar year.
 */
const PRICE_LIST_YEAR: ContractYearRef = { kind: 'academic', start: '2000-09-01' };

/**
 * Prices a request. Refusals a buyer can act on come back as `{ ok: false }` with a message to
 * show them; a malformed price model (one that never went through priceModelSchema) throws.
 */
export function quote(price: PriceModel, buyer: BuyerFacts, request: QuoteRequest): QuoteResult {
  const unit = request.unitName ?? { singular: 'unit', plural: 'units' };
  const quantity = request.quantity;
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 1)
    return fail('quantity_invalid', `Enter a quantity of 1 or more, in whole ${unit.plural}`);

  assertPence(price.minimumChargePence, 'minimum charge');
  const units = (n: number) => `${formatCount(n)} ${n === 1 ? unit.singular : unit.plural}`;
  const q = BigInt(quantity);
  const draft: Draft = { lines: [], working: [] };
  const w = draft.working;
  let plan: InstalmentPlan | null = null;

  try {
    switch (price.model) {
      case 'per_unit': {
        assertPence(price.unitPricePence, 'unit price');
        const rate = BigInt(price.unitPricePence);
        addLine(draft, `${capitalise(unit.plural)} at ${fmt(rate)} each`, quantity, rate);
        w.push(`${units(quantity)} × ${fmt(rate)} = ${fmt(rate * q)}`);
        break;
      }

      case 'volume_bands': {
        const band = price.bands.find((b) => quantity >= b.from && (b.to === null || quantity <= b.to));
        if (!band)
          throw new Error(
            `Price model bands do not cover a quantity of ${quantity}; parse the model with priceModelSchema first`,
          );
        assertPence(band.unitPricePence, 'band price');
        const rate = BigInt(band.unitPricePence);
        addLine(
          draft,
          `${capitalise(unit.plural)} at the ${describeBand(band)} rate of ${fmt(rate)} each`,
          quantity,
          rate,
        );
        w.push(`The rate for the band you reach applies to every ${unit.singular}.`);
        w.push(
          `${units(quantity)} is in the band ${describeBand(band)}: ${formatCount(quantity)} × ${fmt(rate)} = ${fmt(rate * q)}`,
        );
        break;
      }

      case 'graduated': {
        w.push(`Each band is priced at its own rate and the bands are added together.`);
        let covered = 0;
        for (const band of price.bands) {
          if (covered >= quantity) break;
          if (band.from !== covered + 1)
            throw new Error(
              `Price model bands are not contiguous at ${band.from}; parse the model with priceModelSchema first`,
            );
          assertPence(band.unitPricePence, 'band price');
          const last = band.to === null ? quantity : Math.min(band.to, quantity);
          const share = last - band.from + 1;
          const rate = BigInt(band.unitPricePence);
          const range =
            band.from === last
              ? `${capitalise(unit.singular)} ${formatCount(last)}`
              : `${capitalise(unit.plural)} ${formatCount(band.from)} to ${formatCount(last)}`;
          const ofBand = last === band.to ? '' : ` (band ${describeBand(band)})`;
          addLine(draft, `${range}${ofBand} at ${fmt(rate)} each`, share, rate);
          w.push(`${range}${ofBand}: ${formatCount(share)} × ${fmt(rate)} = ${fmt(rate * BigInt(share))}`);
          covered = last;
        }
        if (covered < quantity)
          throw new Error(
            `Price model bands do not cover a quantity of ${quantity}; parse the model with priceModelSchema first`,
          );
        if (draft.lines.length > 1)
          w.push(`${draft.lines.map((l) => fmt(l.amountPence)).join(' + ')} = ${fmt(sumLines(draft))}`);
        break;
      }

      case 'flat_plus_per_pupil': {
        const pupils = buyer.pupils;
        if (pupils === null || !Number.isSafeInteger(pupils) || pupils < 0)
          return fail(
            'pupils_unknown',
            'We do not know how many pupils are on roll at your school; contact the provider for a price',
          );
        const phase = phasePrices(price.byPhase ?? {}, buyer.phase);
        const prices = phase ? phase.prices : { flatPence: price.flatPence, perPupilPence: price.perPupilPence };
        assertPence(prices.flatPence, 'flat price');
        assertPence(prices.perPupilPence, 'per-pupil price');
        const flat = BigInt(prices.flatPence);
        const perPupil = BigInt(prices.perPupilPence);
        const p = BigInt(pupils);
        const pupilWord = pupils === 1 ? 'pupil' : 'pupils';
        const oneYear = flat + perPupil * p;

        // A per-pupil part of nothing is not mentioned: the price is the flat fee.
        const perPupilPart = perPupil === 0n ? '' : ` plus ${fmt(perPupil)} per pupil`;
        w.push(
          phase ? `${phase.key} prices apply: ${fmt(flat)}${perPupilPart}` : `The price is ${fmt(flat)}${perPupilPart}`,
        );
        if (perPupil !== 0n)
          w.push(
            `${fmt(flat)} + ${formatCount(pupils)} ${pupilWord} × ${fmt(perPupil)} = ${fmt(flat)} + ${fmt(perPupil * p)} = ${fmt(oneYear)}`,
          );
        if (quantity > 1) w.push(`${units(quantity)} × ${fmt(oneYear)} = ${fmt(oneYear * q)}`);

        addLine(draft, quantity > 1 ? `Flat charge for ${units(quantity)}` : 'Flat charge', quantity, flat);
        const pupilUnits = p * q;
        if (!isSafe(pupilUnits)) throw new TooLarge();
        if (perPupil !== 0n)
          addLine(
            draft,
            `Per-pupil charge for ${formatCount(pupils)} ${pupilWord}${quantity > 1 ? ` × ${units(quantity)}` : ''}`,
            Number(pupilUnits),
            perPupil,
          );
        break;
      }

      case 'package': {
        const available = price.packages.map((p) => `${p.code} (${p.name}, ${units(p.units)})`);
        const code = request.packageCode?.trim();
        if (!code) return fail('package_unknown', `Choose a package: ${orList(available)}`);
        const pkg =
          price.packages.find((p) => p.code === code) ??
          price.packages.find((p) => p.code.toLowerCase() === code.toLowerCase());
        if (!pkg)
          return fail('package_unknown', `There is no package with the code “${code}”. Choose ${orList(available)}`);
        assertPence(pkg.pricePence, 'package price');
        const packagePrice = BigInt(pkg.pricePence);

        if (quantity > pkg.units && price.overageUnitPricePence === null) {
          const bigger = price.packages
            .filter((p) => p.units >= quantity)
            .sort((a, b) => a.units - b.units || (a.code < b.code ? -1 : 1));
          const advice =
            bigger.length > 0
              ? `Choose a package that covers ${units(quantity)} (${orList(bigger.map((p) => `${p.name}: ${units(p.units)}`))}) or ask for fewer`
              : `No package covers ${units(quantity)}: ask for ${formatCount(pkg.units)} or fewer, or contact the provider`;
          return fail(
            'beyond_allowance',
            `The ${pkg.name} package includes ${units(pkg.units)} and extra ${unit.plural} cannot be bought on top. ${advice}.`,
          );
        }

        addLine(draft, `${pkg.name} package (${units(pkg.units)})`, 1, packagePrice);
        w.push(`The ${pkg.name} package includes ${units(pkg.units)} for ${fmt(packagePrice)}`);
        if (quantity < pkg.units)
          w.push(
            `You asked for ${units(quantity)}; the package price is the same however many of its ${unit.plural} you use`,
          );
        if (quantity > pkg.units) {
          const extra = quantity - pkg.units;
          assertPence(price.overageUnitPricePence, 'overage price');
          const rate = BigInt(price.overageUnitPricePence!);
          addLine(
            draft,
            `${capitalise(units(extra))} beyond the ${pkg.name} allowance at ${fmt(rate)} each`,
            extra,
            rate,
          );
          w.push(
            `${units(extra)} beyond the allowance: ${formatCount(extra)} × ${fmt(rate)} = ${fmt(rate * BigInt(extra))}`,
          );
          w.push(`${fmt(packagePrice)} + ${fmt(rate * BigInt(extra))} = ${fmt(sumLines(draft))}`);
        }
        w.push(
          price.carryOver
            ? `Unused ${unit.plural} carry over to the next year`
            : `Unused ${unit.plural} do not carry over to the next year`,
        );
        break;
      }

      case 'subscription': {
        assertPence(price.annualPence, 'annual price');
        const annual = BigInt(price.annualPence);
        plan = price.instalments;
        if (quantity === 1) {
          addLine(draft, 'Annual subscription', 1, annual);
          w.push(`Annual subscription: ${fmt(annual)}`);
        } else {
          addLine(draft, `Annual subscription × ${units(quantity)}`, quantity, annual);
          w.push(`${units(quantity)} × ${fmt(annual)} a year = ${fmt(annual * q)}`);
        }
        break;
      }

      default: {
        const unknown: never = price;
        throw new Error(`Unknown price model: ${JSON.stringify((unknown as { model?: unknown }).model)}`);
      }
    }

    // Rounding, then the minimum charge.
    let total = sumLines(draft);
    const rounding = price.rounding;
    if (rounding !== 'penny') {
      let rounded: bigint;
      if (rounding === 'nearest_pound') rounded = BigInt(roundHalfUp(total, 100n)) * 100n;
      else if (rounding === 'up_to_pound') rounded = ((total + 99n) / 100n) * 100n;
      else throw new Error(`Unknown rounding rule: ${String(rounding)}`);
      if (rounded !== total) {
        const delta = rounded - total;
        addLine(draft, 'Rounding', 1, delta);
        w.push(
          rounding === 'nearest_pound'
            ? `Rounded to the nearest pound: ${fmt(total)} becomes ${fmt(rounded)}`
            : `Rounded up to the next whole pound: ${fmt(total)} becomes ${fmt(rounded)}`,
        );
        total = rounded;
      }
    }
    const minimum = BigInt(price.minimumChargePence);
    if (total < minimum) {
      const topUp = minimum - total;
      addLine(draft, 'Minimum charge adjustment', 1, topUp);
      w.push(`The minimum charge is ${fmt(minimum)}, so ${fmt(topUp)} is added`);
      total = minimum;
    }

    for (const l of draft.lines) if (!isSafe(l.amountPence) || !isSafe(l.unitPricePence)) throw new TooLarge();
    if (!isSafe(total)) throw new TooLarge();
    w.push(`Total: ${fmt(total)}`);
    const instalments = plan ? splitInstalments(total, plan, request.year ?? PRICE_LIST_YEAR, w) : [];

    return {
      ok: true,
      totalPence: Number(total),
      lines: draft.lines.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        unitPricePence: Number(l.unitPricePence),
        amountPence: Number(l.amountPence),
      })),
      working: w,
      instalments,
    };
  } catch (e) {
    if (e instanceof TooLarge)
      return fail('quantity_invalid', `That quantity is too large to price: enter a smaller number of ${unit.plural}`);
    throw e;
  }
}
