import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { beginTwoFactorEnrolment } from '../auth/begin-two-factor-enrolment.server';
import { readChallengeToken } from '../auth/challenge-cookie.server';
import { readForm } from '../auth/csrf.server';
import { secondStepRefusal } from '../auth/second-step-refusal.server';
import { enrolAtSignIn } from '../auth/enrol-at-sign-in.server';
import { findChallenge } from '../auth/sign-in-challenge.server';
import { signedInHeaders } from '../auth/sign-in-response.server';
import { codeForm } from '../auth/two-factor-forms';
import { AuthenticatorSetUp } from '../components/AuthenticatorSetUp';
import { ButtonLink } from '../components/Button';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { SignInAgain } from '../components/SignInAgain';
import { InsetText } from '../components/InsetText';
import { RecoveryCodes } from '../components/RecoveryCodes';
import { isDomainError } from '../errors';
import { parseForm } from '../forms/parse-form';
import { safeReturnTo } from '../forms/safe-return';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Set up two-factor sign-in' };

/**
 * Someone whose provider requires two-factor sign-in, signing in without it: they set it up here,
 * reached only with this browser's challenge cookie; the session starts once it is confirmed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get('returnTo'));
  const challenge = await findChallenge(readChallengeToken(request), 'enrol');
  // No live challenge: this sign-in has ended (or, straight after confirming, just finished: the
  // page then shows the recovery codes, which is why this is not a redirect).
  const enrolment = challenge ? await beginTwoFactorEnrolment(challenge.userId) : null;
  return { returnTo, enrolment };
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(codeForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, ended: false, done: null }, { status: 400 });
  try {
    const { outcome, recoveryCodes } = await enrolAtSignIn(readChallengeToken(request), parsed.data.code);
    const continueTo = safeReturnTo(parsed.data.returnTo) ?? outcome.home;
    return data(
      { errors: [], ended: false, done: { recoveryCodes, continueTo } },
      { headers: signedInHeaders(request, outcome) },
    );
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const { errors, ended, init } = await secondStepRefusal(request, error, 'enrol');
    return data({ errors, ended, done: null }, init);
  }
}

export default function SetUpTwoFactorAtSignIn() {
  const { returnTo, enrolment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  if (result?.done)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Two-factor sign-in is on</h1>
            <div className="govuk-panel__body">You are signed in</div>
          </div>
          <RecoveryCodes codes={result.done.recoveryCodes} />
          <ButtonLink href={result.done.continueTo}>Continue</ButtonLink>
        </div>
      </div>
    );
  if (result?.ended || !enrolment) return <SignInAgain errors={errors} returnTo={returnTo} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Set up two-factor sign-in</h1>
        <InsetText>
          Your organisation requires two-factor sign-in for admins and finance officers. Set it up to finish signing in.
          From now on you will enter a code from an app as well as your password.
        </InsetText>
        <AuthenticatorSetUp {...enrolment} csrf={csrf} errors={errors} returnTo={returnTo} />
      </div>
    </div>
  );
}
