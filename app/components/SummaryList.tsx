import type { ReactNode } from 'react';

export interface SummaryListRow {
  key: ReactNode;
  value: ReactNode;
  actions?: ReactNode;
}

export interface SummaryListProps {
  rows: SummaryListRow[];
  noBorder?: boolean;
}

/** `govuk-summary-list`. `actions` is rendered inside `govuk-summary-list__actions`. */
export function SummaryList({ rows, noBorder = false }: SummaryListProps) {
  const anyActions = rows.some((row) => row.actions !== undefined && row.actions !== null);
  return (
    <dl className={noBorder ? 'govuk-summary-list govuk-summary-list--no-border' : 'govuk-summary-list'}>
      {rows.map((row, index) => {
        const hasActions = row.actions !== undefined && row.actions !== null;
        return (
          <div
            key={index}
            className={
              anyActions && !hasActions
                ? 'govuk-summary-list__row govuk-summary-list__row--no-actions'
                : 'govuk-summary-list__row'
            }
          >
            <dt className="govuk-summary-list__key">{row.key}</dt>
            <dd className="govuk-summary-list__value">{row.value}</dd>
            {hasActions ? <dd className="govuk-summary-list__actions">{row.actions}</dd> : null}
          </div>
        );
      })}
    </dl>
  );
}
