import { csvDocument } from '../forms/csv-file';
import { academicYearLabel } from '../performance/academic-year';
import { cellCsv, type BudgetTable } from './budget-tables';

/** A table of the budget page as a CSV file: the same rows as the page, amounts in pounds. */
export function budgetCsv(table: BudgetTable): string {
  return csvDocument(
    table.columns.map((c) => c.heading),
    table.rows.map((row) => row.map((cell, i) => cellCsv(table.columns[i]!, cell))),
  );
}

/** southampton-city-council-improvement-budget-by-month-2026-27.csv */
export function budgetCsvFilename(owner: string, table: string, academicYear: number): string {
  const slug = owner
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${slug}-improvement-budget-${table}-${academicYearLabel(academicYear).replace('/', '-')}.csv`;
}
