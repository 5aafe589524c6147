import { z } from 'zod';
import type { FieldError } from '../components/ErrorSummary';
import { isUuid } from '../forms/ids';
import { parsePounds } from '../money';

export const creditNoteForm = z.object({
  scope: z.enum(['full', 'lines'], { error: 'Choose whether to credit the whole document or chosen lines' }),
  reason: z
    .string({ error: 'Enter the reason for the credit note' })
    .trim()
    .min(1, 'Enter the reason for the credit note')
    .max(500, 'The reason must be 500 characters or fewer'),
});
export type CreditNoteFormData = z.output<typeof creditNoteForm>;

/** The amount field for one line of the document being credited. */
export const creditLineField = (lineId: string) => `credit-${lineId}`;

/** The net amounts typed against lines (`credit-<lineId>`), in pence; blank and zero ones left out. */
export function readLineCredits(
  values: Record<string, string>,
): { ok: true; amounts: Map<string, number> } | { ok: false; errors: FieldError[] } {
  const amounts = new Map<string, number>();
  const errors: FieldError[] = [];
  for (const [field, raw] of Object.entries(values)) {
    if (!field.startsWith('credit-')) continue;
    const lineId = field.slice('credit-'.length);
    const value = raw.trim();
    if (value === '') continue;
    const pence = parsePounds(value);
    if (!isUuid(lineId)) errors.push({ message: 'Credit only the lines listed' });
    else if (pence === null)
      errors.push({ field, message: 'Enter the amount to credit in pounds and pence before VAT, like 565.00' });
    else if (pence < 0) errors.push({ field, message: 'The amount to credit cannot be negative' });
    else if (pence > 0) amounts.set(lineId, pence);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, amounts };
}
