import { ErrorMessage, describedBy, formGroupClass } from './ErrorMessage';

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export interface DateInputProps {
  /** Posted as `<name>-day`, `<name>-month` and `<name>-year`. */
  name: string;
  /** The day field's id (error summary links go to it); month and year add `-month` and `-year`. Defaults to `name`. */
  id?: string;
  legend: string;
  hint?: string;
  error?: string;
  defaultValue?: Partial<DateParts>;
}

const PARTS = [
  { part: 'day', label: 'Day', width: '2' },
  { part: 'month', label: 'Month', width: '2' },
  { part: 'year', label: 'Year', width: '4' },
] as const;

/** The GOV.UK date input: day, month and year fields in a fieldset with a legend. */
export function DateInput({ name, id = name, legend, hint, error, defaultValue = {} }: DateInputProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={formGroupClass(error)}>
      <fieldset
        className="govuk-fieldset"
        role="group"
        aria-describedby={describedBy(hint && hintId, error && errorId)}
      >
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={hintId} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
        <div className="govuk-date-input">
          {PARTS.map(({ part, label, width }) => {
            const inputId = part === 'day' ? id : `${id}-${part}`;
            return (
              <div className="govuk-date-input__item" key={part}>
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-date-input__label" htmlFor={inputId}>
                    {label}
                  </label>
                  <input
                    className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? ' govuk-input--error' : ''}`}
                    id={inputId}
                    name={`${name}-${part}`}
                    type="text"
                    inputMode="numeric"
                    defaultValue={defaultValue[part]}
                  />
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** An ISO date as the three fields of a date input, without leading zeros. */
export function dateParts(iso: string): DateParts {
  const [year, month, day] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year ?? '' };
}

/** A date input's three fields as the person posted them (`<name>-day` …), to show the form again. */
export function partsFrom(values: Record<string, string | undefined>, name: string): DateParts {
  return {
    day: values[`${name}-day`] ?? '',
    month: values[`${name}-month`] ?? '',
    year: values[`${name}-year`] ?? '',
  };
}
