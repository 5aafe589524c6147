import { safeReturnTo } from './safe-return';

/** `path` with `returnTo` carried along when it is a safe same-site path (and any other query). */
export function withReturnTo(path: string, returnTo?: string | null, query: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  const safe = safeReturnTo(returnTo);
  if (safe) params.set('returnTo', safe);
  for (const [key, value] of Object.entries(query)) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
