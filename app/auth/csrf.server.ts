import { timingSafeEqual } from 'node:crypto';
import { readCookie, serializeCookie } from './cookies.server';
import { generateToken } from './tokens.server';

export const CSRF_COOKIE = 'traded_csrf';
export const CSRF_FIELD = 'csrf';

/** The token for this browser, and the Set-Cookie header when it is new. */
export function csrfTokenFor(request: Request): { token: string; setCookie: string | null } {
  const existing = readCookie(request, CSRF_COOKIE);
  if (existing) return { token: existing, setCookie: null };
  const token = generateToken();
  return { token, setCookie: serializeCookie(request, CSRF_COOKIE, token) };
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Reads a form posted by a person, refusing it unless it carries this browser's CSRF token and,
 * where the browser says where it came from, comes from this site.
 */
export async function readForm(request: Request): Promise<FormData> {
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null' && origin !== new URL(request.url).origin) {
    const forwardedHost = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    if (!forwardedHost || new URL(origin).host !== forwardedHost) throw csrfRefusal();
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response('The form could not be read. Go back and try again.', { status: 400 });
  }
  const cookie = readCookie(request, CSRF_COOKIE);
  const sent = form.get(CSRF_FIELD);
  if (!cookie || typeof sent !== 'string' || !sameToken(cookie, sent)) throw csrfRefusal();
  return form;
}

function csrfRefusal(): Response {
  return new Response(
    'This form has expired or did not come from this service. Go back, reload the page and try again.',
    { status: 403, statusText: 'Form expired' },
  );
}
