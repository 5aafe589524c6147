import { data, redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { notFound } from '../auth/guards.server';
import { stateCookie } from '../auth/external-sign-in-browser.server';
import { startExternalSignIn } from '../auth/start-external-sign-in.server';
import type { TitleHandle } from '../components/document-title';
import { SignInProblem } from '../components/SignInProblem';
import { isDomainError } from '../errors';

export const handle: TitleHandle = { title: 'You could not be signed in' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * "Sign in with …" is a link, not a form: the site's Content-Security-Policy (form-action 'self')
 * stops a form's redirect to another site, and the state cookie set here, checked at the
 * callback, is what ties the sign-in to this browser.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  if (!params.providerId || !UUID.test(params.providerId)) throw notFound();
  const returnTo = new URL(request.url).searchParams.get('returnTo');
  try {
    const { authorisationUrl, state } = await startExternalSignIn(params.providerId, returnTo);
    return redirect(authorisationUrl, { headers: { 'Set-Cookie': stateCookie(request, state) } });
  } catch (error) {
    if (isDomainError(error)) return data({ message: error.message }, { status: error.status });
    throw error;
  }
}

export default function StartExternalSignIn() {
  const { message } = useLoaderData<typeof loader>();
  return <SignInProblem message={message} />;
}
