import { z } from 'zod';
import { contractYearOf, londonToday } from '../calendar/contract-year';
import { INCOME_TABLES } from './income-tables';

/** The financial year today is in, by the calendar year it starts in. */
export function currentFinancialYear(today = londonToday()): number {
  return Number(contractYearOf(today, 'financial').start.slice(0, 4));
}

/** The years offered in the chooser: five back and one ahead, newest first, and the year shown. */
export function yearChoices(shown: number, current = currentFinancialYear()): number[] {
  const years = Array.from({ length: 7 }, (_, i) => current + 1 - i);
  return years.includes(shown) ? years : [...years, shown].sort((a, b) => b - a);
}

const EARLIEST = 2000;

/** A financial year named by the year it starts in (2026 for 2026/27); blank means this year. */
const yearField = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || /^\d{4}$/.test(v), 'Enter the financial year as the year it starts in, like 2026')
  .refine(
    (v) => !v || (Number(v) >= EARLIEST && Number(v) <= currentFinancialYear() + 5),
    `Choose a financial year from ${EARLIEST} onwards, no more than 5 years ahead`,
  )
  .transform((v) => (v ? Number(v) : currentFinancialYear()));

export const yearQuery = z.object({ year: yearField });

export const csvQuery = z.object({
  table: z.enum(INCOME_TABLES, { error: 'Choose a table to download' }),
  year: yearField,
});
