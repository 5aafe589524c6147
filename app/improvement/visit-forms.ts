import { z } from 'zod';
import type { VisitType } from '../../db/tables/improvement-visits';
import type { DateField } from '../forms/parse-form';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const VISIT_TYPE_VALUES = [
  'supported_self_review',
  'progress_review_group',
  'brokered_support',
  'monitoring_visit',
  'statutory_warning_notice',
] as const satisfies readonly VisitType[];

/** How long a visit was: half a day or a day (a visit is at most a day), in hundredths. */
export const VISIT_LENGTHS = { half: 50, day: 100 } as const;

export const visitDates: Record<string, DateField> = { visitedOn: { words: 'the date of the visit' } };

/** The form to log a visit; the date arrives as `visitedOn-day/-month/-year`. */
export const visitForm = z.object({
  visitedOn: z.string({ error: 'Enter the date of the visit' }).regex(ISO, 'Enter the date of the visit'),
  visitType: z.enum(VISIT_TYPE_VALUES, { error: 'Select the type of visit' }),
  practitionerId: z.string({ error: 'Select who made the visit' }).regex(UUID, 'Select who made the visit'),
  days: z
    .enum(['half', 'day'], { error: 'Select how long the visit was: half a day or a day' })
    .transform((v) => VISIT_LENGTHS[v]),
  note: z.string().trim().max(4000, 'The note must be 4,000 characters or fewer').optional().default(''),
  agreedActions: z
    .string()
    .trim()
    .max(4000, 'The agreed actions must be 4,000 characters or fewer')
    .optional()
    .default(''),
  orderLineId: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null))
    .refine((v) => v === null || UUID.test(v), 'Select one of the school’s school improvement purchases'),
});

export const voidForm = z.object({
  reason: z
    .string({ error: 'Enter why the visit is being voided' })
    .trim()
    .min(1, 'Enter why the visit is being voided')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});
