import { useEffect, useRef } from 'react';

export interface FieldError {
  field?: string;
  message: string;
}

export interface ErrorSummaryProps {
  errors: FieldError[];
}

/** `govuk-error-summary`; renders nothing when there are no errors. Focused on mount. */
export function ErrorSummary({ errors }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const hasErrors = errors.length > 0;
  // Refocus only when the set of errors changes, not on every re-render.
  const signature = errors.map((error) => `${error.field ?? ''}:${error.message}`).join('\n');

  useEffect(() => {
    if (hasErrors) ref.current?.focus();
  }, [hasErrors, signature]);

  if (!hasErrors) return null;

  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1} ref={ref}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error, index) => (
              <li key={`${error.field ?? ''}-${index}`}>
                {error.field ? <a href={`#${error.field}`}>{error.message}</a> : error.message}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
