import { z } from 'zod';

/** Withdrawing a brokerage: why (the provider sees it), and the charge the confirm step showed. */
export const withdrawForm = z.object({
  intent: z.literal('withdraw'),
  reason: z
    .string({ error: 'Enter a reason for withdrawing the brokerage' })
    .trim()
    .min(1, 'Enter a reason for withdrawing the brokerage')
    .max(1000, 'The reason must be 1,000 characters or fewer'),
  charge: z
    .string({ error: 'The form could not be read: go back to the brokerage and try again' })
    .regex(/^\d{1,12}$/, 'The form could not be read: go back to the brokerage and try again')
    .transform(Number),
});

export type WithdrawInput = z.infer<typeof withdrawForm>;
