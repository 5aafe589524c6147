import { insertAuditEvent } from '../../db/queries/audit';
import { findTwoFactorRequirement, updateTwoFactorRequirement } from '../../db/queries/two-factor';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';

/**
 * A tenant admin requires (or stops requiring) two-factor sign-in of the provider's admins and
 * finance officers; they are asked to set it up when they next sign in. Audited with before and after.
 */
export async function setTwoFactorRequirement(ctx: TenantContext, required: boolean) {
  await withTenant(ctx, async (tx) => {
    const before = await findTwoFactorRequirement(tx, ctx.tenantId);
    if (!(await updateTwoFactorRequirement(tx, ctx.tenantId, required)))
      throw new Error('The provider could not be updated');
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'settings.changed',
      subjectType: 'tenant',
      subjectId: ctx.tenantId,
      detail: { before: { requireTwoFactor: before }, after: { requireTwoFactor: required } },
    });
  });
}
