import { csvDocument, type CsvValue } from '../forms/csv-file';
import { penceToPoundsText } from '../money';
import { KIND_WORDS } from '../payments/StatementTable';
import type { StatementDownload } from './statement-download.server';

/** A statement of account as a spreadsheet: each entry in date order with the balance after it. */
export function statementCsv(s: StatementDownload): string {
  return csvDocument(
    ['Customer', 'Date', 'Entry', 'Reference', 'Against', 'Due', 'Charged (£)', 'Paid or credited (£)', 'Balance (£)'],
    s.lines.map((line): CsvValue[] => [
      s.account.name,
      line.on,
      KIND_WORDS[line.kind],
      line.reference,
      line.creditsNumber,
      line.dueOn,
      line.debitPence ? penceToPoundsText(line.debitPence) : '',
      line.creditPence ? penceToPoundsText(line.creditPence) : '',
      penceToPoundsText(line.balancePence),
    ]),
  );
}
