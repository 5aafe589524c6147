import { ErrorMessage, describedBy, formGroupClass } from './ErrorMessage';

export interface CheckboxItem {
  name: string;
  label: string;
  hint?: string;
  checked?: boolean;
}

export interface CheckboxesProps {
  /** The id of the first checkbox, for error summary links. */
  id: string;
  legend: string;
  items: CheckboxItem[];
  hint?: string;
  error?: string;
}

/** `govuk-checkboxes` in a fieldset; each box posts its own field as "yes" when ticked. */
export function Checkboxes({ id, legend, items, hint, error }: CheckboxesProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={formGroupClass(error)}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(hint && hintId, error && errorId)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={hintId} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
        <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          {items.map((item, index) => {
            const itemId = index === 0 ? id : `${id}-${index + 1}`;
            return (
              <div className="govuk-checkboxes__item" key={item.name}>
                <input
                  className="govuk-checkboxes__input"
                  id={itemId}
                  name={item.name}
                  type="checkbox"
                  value="yes"
                  defaultChecked={item.checked}
                  aria-describedby={item.hint ? `${itemId}-item-hint` : undefined}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={itemId}>
                  {item.label}
                </label>
                {item.hint ? (
                  <div id={`${itemId}-item-hint`} className="govuk-hint govuk-checkboxes__hint">
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
