import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { findTwoFactorStatus, isTwoFactorRequired } from '../../db/queries/two-factor';
import { withPerson } from '../../db/scope.server';
import { readForm } from '../auth/csrf.server';
import { requireUser } from '../auth/guards.server';
import { removeTwoFactor } from '../auth/remove-two-factor.server';
import { codeForm } from '../auth/two-factor-forms';
import { BackLink } from '../components/BackLink';
import { Button, ButtonLink } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { NotificationBanner } from '../components/NotificationBanner';
import { SummaryList } from '../components/SummaryList';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Two-factor sign-in' };

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireUser(request);
  const { status, required } = await withPerson(session.userId, async (tx) => ({
    status: await findTwoFactorStatus(tx, session.userId),
    required: await isTwoFactorRequired(tx, session.userId),
  }));
  return {
    on: Boolean(status?.confirmedAt),
    since: status?.confirmedAt?.toISOString() ?? null,
    recoveryCodesLeft: status?.recoveryCodesLeft ?? 0,
    required,
  };
}

/** Turning it off takes a fresh code from the app. */
export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUser(request);
  const parsed = parseForm(codeForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  try {
    await removeTwoFactor(session.userId, parsed.data.code, session.sessionId);
  } catch (error) {
    if (isDomainError(error))
      return data({ errors: [{ field: error.field, message: error.message }] }, { status: error.status });
    throw error;
  }
  return redirect('/account/two-factor?removed=1');
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

export default function TwoFactorAccount() {
  const { on, since, recoveryCodesLeft, required } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/account">Your account</BackLink>
        <ErrorSummary errors={errors} />
        {params.get('removed') ? <NotificationBanner type="success" heading="Two-factor sign-in is off" /> : null}
        <h1 className="govuk-heading-l">Two-factor sign-in</h1>
        <p className="govuk-body">
          With two-factor sign-in, you enter a code from an authenticator app on your phone or computer as well as your
          password, so nobody can sign in as you with your password alone.
        </p>
        {required ? (
          <InsetText>Your organisation requires two-factor sign-in for admins and finance officers.</InsetText>
        ) : null}
        <SummaryList
          rows={[
            { key: 'Status', value: on ? `On since ${dateFormat.format(new Date(since!))}` : 'Off' },
            ...(on ? [{ key: 'Recovery codes left', value: String(recoveryCodesLeft) }] : []),
          ]}
        />
        {on ? (
          <>
            <h2 className="govuk-heading-m">Turn off two-factor sign-in</h2>
            {required ? (
              <p className="govuk-body">You will be asked to set it up again the next time you sign in.</p>
            ) : null}
            <form method="post" noValidate>
              <CsrfInput token={csrf} />
              <TextInput
                name="code"
                label="Enter a new code from your authenticator app"
                hint="Not one you have already used: wait for the app to show the next code if you need to"
                width="5"
                inputMode="numeric"
                autoComplete="one-time-code"
                spellCheck={false}
                error={fieldError(errors, 'code')}
              />
              <Button variant="warning">Turn off two-factor sign-in</Button>
            </form>
          </>
        ) : (
          <ButtonLink href="/account/two-factor/set-up">Set up two-factor sign-in</ButtonLink>
        )}
      </div>
    </div>
  );
}
