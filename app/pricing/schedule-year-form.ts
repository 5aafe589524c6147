import { z } from 'zod';
import type { DateField } from '../forms/parse-form';
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
    .refine((v) => v === '' || isRealDate(v), 'The date it takes effect from must be a real date'),
});

/** The form's date input: blank for the first version of a year. */
export const SCHEDULE_YEAR_DATES: Record<string, DateField> = {
  effectiveFrom: { words: 'the date it takes effect from', optional: true },
};
