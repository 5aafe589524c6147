import type { BankPreset } from '../../db/tables/bank-statements';

/**
 * Where a CSV statement keeps each fact: for each, the header names it may have (any one of them,
 * compared without case or extra spaces). Money is either one signed amount column or split into
 * credit (money in) and debit (money out) columns.
 */
export interface CsvLayout {
  /** The bank's name for the file, for messages ("a Lloyds statement"). */
  name: string;
  date: readonly string[];
  amount?: readonly string[];
  credit?: readonly string[];
  debit?: readonly string[];
  reference: readonly string[];
  payerName?: readonly string[];
  /** Every one of these present is joined into the line's description. */
  description?: readonly string[];
  sortCode?: readonly string[];
  accountNumber?: readonly string[];
  currency?: readonly string[];
}

export type CsvPreset = Exclude<BankPreset, 'camt053' | 'mapping'>;

/*
 * The presets, as each bank exports transactions (see docs/decisions/010-bank-statement-presets.md):
 * - Lloyds Commercial Banking Online: Post Date, Sort Code, Account Number, Name, Type, Amount
 *   (signed), Customer Reference (18 characters at most), Detail, Balance. Lloyds' personal/online
 *   layout (Transaction Date … Debit Amount, Credit Amount, Balance) is read by the same preset.
 * - Barclays.Net: Entry Date (dd/MM/yy), Sort Code, Account Number, Transaction Type, Description,
 *   Reference, Amount (signed), Balance; the older "Number,Date,Account,Amount,Subcategory,Memo"
 *   export is read too.
 * - NatWest Bankline: Sort Code, Account Number, … Date, Narrative #1 (the payer) … Narrative #5,
 *   Type, Debit, Credit (split amounts).
 */
export const CSV_LAYOUTS: Record<CsvPreset, CsvLayout> = {
  lloyds: {
    name: 'Lloyds Commercial Banking Online',
    date: ['Post Date', 'Posting Date', 'Transaction Date'],
    amount: ['Amount'],
    credit: ['Credit Amount'],
    debit: ['Debit Amount'],
    reference: ['Customer Reference', 'Reference'],
    payerName: ['Name'],
    description: ['Type', 'Transaction Type', 'Detail', 'Details', 'Transaction Description'],
    sortCode: ['Sort Code'],
    accountNumber: ['Account Number'],
  },
  barclays: {
    name: 'Barclays.Net',
    date: ['Entry Date', 'Date'],
    amount: ['Amount'],
    reference: ['Reference', 'Memo'],
    payerName: ['Description', 'Name'],
    description: ['Transaction Type', 'Subcategory', 'Narrative', 'Memo'],
    sortCode: ['Sort Code'],
    accountNumber: ['Account Number', 'Account'],
    currency: ['Currency'],
  },
  natwest: {
    name: 'NatWest Bankline',
    date: ['Date', 'Value Date'],
    credit: ['Credit', 'Credits'],
    debit: ['Debit', 'Debits'],
    reference: ['Narrative #2'],
    payerName: ['Narrative #1'],
    description: ['Type', 'Narrative #3', 'Narrative #4', 'Narrative #5'],
    sortCode: ['Sort Code'],
    accountNumber: ['Account Number'],
    currency: ['Currency'],
  },
};

/** The tenant's own columns, as finance set them on the column mapping page. */
export interface ColumnMapping {
  dateColumn: string;
  amountColumn: string | null;
  creditColumn: string | null;
  debitColumn: string | null;
  referenceColumn: string;
  nameColumn: string | null;
}

export function layoutOfMapping(m: ColumnMapping): CsvLayout {
  return {
    name: 'your column mapping',
    date: [m.dateColumn],
    ...(m.amountColumn ? { amount: [m.amountColumn] } : {}),
    ...(m.creditColumn ? { credit: [m.creditColumn] } : {}),
    ...(m.debitColumn ? { debit: [m.debitColumn] } : {}),
    reference: [m.referenceColumn],
    ...(m.nameColumn ? { payerName: [m.nameColumn] } : {}),
  };
}
