import { z } from 'zod';
import type { FieldError } from '../components/ErrorSummary';
import { isRealDate } from '../calendar/contract-year';
import { isUuid } from '../forms/ids';
import { parsePounds } from '../money';
import { PAYMENT_METHODS } from '../vocabulary';
import type { PaymentMethod } from '../../db/schema';

const text = (empty: string) => z.string({ error: empty }).trim();

/**
 * Ways finance records money by hand; Stripe's payments arrive through its webhooks instead, and
 * netting only through settling with a partner council.
 */
export const RECORDED_METHODS = (Object.keys(PAYMENT_METHODS) as Array<keyof typeof PAYMENT_METHODS>).filter(
  (m): m is PaymentMethod => m !== 'stripe' && m !== 'netting',
);

/** An amount typed in pounds, as whole pence more than zero. */
export const poundsField = (words: string) =>
  text(`Enter ${words}`)
    .min(1, `Enter ${words}`)
    .refine((v) => parsePounds(v) !== null, `Enter ${words} in pounds and pence, like 565.00`)
    .refine((v) => (parsePounds(v) ?? 0) > 0, `${words[0]!.toUpperCase()}${words.slice(1)} must be more than £0.00`)
    .transform((v) => parsePounds(v)!);

const realDate = (words: string) =>
  text(`Enter ${words}`)
    .min(1, `Enter ${words}`)
    .refine(isRealDate, `${words[0]!.toUpperCase()}${words.slice(1)} must be a real date`);

const reference = text('Enter a reference').max(100, 'The reference must be 100 characters or fewer').default('');

/** "Keep the rest as credit on the account": ticked means the person chose it. */
const keepCredit = z
  .string()
  .optional()
  .transform((v) => v === 'yes');

export const paymentForm = z.object({
  accountId: z.string({ error: 'Select the customer who paid' }).refine(isUuid, 'Select the customer who paid'),
  receivedOn: realDate('the date the payment was received'),
  amount: poundsField('the amount received'),
  method: z.enum(RECORDED_METHODS as [PaymentMethod, ...PaymentMethod[]], {
    error: 'Select how the customer paid',
  }),
  reference,
  keepCredit,
});
export type PaymentFormData = z.output<typeof paymentForm>;

export const PAYMENT_DATES = { receivedOn: { words: 'the date the payment was received' } };

export const allocateForm = z.object({ keepCredit });

export const refundForm = z.object({
  refundedOn: realDate('the date the credit was refunded'),
  amount: poundsField('the amount refunded'),
  reference,
});
export type RefundFormData = z.output<typeof refundForm>;

export const REFUND_DATES = { refundedOn: { words: 'the date the credit was refunded' } };

/** The amount field for one document on an allocation form. */
export const allocationField = (documentId: string) => `allocate-${documentId}`;

/**
 * The amounts typed against documents (`allocate-<id>`), in pence; blank fields are left out.
 * Null when every field is blank: the payment then goes to the oldest documents first.
 */
export function readAllocationAmounts(
  values: Record<string, string>,
): { ok: true; amounts: Map<string, number> | null } | { ok: false; errors: FieldError[] } {
  const amounts = new Map<string, number>();
  const errors: FieldError[] = [];
  for (const [field, raw] of Object.entries(values)) {
    if (!field.startsWith('allocate-')) continue;
    const documentId = field.slice('allocate-'.length);
    const value = raw.trim();
    if (value === '') continue;
    const pence = parsePounds(value);
    if (!isUuid(documentId)) errors.push({ message: 'Allocate only to the documents listed' });
    else if (pence === null)
      errors.push({ field, message: 'Enter the amount to allocate in pounds and pence, like 565.00' });
    else if (pence < 0) errors.push({ field, message: 'The amount to allocate cannot be negative' });
    else if (pence > 0) amounts.set(documentId, pence);
  }
  if (errors.length > 0) return { ok: false, errors };
  const anyTyped = Object.entries(values).some(([f, v]) => f.startsWith('allocate-') && v.trim() !== '');
  return { ok: true, amounts: anyTyped ? amounts : null };
}

/** The choice that keeps what a payment does not allocate as credit on the customer's account. */
export const KEEP_CREDIT_WORDS = 'Keep the rest as credit on the account';
