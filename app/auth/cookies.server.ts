import { siteIsHttps } from '../site.server';

/**
 * Secure, `__Host-`-prefixed cookies when the site is published on HTTPS: decided by PUBLIC_URL,
 * never by the request (a client can send X-Forwarded-Proto itself).
 */
export function isHttps(_request: Request): boolean {
  return siteIsHttps();
}

export function cookieName(request: Request, base: string): string {
  return isHttps(request) ? `__Host-${base}` : base;
}

export function readCookie(request: Request, base: string): string | null {
  const name = cookieName(request, base);
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      return /^[a-z0-9]+$/.test(value) ? value : null;
    }
  }
  return null;
}

export function serializeCookie(
  request: Request,
  base: string,
  value: string,
  options: { maxAgeSeconds?: number; expires?: Date } = {},
): string {
  const parts = [`${cookieName(request, base)}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (isHttps(request)) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
  return parts.join('; ');
}

export function clearCookie(request: Request, base: string): string {
  return serializeCookie(request, base, '', { maxAgeSeconds: 0 });
}
