// Any origin works: only whether the parsed URL stays on it matters, never which host it is.
const BASE = 'https://traded.invalid';

/**
 * Only same-site paths are followed after sign-in, never another site. The value is parsed as a
 * URL against a base the way a browser would; anything a browser might read differently from us
 * (control characters, which browsers strip; backslashes, which they read as slashes) is refused.
 */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.length > 2000) return null;
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(value)) return null;
  if (value.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE || url.pathname.startsWith('//')) return null;
  return url.pathname + url.search + url.hash;
}
