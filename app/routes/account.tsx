import type { TitleHandle } from '../components/document-title';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { countUserSessions } from '../../db/queries/auth';
import { withPerson } from '../../db/scope.server';
import { readForm } from '../auth/csrf.server';
import { requireUser } from '../auth/guards.server';
import { clearSessionCookie, invalidateAllSessions } from '../auth/session.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { SummaryList } from '../components/SummaryList';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Your account' };

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireUser(request);
  const sessions = await withPerson(session.userId, (tx) => countUserSessions(tx, session.userId));
  return { name: session.name, email: session.email, sessions };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUser(request);
  await readForm(request);
  await invalidateAllSessions(session.userId);
  return redirect('/signed-out', { headers: { 'Set-Cookie': clearSessionCookie(request) } });
}

export default function Account() {
  const { name, email, sessions } = useLoaderData<typeof loader>();
  const csrf = useCsrfToken();
  return (
    <>
      <h1 className="govuk-heading-l">Your account</h1>
      <SummaryList
        rows={[
          { key: 'Name', value: name },
          { key: 'Email address', value: email },
          { key: 'Signed in on', value: `${sessions} ${sessions === 1 ? 'device or browser' : 'devices or browsers'}` },
        ]}
      />
      <h2 className="govuk-heading-m">Two-factor sign-in</h2>
      <p className="govuk-body">
        <a className="govuk-link" href="/account/two-factor">
          Set up or manage two-factor sign-in
        </a>
      </p>
      <h2 className="govuk-heading-m">Sign out of every device</h2>
      <p className="govuk-body">
        If you signed in on a shared computer or lost a device, sign out everywhere. You will need to sign in again here
        too.
      </p>
      <form method="post">
        <CsrfInput token={csrf} />
        <Button variant="warning">Sign out of every device</Button>
      </form>
    </>
  );
}
