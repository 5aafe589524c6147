import { z } from 'zod';
import { isRealDate } from '../calendar/contract-year';
import { dayRangeFields } from '../calendar/day-range';

/** The statement's question: which partner council, over which period (blank: this financial year). */
export const statementQuery = z.object({
  partner: z.string().trim().max(100).optional().default(''),
  confirm: z.string().optional().default(''),
  ...dayRangeFields,
});

const isoDay = (words: string) =>
  z
    .string({ error: `Enter ${words}` })
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v), `${words} must be a real date`);

/** What the confirm page posts: the statement the person saw and the amount it would net. */
export const settleForm = z
  .object({
    partner: z.string({ error: 'Choose a partner council' }).trim().min(1, 'Choose a partner council').max(100),
    from: isoDay('The first day'),
    to: isoDay('The last day'),
    amount: z
      .string({ error: 'The amount to net is missing: show the statement again' })
      .regex(/^[1-9][0-9]{0,14}$/, 'The amount to net is missing: show the statement again')
      .transform(Number),
  })
  .refine((v) => v.from <= v.to, { message: 'The last day must be the same as or after the first day', path: ['to'] });

export type SettleInput = z.output<typeof settleForm>;
