import { clearCookie, readCookie, serializeCookie } from './cookies.server';

/** The sign-in waiting for its second step, in this browser only: ten minutes, like the challenge. */
export const CHALLENGE_COOKIE = 'traded_sign_in_challenge';
const CHALLENGE_SECONDS = 10 * 60;

export function readChallengeToken(request: Request): string | null {
  return readCookie(request, CHALLENGE_COOKIE);
}

export function challengeCookie(request: Request, token: string): string {
  return serializeCookie(request, CHALLENGE_COOKIE, token, { maxAgeSeconds: CHALLENGE_SECONDS });
}

export function clearChallengeCookie(request: Request): string {
  return clearCookie(request, CHALLENGE_COOKIE);
}
