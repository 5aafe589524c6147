import { csvDocument } from '../forms/csv-file';
import { cellCsv, type ReportTable } from './income-tables';

/** A table of the income page as a CSV file: the same rows as the page, amounts in pounds. */
export function incomeCsv(table: ReportTable): string {
  return csvDocument(
    table.columns.map((c) => c.heading),
    table.rows.map((row) => row.map((cell, i) => cellCsv(table.columns[i]!, cell))),
  );
}

/** alpha-education-services-income-recovery-2026-27.csv */
export function incomeCsvFilename(owner: string, table: string, yearLabel: string): string {
  const slug = owner
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${slug}-income-${table}-${yearLabel.replace('/', '-')}.csv`;
}
