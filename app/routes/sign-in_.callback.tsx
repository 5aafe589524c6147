import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { clearStateCookie, stateMatchesBrowser } from '../auth/external-sign-in-browser.server';
import { finishExternalSignIn } from '../auth/finish-external-sign-in.server';
import { readSessionToken } from '../auth/session.server';
import { signInRedirect } from '../auth/sign-in-response.server';
import type { TitleHandle } from '../components/document-title';
import { SignInProblem } from '../components/SignInProblem';
import { isDomainError } from '../errors';

export const handle: TitleHandle = { title: 'You could not be signed in' };

/** Where an issuer sends the person back (the redirect URI registered with it). */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  const state = query.get('state');
  const clear = clearStateCookie(request);
  try {
    const { outcome, returnTo } = await finishExternalSignIn({
      query,
      stateFromBrowser: state !== null && stateMatchesBrowser(request, state),
      previousToken: readSessionToken(request),
    });
    const response = signInRedirect(request, outcome, returnTo);
    response.headers.append('Set-Cookie', clear);
    return response;
  } catch (error) {
    if (isDomainError(error))
      return data({ message: error.message }, { status: error.status, headers: { 'Set-Cookie': clear } });
    throw error;
  }
}

export default function SignInCallback() {
  const { message } = useLoaderData<typeof loader>();
  return <SignInProblem message={message} />;
}
