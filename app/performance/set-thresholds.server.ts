import { insertAuditEvent } from '../../db/queries/audit';
import { findThresholds, saveThresholds } from '../../db/queries/school-performance';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import type { ThresholdsInput } from './thresholds-form';

export async function thresholdsFor(ctx: TenantContext) {
  return withTenant(ctx, (tx) => findThresholds(tx, ctx.tenantId));
}

/** Sets the tenant's thresholds, audited with what they were; nothing is written when nothing changed. */
export async function setThresholds(ctx: TenantContext, input: ThresholdsInput): Promise<boolean> {
  return withTenant(ctx, async (tx) => {
    const before = await findThresholds(tx, ctx.tenantId);
    if (
      before.setByTenant &&
      before.ptrwmExpFloor === input.ptrwmExpFloor &&
      before.progressLimit === input.progressLimit
    )
      return false;
    await saveThresholds(tx, ctx.tenantId, input, ctx.userId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'improvement_thresholds.changed',
      subjectType: 'tenant',
      subjectId: ctx.tenantId,
      detail: {
        ptrwmExpFloor: input.ptrwmExpFloor,
        progressLimit: input.progressLimit,
        before: { ptrwmExpFloor: before.ptrwmExpFloor, progressLimit: before.progressLimit },
      },
    });
    return true;
  });
}
