import { z } from 'zod';
import { isRealDate } from '../calendar/contract-year';

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
    .refine((v) => v === '' || isRealDate(v), 'Enter a real date as year-month-day, like 2026-01-01'),
});
