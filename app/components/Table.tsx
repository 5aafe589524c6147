import type { ReactNode } from 'react';

export interface TableProps {
  caption?: ReactNode;
  captionClassName?: string;
  head: string[];
  rows: ReactNode[][];
  firstCellIsHeader?: boolean;
}

/** `govuk-table` with `scope="col"` headers and optional `th scope="row"` first cells. */
export function Table({ caption, captionClassName, head, rows, firstCellIsHeader = false }: TableProps) {
  return (
    <table className="govuk-table">
      {caption ? (
        <caption className={captionClassName ? `govuk-table__caption ${captionClassName}` : 'govuk-table__caption'}>
          {caption}
        </caption>
      ) : null}
      {head.length > 0 ? (
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {head.map((heading, index) => (
              <th scope="col" className="govuk-table__header" key={index}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody className="govuk-table__body">
        {rows.map((row, rowIndex) => (
          <tr className="govuk-table__row" key={rowIndex}>
            {row.map((cell, cellIndex) =>
              cellIndex === 0 && firstCellIsHeader ? (
                <th scope="row" className="govuk-table__header" key={cellIndex}>
                  {cell}
                </th>
              ) : (
                <td className="govuk-table__cell" key={cellIndex}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
