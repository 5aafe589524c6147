import { insertAuditEvent } from '../../db/queries/audit';
import { findTenantUser, lockTenantAdmins, updateTenantMembershipRole } from '../../db/queries/tenancy';
import type { ProviderRole } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { notFound } from '../auth/guards.server';
import { DomainError } from '../errors';

export async function changeMemberRole(ctx: TenantContext, userId: string, role: ProviderRole) {
  await withTenant(ctx, async (tx) => {
    // Two admins changing each other at once: the second waits for the first, then checks again.
    const admins = await lockTenantAdmins(tx, ctx.tenantId);
    if (!admins.includes(ctx.userId))
      throw new Response('You do not have permission to do this. Ask your tenant admin.', { status: 403 });
    const member = await findTenantUser(tx, ctx.tenantId, userId);
    if (!member) throw notFound();
    if (member.role === role) return;
    if (member.role === 'admin' && admins.length <= 1)
      throw new DomainError(
        'member.last_admin',
        'You cannot change the role of the only tenant admin. Make someone else an admin first.',
        'role',
        409,
      );
    await updateTenantMembershipRole(tx, ctx.tenantId, userId, role);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'member.role_changed',
      subjectType: 'user',
      subjectId: userId,
      detail: { from: member.role, to: role },
    });
  });
}
