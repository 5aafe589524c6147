import { z } from 'zod';
import { lastDayOfMonth } from '../calendar/days';

// Billing runs name their months the same way (start-billing-run.server.ts); that module is server-only.
const MONTHS = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthLabel = (year: number, month: number) => MONTHS.format(new Date(Date.UTC(year, month - 1, 1)));

export const exportBatchForm = z.object({
  kind: z.enum(['sales', 'recharge_journal'], { error: 'Choose what to export' }),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'Select the month to export' }),
});

export interface LedgerPeriod {
  start: string;
  end: string;
  label: string;
}

export function monthPeriod(year: number, month: number): LedgerPeriod {
  return {
    start: `${year}-${String(month).padStart(2, '0')}-01`,
    end: lastDayOfMonth(year, month),
    label: monthLabel(year, month),
  };
}

/** "2026-10" as the month it names. */
export function periodOfMonth(value: string): LedgerPeriod {
  return monthPeriod(Number(value.slice(0, 4)), Number(value.slice(5, 7)));
}

/** Months offered: the last two years' up to this one, latest first; the one before this the default. */
export function monthChoices(today: string) {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return Array.from({ length: 25 }, (_, i) => {
    const at = new Date(Date.UTC(y, m - 1 - i, 1));
    const [year, month] = [at.getUTCFullYear(), at.getUTCMonth() + 1];
    return { value: `${year}-${String(month).padStart(2, '0')}`, label: monthLabel(year, month) };
  });
}
