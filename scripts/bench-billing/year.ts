import { instalmentSchedule } from '../../app/calendar/instalments';
import { termsFor, TERMS } from '../../app/calendar/terms';
import type { InstalmentPlan } from '../../app/pricing/price-model';

/**
 * The contract year the bench bills: 2025/26 academic, history billed to the end of June 2026 and
 * the run for July 2026. Periods and terms come from the app's own calendar (no tenant sets its
 * own term dates, so every tenant has the default terms), so the SQL below bills what the app does.
 */
export const YEAR_START = '2025-09-01';
export const HISTORY_UP_TO = '2026-06-30';
export const RUN_PERIOD = { label: 'July 2026', year: 2026, month: 7, start: '2026-07-01', end: '2026-07-31' };

/** The 15th of each month from September 2025 to July 2026: inside a term every time. */
export const DELIVERY_DAYS = Array.from({ length: 11 }, (_, i) => {
  const month = ((8 + i) % 12) + 1;
  const year = month >= 9 ? 2025 : 2026;
  return `${year}-${String(month).padStart(2, '0')}-15`;
});

export interface PlanPeriod {
  plan: InstalmentPlan;
  idx: number;
  count: number;
  label: string;
  start: string;
  end: string;
}

export const IN_ADVANCE_PLANS: InstalmentPlan[] = ['annual', 'termly', 'monthly', 'split_7_5'];

export function planPeriods(): PlanPeriod[] {
  return IN_ADVANCE_PLANS.flatMap((plan) => {
    const schedule = instalmentSchedule({ totalPence: 0, plan, yearKind: 'academic', yearStart: YEAR_START });
    return schedule.map((i, n) => ({
      plan,
      idx: n + 1,
      count: schedule.length,
      label: i.label,
      start: i.periodStart,
      end: i.periodEnd,
    }));
  });
}

/** The terms of the academic years a record of the year can be billed in (2025/26 and 2026/27). */
export function termRanges(): { term: string; start: string; end: string }[] {
  return [2025, 2026].flatMap((year) => {
    const terms = termsFor(year, []);
    return TERMS.map((term) => ({ term: `${term} ${year}`, start: terms[term].start, end: terms[term].end }));
  });
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A VALUES list of literals (numbers, dates as ISO strings, text, JSON) for set-based SQL. */
export function valuesList(rows: readonly (readonly (string | number | boolean)[])[]): string {
  return rows
    .map(
      (row) =>
        `(${row.map((v) => (typeof v === 'string' ? (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `date ${quote(v)}` : quote(v)) : String(v))).join(', ')})`,
    )
    .join(',\n');
}
