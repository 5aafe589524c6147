import { insertAuditEvent } from '../../db/queries/audit';
import { deleteDraftSchedule, findSchedule } from '../../db/queries/catalogue';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';

/** A draft was never seen by a buyer, so it can be thrown away; a published schedule never can. */
export async function discardScheduleDraft(ctx: TenantContext, scheduleId: string): Promise<void> {
  await withTenant(ctx, async (tx) => {
    const schedule = await findSchedule(tx, ctx.tenantId, scheduleId);
    if (!schedule) throw notFound();
    if (schedule.status !== 'draft' || !(await deleteDraftSchedule(tx, ctx.tenantId, scheduleId)))
      throw new DomainError(
        'schedule.published',
        'A published schedule cannot be discarded: it stays as a record of the prices',
        undefined,
        409,
      );
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'schedule.draft_discarded',
      subjectType: 'charge_schedule',
      subjectId: scheduleId,
      detail: { yearKind: schedule.year_kind, yearStart: schedule.year_start, version: schedule.version },
    });
  });
}
