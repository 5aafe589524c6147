import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { beginTwoFactorEnrolment } from '../auth/begin-two-factor-enrolment.server';
import { confirmTwoFactorEnrolment } from '../auth/confirm-two-factor-enrolment.server';
import { readForm } from '../auth/csrf.server';
import { requireUser } from '../auth/guards.server';
import { codeForm } from '../auth/two-factor-forms';
import { AuthenticatorSetUp } from '../components/AuthenticatorSetUp';
import { BackLink } from '../components/BackLink';
import { ButtonLink } from '../components/Button';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { RecoveryCodes } from '../components/RecoveryCodes';
import { isDomainError } from '../errors';
import { parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Set up two-factor sign-in' };

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireUser(request);
  // Null once set up (straight after confirming, too: the page then shows the recovery codes).
  return { enrolment: await beginTwoFactorEnrolment(session.userId) };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUser(request);
  const parsed = parseForm(codeForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, recoveryCodes: null }, { status: 400 });
  try {
    return {
      errors: [],
      recoveryCodes: await confirmTwoFactorEnrolment(session.userId, parsed.data.code, session.sessionId),
    };
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], recoveryCodes: null },
        { status: error.status },
      );
    throw error;
  }
}

export default function SetUpTwoFactor() {
  const { enrolment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  if (result?.recoveryCodes)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Two-factor sign-in is on</h1>
          </div>
          <RecoveryCodes codes={result.recoveryCodes} />
          <ButtonLink href="/account/two-factor">Continue</ButtonLink>
        </div>
      </div>
    );
  if (!enrolment)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Two-factor sign-in is already on</h1>
          <p className="govuk-body">
            <a className="govuk-link" href="/account/two-factor">
              Manage two-factor sign-in
            </a>
          </p>
        </div>
      </div>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/account/two-factor">Two-factor sign-in</BackLink>
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Set up two-factor sign-in</h1>
        <AuthenticatorSetUp {...enrolment} csrf={csrf} errors={errors} />
      </div>
    </div>
  );
}
