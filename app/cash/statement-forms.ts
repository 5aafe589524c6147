import { z } from 'zod';
import type { BankPreset } from '../../db/tables/bank-statements';
import { BANK_PRESETS } from '../vocabulary';
import type { ColumnMapping } from './csv-layouts';

export const importForm = z.object({
  preset: z.enum(Object.keys(BANK_PRESETS) as [BankPreset, ...BankPreset[]], {
    error: 'Select the bank or format the statement came from',
  }),
});

const column = (words: string) =>
  z
    .string({ error: `Enter the heading of the ${words} column` })
    .trim()
    .min(1, `Enter the heading of the ${words} column`)
    .max(100, `The heading of the ${words} column must be 100 characters or fewer`);
const optionalColumn = (words: string) =>
  z
    .string()
    .trim()
    .max(100, `The heading of the ${words} column must be 100 characters or fewer`)
    .optional()
    .transform((v) => v || null);

/** The tenant's own columns: a date, one signed amount or a credit and a debit column, a reference. */
export const mappingForm = z
  .object({
    dateColumn: column('date'),
    amountStyle: z.enum(['signed', 'split'], { error: 'Select how the statement shows amounts' }),
    amountColumn: optionalColumn('amount'),
    creditColumn: optionalColumn('credit'),
    debitColumn: optionalColumn('debit'),
    referenceColumn: column('reference'),
    nameColumn: optionalColumn('payer’s name'),
  })
  .superRefine((v, ctx) => {
    if (v.amountStyle === 'signed' && !v.amountColumn)
      ctx.addIssue({ code: 'custom', path: ['amountColumn'], message: 'Enter the heading of the amount column' });
    if (v.amountStyle === 'split' && !v.creditColumn)
      ctx.addIssue({
        code: 'custom',
        path: ['creditColumn'],
        message: 'Enter the heading of the credit (money in) column',
      });
    if (v.amountStyle === 'split' && !v.debitColumn)
      ctx.addIssue({
        code: 'custom',
        path: ['debitColumn'],
        message: 'Enter the heading of the debit (money out) column',
      });
  })
  .transform((v): ColumnMapping => ({
    dateColumn: v.dateColumn,
    amountColumn: v.amountStyle === 'signed' ? v.amountColumn : null,
    creditColumn: v.amountStyle === 'split' ? v.creditColumn : null,
    debitColumn: v.amountStyle === 'split' ? v.debitColumn : null,
    referenceColumn: v.referenceColumn,
    nameColumn: v.nameColumn,
  }));

export const notOursForm = z.object({
  reason: z
    .string()
    .trim()
    .max(300, 'The reason must be 300 characters or fewer')
    .optional()
    .transform((v) => v ?? ''),
});

/** "Keep the rest as credit on the account": ticked means the person chose it. */
export const matchLineForm = z.object({
  accountId: z.string({ error: 'Select the customer who paid' }).uuid('Select the customer who paid'),
  keepCredit: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});
