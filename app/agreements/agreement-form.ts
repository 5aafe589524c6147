import { z } from 'zod';

const email = z
  .string()
  .trim()
  .min(1, 'Enter an email address')
  .pipe(z.email('Enter an email address in the correct format, like name@example.com'));

export const agreementForm = z.object({
  commissionerOrganisationId: z.uuid({ error: 'Select the council that commissions' }),
  title: z.string().trim().min(1, 'Enter a title for the agreement').max(200, 'Title must be 200 characters or fewer'),
  yearKind: z.enum(['academic', 'financial'], { error: 'Select the kind of contract year' }),
  firstYear: z
    .string()
    .trim()
    .regex(/^20\d{2}$/, 'Enter the year the first contract year starts, like 2026')
    .transform(Number),
  years: z.enum(['1', '2', '3', '4', '5'], { error: 'Select how many contract years it covers' }).transform(Number),
  providerContactName: z.string().trim().min(1, 'Enter the name of your contact'),
  providerContactEmail: email,
  commissionerContactName: z.string().trim().min(1, "Enter the name of the council's contact"),
  commissionerContactEmail: email,
  notes: z.string().trim().max(4000).default(''),
});

export const lineForm = z.object({
  serviceId: z.uuid({ error: 'Select a service' }),
  quantity: z
    .string()
    .trim()
    .regex(/^\d+$/, 'Enter the quantity as a whole number, like 40')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100_000, 'Enter a quantity from 1 to 100,000'),
  yearStart: z.string().regex(/^\d{4}-\d{2}-01$/, 'Select a contract year'),
  period: z.string().trim().max(200, 'The period must be 200 characters or fewer').default(''),
  poNumber: z.string().trim().max(50, 'The purchase order number must be 50 characters or fewer').default(''),
  idempotencyKey: z.uuid({ error: 'The form has expired: reload the page and try again' }),
});
