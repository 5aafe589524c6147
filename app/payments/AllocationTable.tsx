import type { FieldError } from '../components/ErrorSummary';
import { ErrorMessage } from '../components/ErrorMessage';
import { Table } from '../components/Table';
import { formatDate } from '../calendar/contract-year';
import { fieldError } from '../forms/parse-form';
import { formatPence } from '../money';
import { allocationField } from './payment-form';

export interface AllocatableDocument {
  id: string;
  number: string;
  issuedOn: string;
  dueOn: string | null;
  totalPence: number;
  balancePence: number;
}

/** The customer's open documents, oldest first, each with an amount to allocate to it. */
export function AllocationTable({
  documents,
  values,
  errors,
}: {
  documents: readonly AllocatableDocument[];
  values: Record<string, string>;
  errors: FieldError[];
}) {
  return (
    <>
      <p className="govuk-body" id="allocate-hint">
        Enter an amount against each document it pays, or leave them all blank to pay the oldest first.
      </p>
      <Table
        caption="Documents with something owed, oldest first"
        captionClassName="govuk-table__caption--s"
        firstCellIsHeader
        head={['Document', 'Issued', 'Due', 'Total', 'Owed', 'Amount to allocate, in pounds']}
        rows={documents.map((d) => {
          const field = allocationField(d.id);
          const error = fieldError(errors, field);
          return [
            d.number,
            formatDate(d.issuedOn),
            d.dueOn ? formatDate(d.dueOn) : 'None',
            formatPence(d.totalPence),
            formatPence(d.balancePence),
            <div
              className={
                error ? 'govuk-form-group govuk-form-group--error govuk-!-margin-bottom-0' : 'govuk-!-margin-bottom-0'
              }
              key={field}
            >
              <label className="govuk-label govuk-visually-hidden" htmlFor={field}>
                Amount to allocate to {d.number}, in pounds
              </label>
              {error ? <ErrorMessage id={`${field}-error`}>{error}</ErrorMessage> : null}
              <input
                className={
                  error ? 'govuk-input govuk-input--width-10 govuk-input--error' : 'govuk-input govuk-input--width-10'
                }
                id={field}
                name={field}
                type="text"
                inputMode="decimal"
                aria-describedby={error ? `allocate-hint ${field}-error` : 'allocate-hint'}
                defaultValue={values[field] ?? ''}
              />
            </div>,
          ];
        })}
      />
    </>
  );
}
