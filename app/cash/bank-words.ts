import type { BankLineStatus, BankPreset } from '../../db/tables/bank-statements';
import type { TagColour } from '../components/Tag';

/** How a bank line's state reads on every page, with its tag colour. */
export const BANK_LINE_STATES: Record<BankLineStatus, { label: string; colour: TagColour }> = {
  matched: { label: 'Matched', colour: 'green' },
  unmatched: { label: 'Waiting to be matched', colour: 'yellow' },
  not_ours: { label: 'Not ours', colour: 'grey' },
  debit: { label: 'Money out (ignored)', colour: 'grey' },
};

/** The presets a person chooses from, in the words of the upload form. */
export const BANK_PRESETS: Record<BankPreset, string> = {
  lloyds: 'Lloyds Commercial Banking Online CSV',
  barclays: 'Barclays.Net CSV',
  natwest: 'NatWest Bankline CSV',
  camt053: 'camt.053 XML (ISO 20022)',
  mapping: 'Column mapping you set',
};
