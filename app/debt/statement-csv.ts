import { csvDocument, type CsvValue } from '../forms/csv-file';
import { penceToPoundsText } from '../money';
import type { StatementLine } from '../payments/statement.server';
import { KIND_WORDS } from '../payments/StatementTable';

export interface StatementForCsv {
  providerName: string;
  customerName: string;
  lines: readonly StatementLine[];
}

/**
 * Statements of account as one spreadsheet: each entry in date order with the balance after it,
 * statement by statement (a provider's one customer, or a buyer's with every provider).
 */
export function statementCsv(statements: readonly StatementForCsv[]): string {
  return csvDocument(
    [
      'Provider',
      'Customer',
      'Date',
      'Entry',
      'Reference',
      'Against',
      'Due',
      'Charged (£)',
      'Paid or credited (£)',
      'Balance (£)',
    ],
    statements.flatMap((s) =>
      s.lines.map((line): CsvValue[] => [
        s.providerName,
        s.customerName,
        line.on,
        KIND_WORDS[line.kind],
        line.reference,
        line.creditsNumber,
        line.dueOn,
        line.debitPence ? penceToPoundsText(line.debitPence) : '',
        line.creditPence ? penceToPoundsText(line.creditPence) : '',
        penceToPoundsText(line.balancePence),
      ]),
    ),
  );
}
