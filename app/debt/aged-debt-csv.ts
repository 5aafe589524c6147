import { csvDocument, type CsvValue } from '../forms/csv-file';
import { penceToPoundsText } from '../money';
import { AGE_BUCKETS } from './age-buckets';
import type { AgedDebtReport } from './aged-debt-report.server';

/** The aged debt report as a spreadsheet: one row per customer, then the totals. Amounts in pounds. */
export function agedDebtCsv(report: AgedDebtReport): string {
  return csvDocument(
    [
      'As at',
      'Customer',
      'Account code',
      ...AGE_BUCKETS.map((b) => `${b.label} (£)`),
      'Total owed (£)',
      'Documents owed on',
    ],
    [
      ...report.customers.map((c): CsvValue[] => [
        report.asOf,
        c.customerName,
        c.accountCode,
        ...AGE_BUCKETS.map((b) => penceToPoundsText(c[b.key])),
        penceToPoundsText(c.totalPence),
        c.documents,
      ]),
      [
        report.asOf,
        'Total',
        '',
        ...AGE_BUCKETS.map((b) => penceToPoundsText(report.totals[b.key])),
        penceToPoundsText(report.totals.totalPence),
        report.totals.documents,
      ],
    ],
  );
}

export function agedDebtFileName(tenantSlug: string, asOf: string): string {
  return `${tenantSlug}-aged-debt-${asOf}.csv`;
}
