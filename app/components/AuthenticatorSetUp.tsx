import type { FieldError } from './ErrorSummary';
import { Button } from './Button';
import { CsrfInput } from './CsrfInput';
import { TextInput } from './TextInput';
import { fieldError } from '../forms/parse-form';

export interface AuthenticatorSetUpProps {
  /** The key as a QR code: an inline SVG carrying its own text alternative. */
  qrSvg: string;
  /** The same key to type in, in groups. */
  typedSecret: string;
  csrf: string;
  errors: FieldError[];
  returnTo?: string | null;
}

/**
 * Setting up an authenticator app: scan the QR code or type the key written beside it, then
 * confirm with the first code. Works without JavaScript.
 */
export function AuthenticatorSetUp({ qrSvg, typedSecret, csrf, errors, returnTo }: AuthenticatorSetUpProps) {
  return (
    <>
      <ol className="govuk-list govuk-list--number">
        <li>
          Install an authenticator app on your phone or computer if you do not have one, for example Microsoft
          Authenticator, Google Authenticator or 1Password.
        </li>
        <li>In the app, add an account and scan this QR code.</li>
      </ol>
      <div className="govuk-!-margin-bottom-4" dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <p className="govuk-body">If you cannot scan the QR code, enter this key in the app instead:</p>
      <p className="govuk-body govuk-!-font-size-24 govuk-!-font-weight-bold" id="typed-secret">
        <code>{typedSecret}</code>
      </p>
      <p className="govuk-body">Choose a time-based key if the app asks. The spaces do not matter.</p>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
        <TextInput
          name="code"
          label="Enter the 6-digit code the app shows"
          hint="The code changes every 30 seconds"
          width="5"
          inputMode="numeric"
          autoComplete="one-time-code"
          spellCheck={false}
          error={fieldError(errors, 'code')}
        />
        <Button>Confirm and turn on</Button>
      </form>
    </>
  );
}
