import { ErrorMessage, describedBy, formGroupClass } from './ErrorMessage';

export interface TextareaProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  rows?: number;
  spellCheck?: boolean;
}

export function Textarea({ name, label, hint, error, defaultValue, rows = 4, spellCheck }: TextareaProps) {
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  return (
    <div className={formGroupClass(error)}>
      <label className="govuk-label" htmlFor={name}>
        {label}
      </label>
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      <textarea
        className={error ? 'govuk-textarea govuk-textarea--error' : 'govuk-textarea'}
        id={name}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        spellCheck={spellCheck}
        aria-describedby={describedBy(hint && hintId, error && errorId)}
      />
    </div>
  );
}
