import { Table } from '../components/Table';
import { cellText, type BudgetTable } from './budget-tables';

/** One of the budget page's tables, as its download holds it, with the link to download it. */
export function BudgetTableView({ table, csvHref }: { table: BudgetTable; csvHref: string }) {
  return (
    <>
      <div className="app-table-scroll" role="region" aria-label={table.caption} tabIndex={0}>
        <Table
          caption={table.caption}
          captionClassName="govuk-table__caption--s"
          firstCellIsHeader
          head={table.columns.map((c) => c.heading)}
          rows={table.rows.map((row) => row.map((cell, i) => cellText(table.columns[i]!, cell)))}
        />
      </div>
      <p className="govuk-body">
        <a className="govuk-link" href={csvHref} download>
          Download as CSV<span className="govuk-visually-hidden">: {table.caption}</span>
        </a>
      </p>
    </>
  );
}
