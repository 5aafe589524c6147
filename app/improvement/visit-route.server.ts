import { notFound } from '../auth/guards.server';

/** A URN from the path, or 404. */
export function urnParam(raw: string | undefined): number {
  const urn = /^\d{1,9}$/.test(raw ?? '') ? Number(raw) : 0;
  if (urn <= 0) throw notFound();
  return urn;
}

/** A visit id from the path, or 404 (a malformed id is not found, never a 500). */
export function visitIdParam(raw: string | undefined): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw ?? '')) throw notFound();
  return raw!;
}
