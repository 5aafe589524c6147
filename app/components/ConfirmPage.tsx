import type { ReactNode } from 'react';
import { BackLink } from './BackLink';
import { Button, type ButtonVariant } from './Button';
import { CsrfInput } from './CsrfInput';
import { ErrorSummary, type FieldError } from './ErrorSummary';

export interface ConfirmPageProps {
  caption?: string;
  /** "Are you sure you want to …?", the page's one heading. */
  question: string;
  /** What will happen, said before the person commits. */
  children?: ReactNode;
  /** Fields the action needs (hidden inputs, a reason to give), posted with the button. */
  fields?: ReactNode;
  csrf: string;
  /** Where the form posts; the page's own address by default. */
  action?: string;
  buttonLabel: string;
  buttonVariant?: ButtonVariant;
  /** Going back changes nothing. */
  cancelHref: string;
  cancelLabel?: string;
  errors?: FieldError[];
}

/**
 * The GOV.UK "confirm" step: a question page that a first button leads to, whose own button acts.
 * A plain form and a link, so it works without JavaScript.
 */
export function ConfirmPage({
  caption,
  question,
  children,
  fields,
  csrf,
  action,
  buttonLabel,
  buttonVariant = 'primary',
  cancelHref,
  cancelLabel = 'No, go back',
  errors = [],
}: ConfirmPageProps) {
  return (
    <>
      <BackLink href={cancelHref} />
      <ErrorSummary errors={errors} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {caption ? <span className="govuk-caption-l">{caption}</span> : null}
          <h1 className="govuk-heading-l">{question}</h1>
          {children}
          <form method="post" action={action} noValidate>
            <CsrfInput token={csrf} />
            {fields}
            <div className="govuk-button-group">
              <Button variant={buttonVariant} preventDoubleClick>
                {buttonLabel}
              </Button>
              <a className="govuk-link" href={cancelHref}>
                {cancelLabel}
              </a>
            </div>
          </form>
        </div>
      </div>
    </>
  );
}
