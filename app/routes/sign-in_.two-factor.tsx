import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readChallengeToken } from '../auth/challenge-cookie.server';
import { readForm } from '../auth/csrf.server';
import { secondStepRefusal } from '../auth/second-step-refusal.server';
import { findChallenge } from '../auth/sign-in-challenge.server';
import { signInRedirect } from '../auth/sign-in-response.server';
import { signInWithRecoveryCode } from '../auth/sign-in-with-recovery-code.server';
import { codeForm, recoveryCodeForm } from '../auth/two-factor-forms';
import { verifySignInCode } from '../auth/verify-sign-in-code.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { SignInAgain } from '../components/SignInAgain';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { safeReturnTo } from '../forms/safe-return';
import { withReturnTo } from '../forms/with-return-to';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Enter your code' };

/**
 * The second step of signing in: only with this browser's live challenge cookie. Without one, the
 * page says to sign in again (not a redirect, so that a sixth wrong code still shows why).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return {
    returnTo: safeReturnTo(url.searchParams.get('returnTo')),
    recovery: url.searchParams.get('method') === 'recovery',
    live: Boolean(await findChallenge(readChallengeToken(request), 'verify')),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const recovery = form.get('method') === 'recovery';
  const parsed = recovery ? parseForm(recoveryCodeForm, form) : parseForm(codeForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, ended: false }, { status: 400 });
  const token = readChallengeToken(request);
  try {
    const outcome =
      'recoveryCode' in parsed.data
        ? await signInWithRecoveryCode(token, parsed.data.recoveryCode)
        : await verifySignInCode(token, parsed.data.code);
    return signInRedirect(request, outcome, parsed.data.returnTo);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const { errors, ended, init } = await secondStepRefusal(request, error, 'verify');
    return data({ errors, ended }, init);
  }
}

export default function TwoFactorSignIn() {
  const { returnTo, recovery, live } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  if (result?.ended || !live) return <SignInAgain errors={errors} returnTo={returnTo} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
          {recovery ? (
            <>
              <input type="hidden" name="method" value="recovery" />
              <TextInput
                name="recoveryCode"
                label="Enter a recovery code"
                isPageHeading
                hint="One of the ten codes you were given when you set up two-factor sign-in, like abcde-fghij. Each code works once."
                width="10"
                autoComplete="off"
                spellCheck={false}
                error={fieldError(errors, 'recoveryCode')}
              />
            </>
          ) : (
            <TextInput
              name="code"
              label="Enter the code from your authenticator app"
              isPageHeading
              hint="The 6-digit code the app shows for Traded"
              width="5"
              inputMode="numeric"
              autoComplete="one-time-code"
              spellCheck={false}
              error={fieldError(errors, 'code')}
            />
          )}
          <Button>Continue</Button>
        </form>
        <p className="govuk-body">
          {recovery ? (
            <a className="govuk-link" href={withReturnTo('/sign-in/two-factor', returnTo)}>
              Use a code from your authenticator app instead
            </a>
          ) : (
            <a className="govuk-link" href={withReturnTo('/sign-in/two-factor', returnTo, { method: 'recovery' })}>
              Cannot use your app? Use a recovery code
            </a>
          )}
        </p>
      </div>
    </div>
  );
}
