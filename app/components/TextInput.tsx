import type { HTMLAttributes, HTMLInputTypeAttribute } from 'react';
import { ErrorMessage, describedBy, formGroupClass } from './ErrorMessage';

export type InputWidth =
  | '2'
  | '3'
  | '4'
  | '5'
  | '10'
  | '20'
  | '30'
  | 'full'
  | 'three-quarters'
  | 'two-thirds'
  | 'one-half'
  | 'one-third'
  | 'one-quarter';

export interface TextInputProps {
  name: string;
  label: string;
  type?: HTMLInputTypeAttribute;
  defaultValue?: string;
  hint?: string;
  error?: string;
  autoComplete?: string;
  spellCheck?: boolean;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  width?: InputWidth;
  isPageHeading?: boolean;
}

function widthClass(width: InputWidth): string {
  return /^\d+$/.test(width) ? `govuk-input--width-${width}` : `govuk-!-width-${width}`;
}

/** `govuk-input` with label, hint and error message. The input id is `name`. */
export function TextInput({
  name,
  label,
  type = 'text',
  defaultValue,
  hint,
  error,
  autoComplete,
  spellCheck,
  inputMode,
  width,
  isPageHeading = false,
}: TextInputProps) {
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const classes = ['govuk-input', width ? widthClass(width) : '', error ? 'govuk-input--error' : '']
    .filter(Boolean)
    .join(' ');
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
      <input
        className={classes}
        id={name}
        name={name}
        type={type}
        defaultValue={defaultValue}
        spellCheck={spellCheck}
        aria-describedby={describedBy(hint && hintId, error && errorId)}
        autoComplete={autoComplete}
        inputMode={inputMode}
      />
    </div>
  );
}
