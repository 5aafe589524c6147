import { withReturnTo } from '../forms/with-return-to';
import { ButtonLink } from './Button';
import { ErrorSummary, type FieldError } from './ErrorSummary';

/** A sign-in whose second step has ended (too many codes, too long, or never begun here): start again. */
export function SignInAgain({ errors, returnTo }: { errors: FieldError[]; returnTo: string | null }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Sign in again</h1>
        <p className="govuk-body">For your security, this sign-in has ended.</p>
        <ButtonLink href={withReturnTo('/sign-in', returnTo)}>Sign in again</ButtonLink>
      </div>
    </div>
  );
}
