import { redirect } from '@remix-run/node';
import { safeReturnTo } from '../forms/safe-return';
import { challengeCookie, clearChallengeCookie } from './challenge-cookie.server';
import { clearSessionCookie, sessionCookie } from './session.server';
import type { SignInOutcome } from './sign-in.server';

/** The pages of the second step of signing in. */
export const SECOND_STEP_PATHS = { 'second-factor': '/sign-in/two-factor', enrol: '/sign-in/set-up-two-factor' };

/** `path` with `returnTo` carried along when it is a safe same-site path. */
export function withReturnTo(path: string, returnTo?: string | null): string {
  const safe = safeReturnTo(returnTo);
  return safe ? `${path}?returnTo=${encodeURIComponent(safe)}` : path;
}

/**
 * The browser's answer to a sign-in: the session cookie and where they were going; or, when a
 * second step is due, no session (the one it had is cleared) but the challenge cookie and the
 * second step's page, carrying `returnTo`.
 */
export function signInRedirect(request: Request, outcome: SignInOutcome, returnTo?: string | null): Response {
  const headers = new Headers();
  if (outcome.kind === 'signed-in') {
    headers.append('Set-Cookie', sessionCookie(request, outcome.token));
    headers.append('Set-Cookie', clearChallengeCookie(request));
    return redirect(safeReturnTo(returnTo) ?? outcome.home, { headers });
  }
  headers.append('Set-Cookie', clearSessionCookie(request));
  headers.append('Set-Cookie', challengeCookie(request, outcome.challenge));
  return redirect(withReturnTo(SECOND_STEP_PATHS[outcome.kind], returnTo), { headers });
}
