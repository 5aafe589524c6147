import { z } from 'zod';

/** Which contract year (and, for a later version, from when): shared by "start a draft" and "import". */
export const scheduleYearForm = z.object({
  yearKind: z.enum(['academic', 'financial'], { error: 'Select the kind of contract year' }),
  startYear: z
    .string()
    .trim()
    .regex(/^20\d{2}$/, 'Enter the year the contract year starts, like 2026'),
  effectiveFrom: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), 'Enter the date as year-month-day, like 2026-01-01'),
});
