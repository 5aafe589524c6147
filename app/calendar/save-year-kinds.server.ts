import { insertAuditEvent } from '../../db/queries/audit';
import { listYearKindDefaults, upsertYearKindDefaults } from '../../db/queries/calendar';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import type { YearKinds } from './calendar-forms';

/**
 * A finance officer or tenant admin sets the contract year type each customer class buys in by
 * default; audited. Accounts and orders that already exist keep theirs.
 */
export async function saveYearKinds(ctx: TenantContext, kinds: YearKinds): Promise<void> {
  await withTenant(ctx, async (tx) => {
    const before = await listYearKindDefaults(tx, ctx.tenantId);
    await upsertYearKindDefaults(tx, ctx.tenantId, kinds, ctx.userId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'calendar.year_kinds_set',
      subjectType: 'tenant',
      subjectId: ctx.tenantId,
      detail: { before, after: kinds },
    });
  });
}
