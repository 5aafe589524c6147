import { insertAuditEvent } from '../../db/queries/audit';
import { leaveCouncilBuyingSide, listCouncilBuyingSide } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { notFound } from '../auth/guards.server';

/** One person on the council's own buying side, as its tenant admin sees them; 404 otherwise. */
export async function findBuyingSideMember(ctx: TenantContext, userId: string) {
  const member = (await withTenant(ctx, (tx) => listCouncilBuyingSide(tx))).find((m) => m.user_id === userId);
  if (!member) throw notFound();
  return member;
}

/** Ends a person's place on the council's buying side; the person, their orders and history stay. */
export async function removeBuyingSideMember(ctx: TenantContext, userId: string) {
  await withTenant(ctx, async (tx) => {
    const member = (await listCouncilBuyingSide(tx)).find((m) => m.user_id === userId);
    if (!member || !(await leaveCouncilBuyingSide(tx, userId))) throw notFound();
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'member.removed',
      subjectType: 'user',
      subjectId: userId,
      detail: { email: member.email, role: member.role, side: 'buying' },
    });
  });
}
