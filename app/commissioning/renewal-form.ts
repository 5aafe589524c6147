import { z } from 'zod';
import { isRealDate } from '../calendar/contract-year';

export const openWindowForm = z.object({
  yearKind: z.enum(['academic', 'financial'], { error: 'Select the kind of contract year' }),
  startYear: z
    .string()
    .trim()
    .regex(/^20\d{2}$/, 'Enter the year the contract year starts, like 2027')
    .transform(Number),
  closesOn: z
    .string()
    .trim()
    .min(1, 'Enter the deadline for renewals')
    .refine(isRealDate, 'The deadline for renewals must be a real date'),
  note: z.string().trim().max(2000).default(''),
});

export const renewalForm = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('renew'),
    lineId: z.uuid(),
    windowId: z.uuid(),
    slug: z.string().min(1),
    quantity: z
      .string()
      .trim()
      .regex(/^\d+$/, 'Enter the quantity as a whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 100_000, 'Enter a quantity of 1 or more'),
    packageCode: z.string().trim().max(40).default(''),
    poNumber: z.string().trim().max(50, 'The purchase order number must be 50 characters or fewer').default(''),
    contactName: z.string().trim().min(1, 'Enter a contact name'),
    contactEmail: z
      .string()
      .trim()
      .min(1, 'Enter a contact email address')
      .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
    idempotencyKey: z.uuid(),
    // Renewing is asked twice: first the answers are checked (nothing changes), then confirmed.
    step: z.enum(['check', 'confirm']).default('check'),
  }),
  z.object({ decision: z.literal('drop'), lineId: z.uuid(), windowId: z.uuid(), slug: z.string().min(1) }),
]);
