import { redirect } from '@remix-run/node';
import { safeReturnTo } from '../forms/safe-return';
import { withReturnTo } from '../forms/with-return-to';
import { challengeCookie, clearChallengeCookie } from './challenge-cookie.server';
import { clearSessionCookie, sessionCookie } from './session.server';
import type { SignedIn, SignInOutcome } from './sign-in.server';

/** The pages of the second step of signing in. */
export const SECOND_STEP_PATHS = { 'second-factor': '/sign-in/two-factor', enrol: '/sign-in/set-up-two-factor' };

/**
 * The browser's answer to a sign-in: the session cookie and where they were going; or, when a
 * second step is due, no session (the one it had is cleared) but the challenge cookie and the
 * second step's page, carrying `returnTo`.
 */
export function signInRedirect(request: Request, outcome: SignInOutcome, returnTo?: string | null): Response {
  if (outcome.kind === 'signed-in')
    return redirect(safeReturnTo(returnTo) ?? outcome.home, { headers: signedInHeaders(request, outcome) });
  const headers = new Headers();
  headers.append('Set-Cookie', clearSessionCookie(request));
  headers.append('Set-Cookie', challengeCookie(request, outcome.challenge));
  return redirect(withReturnTo(SECOND_STEP_PATHS[outcome.kind], returnTo), { headers });
}

/** The cookies of a finished sign-in: the session's, and the challenge's cleared. */
export function signedInHeaders(request: Request, outcome: SignedIn): Headers {
  const headers = new Headers();
  headers.append('Set-Cookie', sessionCookie(request, outcome.token));
  headers.append('Set-Cookie', clearChallengeCookie(request));
  return headers;
}
