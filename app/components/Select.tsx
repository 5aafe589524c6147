import { ErrorMessage, describedBy, formGroupClass } from './ErrorMessage';

export interface SelectItem {
  value: string;
  label: string;
}

export interface SelectProps {
  name: string;
  label: string;
  items: SelectItem[];
  defaultValue?: string;
  hint?: string;
  error?: string;
  isPageHeading?: boolean;
}

/** `govuk-select` with label, hint and error message. The select id is `name`. */
export function Select({ name, label, items, defaultValue, hint, error, isPageHeading = false }: SelectProps) {
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const labelEl = isPageHeading ? (
    <h1 className="govuk-label-wrapper">
      <label className="govuk-label govuk-label--l" htmlFor={name}>
        {label}
      </label>
    </h1>
  ) : (
    <label className="govuk-label" htmlFor={name}>
      {label}
    </label>
  );

  return (
    <div className={formGroupClass(error)}>
      {labelEl}
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      <select
        className={error ? 'govuk-select govuk-select--error' : 'govuk-select'}
        id={name}
        name={name}
        defaultValue={defaultValue}
        aria-describedby={describedBy(hint && hintId, error && errorId)}
      >
        {items.map((item) => (
          <option key={item.value} value={item.value}>
            {item.label}
          </option>
        ))}
      </select>
    </div>
  );
}
