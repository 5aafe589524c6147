import { redirect } from '@remix-run/node';
import { safeReturnTo } from '../forms/safe-return';
import { sessionCookie } from './session.server';
import type { SignInOutcome } from './sign-in.server';

/** The browser's answer to a finished sign-in: the session cookie, then where they were going. */
export function signInRedirect(request: Request, outcome: SignInOutcome, returnTo?: string | null): Response {
  return redirect(safeReturnTo(returnTo) ?? outcome.home, {
    headers: { 'Set-Cookie': sessionCookie(request, outcome.token) },
  });
}
