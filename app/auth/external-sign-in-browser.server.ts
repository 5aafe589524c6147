import { timingSafeEqual } from 'node:crypto';
import { publicUrl } from '../site.server';
import { clearCookie, readCookie, serializeCookie } from './cookies.server';

/**
 * A sign-in with another organisation's account leaves this browser and comes back to
 * `/sign-in/callback`. The redirect URI comes from PUBLIC_URL, never the request's Host; the state
 * sent to the issuer is also kept in a cookie, so a callback only finishes in the browser that
 * started it (someone else's link cannot sign this browser in as them).
 */
const CALLBACK_PATH = '/sign-in/callback';
const STATE_COOKIE = 'traded_sign_in_state';
/** How long a person has at the issuer before the sign-in must start again. */
export const EXTERNAL_SIGN_IN_MINUTES = 10;

export function redirectUri(): string {
  return `${publicUrl()}${CALLBACK_PATH}`;
}

export function stateCookie(request: Request, state: string): string {
  return serializeCookie(request, STATE_COOKIE, state, { maxAgeSeconds: EXTERNAL_SIGN_IN_MINUTES * 60 });
}

export function clearStateCookie(request: Request): string {
  return clearCookie(request, STATE_COOKIE);
}

/** Whether the state the issuer sent back is the one this browser was given. */
export function stateMatchesBrowser(request: Request, state: string): boolean {
  const kept = readCookie(request, STATE_COOKIE);
  if (!kept) return false;
  const a = Buffer.from(kept);
  const b = Buffer.from(state);
  return a.length === b.length && timingSafeEqual(a, b);
}
