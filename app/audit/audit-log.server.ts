import { countAuditLog, listAuditActors, listAuditLog } from '../../db/queries/audit';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import type { AuditFilter } from './audit-filter-form';
import { describeAuditEvent } from './audit-words';

export const AUDIT_PAGE_SIZE = 50;
/** A download holds at most this many entries (the newest, within the filter). */
export const AUDIT_EXPORT_LIMIT = 10_000;

/** Where each kind of record is shown, for the link from its entry. */
const RECORD_PAGES: Record<string, (slug: string, id: string) => string> = {
  order: (slug, id) => `/t/${slug}/orders/${id}`,
  order_line: (slug, id) => `/t/${slug}/lines/${id}`,
  delivery: (slug, id) => `/t/${slug}/lines/${id}`,
  service: (slug, id) => `/t/${slug}/services/${id}`,
  charge_schedule: (slug, id) => `/t/${slug}/schedules/${id}`,
  customer_account: (slug, id) => `/t/${slug}/customers/${id}`,
  agreement: (slug, id) => `/t/${slug}/agreements/${id}`,
  user: (slug, id) => `/t/${slug}/users/${id}`,
  billing_document: (slug, id) => `/t/${slug}/documents/${id}`,
  billing_run: (slug, id) => `/t/${slug}/billing/runs/${id}`,
  payment: (slug, id) => `/t/${slug}/payments/${id}`,
};

export interface AuditLogEntry {
  id: string;
  at: string;
  who: string;
  /** What happened, after the person's name. */
  what: string;
  /** The record's page, when it can still be shown. */
  href: string | null;
}

/** One page of a provider's audit log in words, newest first, and who appears in it. */
export async function auditLog(
  ctx: TenantContext,
  filter: Partial<Omit<AuditFilter, 'page'>>,
  page: { limit: number; offset: number },
) {
  return withTenant(ctx, async (tx) => {
    const rows = await listAuditLog(tx, ctx.tenantId, { ...filter, ...page });
    const total = await countAuditLog(tx, ctx.tenantId, filter);
    const people = await listAuditActors(tx, ctx.tenantId);
    const entries = rows.map((r): AuditLogEntry => ({
      id: String(r.id),
      at: r.occurredAt.toISOString(),
      // A platform administrator is no member of the provider, so their name is not the provider's to read.
      who:
        r.actorName ??
        ((r.detail as { by?: unknown } | null)?.by === 'platform'
          ? 'A platform administrator'
          : 'Traded (automatically)'),
      what: describeAuditEvent({
        action: r.action,
        subjectType: r.subjectType,
        subjectLabel: r.subjectLabel,
        detail: (r.detail ?? {}) as Record<string, unknown>,
      }),
      href: r.linkId && RECORD_PAGES[r.subjectType] ? RECORD_PAGES[r.subjectType]!(ctx.tenant.slug, r.linkId) : null,
    }));
    return { entries, total, people };
  });
}
