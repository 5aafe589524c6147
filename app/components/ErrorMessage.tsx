import type { ReactNode } from 'react';

export interface ErrorMessageProps {
  id: string;
  children: ReactNode;
}

/** `govuk-error-message` with the visually hidden "Error:" prefix. */
export function ErrorMessage({ id, children }: ErrorMessageProps) {
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {children}
    </p>
  );
}

/** Joins the ids of hint and error elements for `aria-describedby`. */
export function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const joined = ids.filter((id): id is string => Boolean(id)).join(' ');
  return joined === '' ? undefined : joined;
}

/** `govuk-form-group`, with the error modifier when there is an error. */
export function formGroupClass(error: string | undefined): string {
  return error ? 'govuk-form-group govuk-form-group--error' : 'govuk-form-group';
}
