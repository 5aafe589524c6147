import { ErrorMessage, describedBy, formGroupClass } from './ErrorMessage';

export interface RadioItem {
  value: string;
  label: string;
  hint?: string;
}

export interface RadiosProps {
  name: string;
  legend: string;
  items: RadioItem[];
  defaultValue?: string;
  hint?: string;
  error?: string;
  isPageHeading?: boolean;
  inline?: boolean;
}

/**
 * `govuk-radios` in a fieldset with a legend. The first radio's id is `name`
 * (later ones `name-2`, `name-3`, …) so error summary links to `#name` work.
 */
export function Radios({
  name,
  legend,
  items,
  defaultValue,
  hint,
  error,
  isPageHeading = false,
  inline = false,
}: RadiosProps) {
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;

  return (
    <div className={formGroupClass(error)}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(hint && hintId, error && errorId)}>
        <legend
          className={isPageHeading ? 'govuk-fieldset__legend govuk-fieldset__legend--l' : 'govuk-fieldset__legend'}
        >
          {isPageHeading ? <h1 className="govuk-fieldset__heading">{legend}</h1> : legend}
        </legend>
        {hint ? (
          <div id={hintId} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
        <div className={inline ? 'govuk-radios govuk-radios--inline' : 'govuk-radios'} data-module="govuk-radios">
          {items.map((item, index) => {
            const itemId = index === 0 ? name : `${name}-${index + 1}`;
            const itemHintId = `${itemId}-item-hint`;
            return (
              <div className="govuk-radios__item" key={item.value}>
                <input
                  className="govuk-radios__input"
                  id={itemId}
                  name={name}
                  type="radio"
                  value={item.value}
                  defaultChecked={defaultValue !== undefined && item.value === defaultValue}
                  aria-describedby={item.hint ? itemHintId : undefined}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={itemId}>
                  {item.label}
                </label>
                {item.hint ? (
                  <div id={itemHintId} className="govuk-hint govuk-radios__hint">
                    {item.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
