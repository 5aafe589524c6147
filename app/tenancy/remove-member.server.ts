import { insertAuditEvent } from '../../db/queries/audit';
import { deleteTenantMembership, findTenantUser, lockTenantAdmins } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { notFound } from '../auth/guards.server';
import { DomainError } from '../errors';

/** Ends a person's access to this tenant; the person and their history stay. */
export async function removeMember(ctx: TenantContext, userId: string) {
  await withTenant(ctx, async (tx) => {
    // Two admins changing each other at once: the second waits for the first, then checks again.
    const admins = await lockTenantAdmins(tx, ctx.tenantId);
    if (!admins.includes(ctx.userId))
      throw new Response('You do not have permission to do this. Ask your tenant admin.', { status: 403 });
    const member = await findTenantUser(tx, ctx.tenantId, userId);
    if (!member) throw notFound();
    if (member.role === 'admin' && admins.length <= 1)
      throw new DomainError(
        'member.last_admin',
        'You cannot remove the only tenant admin. Make someone else an admin first.',
        'remove',
        409,
      );
    await deleteTenantMembership(tx, ctx.tenantId, userId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'member.removed',
      subjectType: 'user',
      subjectId: userId,
      detail: { email: member.email, role: member.role },
    });
  });
}
