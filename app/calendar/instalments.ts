import type { YearKind } from '../../db/schema';
import type { InstalmentPlan } from '../pricing/price-model';
import { contractYearStarting, type IsoDate } from './contract-year';
import { isoDate, lastDayOfMonth } from './days';
import { termNames, termsFor, type AcademicYearTerms, type Term } from './terms';

export interface ScheduledInstalment {
  label: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  /** When the instalment falls due: the start of its period. */
  dueOn: IsoDate;
  amountPence: number;
}

export interface InstalmentScheduleRequest {
  /** Whole pence, a safe integer. */
  totalPence: number;
  plan: InstalmentPlan;
  yearKind: YearKind;
  /** The first day of the contract year (1 September or 1 April). */
  yearStart: IsoDate;
  /** The provider's own term dates; any academic year not among them has the default terms. */
  terms?: readonly AcademicYearTerms[];
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface Period {
  label: string;
  start: IsoDate;
  end: IsoDate;
}

function monthlyPeriods(kind: YearKind, startYear: number): Period[] {
  const firstMonth = kind === 'academic' ? 9 : 4;
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((firstMonth - 1 + i) % 12) + 1;
    const year = month >= firstMonth ? startYear : startYear + 1;
    return { label: MONTHS[month - 1]!, start: isoDate(year, month, 1), end: lastDayOfMonth(year, month) };
  });
}

/**
 * The terms that fall in a contract year, in its own order. A financial year (April to March) runs
 * from the summer term of one academic year to the spring term of the next, so its labels carry the
 * calendar year; a term reaching past either end of the contract year is cut at that end.
 */
function termlyPeriods(
  kind: YearKind,
  startYear: number,
  year: { start: IsoDate; end: IsoDate },
  stored: readonly AcademicYearTerms[],
): Period[] {
  const picks: Array<[number, Term]> =
    kind === 'academic'
      ? [
          [startYear, 'autumn'],
          [startYear, 'spring'],
          [startYear, 'summer'],
        ]
      : [
          [startYear - 1, 'summer'],
          [startYear, 'autumn'],
          [startYear, 'spring'],
        ];
  return picks.map(([academicYear, term]) => {
    const dates = termsFor(academicYear, stored)[term];
    const start = dates.start < year.start ? year.start : dates.start;
    const end = dates.end > year.end ? year.end : dates.end;
    const label = kind === 'academic' ? termNames[term] : `${termNames[term]} ${start.slice(0, 4)}`;
    return { label, start, end };
  });
}

/** 7/12 of a total, to the nearest penny with halves away from zero. */
function sevenTwelfths(total: bigint): bigint {
  const negative = total < 0n;
  const a = negative ? -total : total;
  let q = (a * 7n) / 12n;
  if (((a * 7n) % 12n) * 2n >= 12n) q += 1n;
  return negative ? -q : q;
}

/**
 * A contract year's instalments in the year's own order, with their periods and due dates. The
 * amounts add up exactly to the total: equal parts with the odd pence on the first, or for the
 * 7/12 + 5/12 split, 7/12 rounded to the penny for September to March and the rest for April to
 * August, whichever of the two comes first in the year.
 */
export function instalmentSchedule(request: InstalmentScheduleRequest): ScheduledInstalment[] {
  const { totalPence, plan, yearKind } = request;
  if (!Number.isSafeInteger(totalPence)) throw new RangeError(`totalPence must be a safe integer, got ${totalPence}`);
  const startYear = Number(request.yearStart.slice(0, 4));
  const year = contractYearStarting(startYear, yearKind);
  if (year.start !== request.yearStart)
    throw new RangeError(`${request.yearStart} is not the first day of a ${yearKind} year`);
  const total = BigInt(totalPence);

  const schedule = (periods: Period[], amounts: bigint[]) =>
    periods.map((p, i) => ({
      label: p.label,
      periodStart: p.start,
      periodEnd: p.end,
      dueOn: p.start,
      amountPence: Number(amounts[i]!),
    }));

  if (plan === 'split_7_5') {
    const seven = sevenTwelfths(total);
    const autumnToMarch: Period = {
      label: 'September to March (7/12)',
      start: isoDate(startYear, 9, 1),
      end: lastDayOfMonth(startYear + 1, 3),
    };
    const aprilYear = yearKind === 'academic' ? startYear + 1 : startYear;
    const aprilToAugust: Period = {
      label: 'April to August (5/12)',
      start: isoDate(aprilYear, 4, 1),
      end: lastDayOfMonth(aprilYear, 8),
    };
    return yearKind === 'academic'
      ? schedule([autumnToMarch, aprilToAugust], [seven, total - seven])
      : schedule([aprilToAugust, autumnToMarch], [total - seven, seven]);
  }

  const periods =
    plan === 'annual'
      ? [{ label: 'Annual', start: year.start, end: year.end }]
      : plan === 'termly'
        ? termlyPeriods(yearKind, startYear, year, request.terms ?? [])
        : monthlyPeriods(yearKind, startYear);
  const parts = BigInt(periods.length);
  const each = total / parts;
  const remainder = total - each * parts;
  return schedule(
    periods,
    periods.map((_, i) => (i === 0 ? each + remainder : each)),
  );
}
