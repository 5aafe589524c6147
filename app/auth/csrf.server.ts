import { timingSafeEqual } from 'node:crypto';
import { readCookie, serializeCookie } from './cookies.server';
import { readSessionToken } from './session.server';
import { generateToken, hashToken } from './tokens.server';

export const CSRF_COOKIE = 'traded_csrf';
export const CSRF_FIELD = 'csrf';

/**
 * Signed in, the token is derived from the session's own secret, so a token from one session is
 * refused in any other and dies with it; nobody without the session cookie can compute it.
 */
export function sessionCsrfToken(sessionToken: string): string {
  return hashToken(`csrf:${sessionToken}`);
}

/** The token for this browser, and the Set-Cookie header when a signed-out browser needs one. */
export function csrfTokenFor(request: Request): { token: string; setCookie: string | null } {
  const session = readSessionToken(request);
  if (session) return { token: sessionCsrfToken(session), setCookie: null };
  const existing = readCookie(request, CSRF_COOKIE);
  if (existing) return { token: existing, setCookie: null };
  const token = generateToken();
  return { token, setCookie: serializeCookie(request, CSRF_COOKIE, token) };
}

/** What a form from this browser must carry: the session's token, or before sign-in the cookie's. */
function expectedToken(request: Request): string | null {
  const session = readSessionToken(request);
  return session ? sessionCsrfToken(session) : readCookie(request, CSRF_COOKIE);
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether a browser-sent Origin is this site (absent is allowed: the token is the main defence). */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  if (origin === 'null') return false;
  let sent: URL;
  try {
    sent = new URL(origin);
  } catch {
    return false;
  }
  if (sent.origin === new URL(request.url).origin) return true;
  const host = request.headers.get('host');
  return host !== null && sent.host === host;
}

/**
 * Reads a form posted by a person, refusing it unless it carries this browser's CSRF token and,
 * where the browser says where it came from, comes from this site.
 */
export async function readForm(request: Request): Promise<FormData> {
  if (!sameOrigin(request)) throw csrfRefusal();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response('The form could not be read. Go back and try again.', { status: 400 });
  }
  const expected = expectedToken(request);
  const sent = form.get(CSRF_FIELD);
  if (!expected || typeof sent !== 'string' || !sameToken(expected, sent)) throw csrfRefusal();
  return form;
}

function csrfRefusal(): Response {
  return new Response(
    'This form has expired or did not come from this service. Go back, reload the page and try again.',
    { status: 403, statusText: 'Form expired' },
  );
}
