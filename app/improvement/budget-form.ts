import { z } from 'zod';
import { parsePounds } from '../money';
import { academicYearLabel } from '../performance/academic-year';

/** The most a budget or a day's cost may be: £1,000,000,000.00, as the database allows. */
export const MAX_BUDGET_PENCE = 100_000_000_000;

/** The academic years offered (by the year each ends in): five back and one ahead, newest first, and the one shown. */
export function budgetYearChoices(shown: number, current: number): number[] {
  const years = Array.from({ length: 7 }, (_, i) => current + 1 - i);
  return years.includes(shown) ? years : [...years, shown].sort((a, b) => b - a);
}

const EARLIEST = 2000;

/** "2026/27" or "2027" (the year it ends in) → 2027; blank means the current year. */
const yearField = (current: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? (/^\d{4}$/.test(v) ? Number(v) : Number.NaN) : current))
    .refine((v) => Number.isInteger(v), 'Choose an academic year, like 2026/27')
    .refine(
      (v) => v >= EARLIEST && v <= current + 5,
      `Choose an academic year from ${academicYearLabel(EARLIEST)} to ${academicYearLabel(current + 5)}`,
    );

export const budgetYearQuery = (current: number) => z.object({ year: yearField(current) });

export const BUDGET_TABLES = ['summary', 'by-category', 'by-month'] as const;
export type BudgetTableKey = (typeof BUDGET_TABLES)[number];

export const budgetCsvQuery = (current: number) =>
  z.object({
    table: z.enum(BUDGET_TABLES, { error: 'Choose a table to download' }),
    year: yearField(current),
  });

/** Pounds and pence, £0.00 up to £1,000,000,000.00. */
const pounds = (words: string, example: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${words}`)
    .refine((v) => parsePounds(v) !== null, `Enter ${words} in pounds and pence, like ${example}`)
    .refine((v) => (parsePounds(v) ?? 0) >= 0, `${words[0]!.toUpperCase()}${words.slice(1)} must be £0.00 or more`)
    .refine(
      (v) => (parsePounds(v) ?? 0) <= MAX_BUDGET_PENCE,
      `${words[0]!.toUpperCase()}${words.slice(1)} must be £1,000,000,000.00 or less`,
    )
    .transform((v) => parsePounds(v)!);

/**
 * Setting the year's budget: the budget, and how a core day is costed: by one of these services'
 * costs (`service:<id>`), a cost per day set here (`day`, with costPerDay), or not costed (`none`).
 */
export function budgetForm(current: number, serviceIds: readonly string[]) {
  const bases = ['day', 'none', ...serviceIds.map((id) => `service:${id}`)];
  return z
    .object({
      academicYear: yearField(current),
      budget: pounds('the budget for the year', '420000.00'),
      costBasis: z
        .string({ error: 'Choose how a core day is costed' })
        .refine((v) => bases.includes(v), 'Choose how a core day is costed'),
      costPerDay: z.string().trim().optional().default(''),
    })
    .superRefine((v, ctx) => {
      if (v.costBasis !== 'day') return;
      const parsed = pounds('the cost of a core day', '474.09').safeParse(v.costPerDay);
      if (!parsed.success)
        ctx.addIssue({ code: 'custom', path: ['costPerDay'], message: parsed.error.issues[0]!.message });
    })
    .transform((v) => ({
      academicYear: v.academicYear,
      budgetPence: v.budget,
      costServiceId: v.costBasis.startsWith('service:') ? v.costBasis.slice('service:'.length) : null,
      costPerDayPence: v.costBasis === 'day' ? parsePounds(v.costPerDay)! : null,
    }));
}

export type BudgetInput = z.output<ReturnType<typeof budgetForm>>;
