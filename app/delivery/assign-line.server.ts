import { insertAuditEvent } from '../../db/queries/audit';
import { assignOrderLine, setContactOfficer } from '../../db/queries/commissioning';
import { lockOrderLine } from '../../db/queries/delivery';
import { findTenantMembership } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';

/** Names the practitioner who will deliver a line (or nobody). */
export async function assignLine(ctx: TenantContext, lineId: string, userId: string | null) {
  await withTenant(ctx, async (tx) => {
    const line = await lockOrderLine(tx, ctx.tenantId, lineId);
    if (!line) throw notFound();
    if (userId && !(await findTenantMembership(tx, ctx.tenantId, userId)))
      throw new DomainError('line.assignee', 'Select someone who works for this provider', 'assignTo');
    await assignOrderLine(tx, ctx.tenantId, lineId, userId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'line.assigned',
      subjectType: 'order_line',
      subjectId: lineId,
      detail: { userId },
    });
  });
}

/** Names a school's contact officer at this provider (shown on the school's pages). */
export async function assignContactOfficer(ctx: TenantContext, organisationId: string, userId: string | null) {
  await withTenant(ctx, async (tx) => {
    if (userId && !(await findTenantMembership(tx, ctx.tenantId, userId)))
      throw new DomainError('contact.assignee', 'Select someone who works for this provider', 'contactOfficer');
    await setContactOfficer(tx, ctx.tenantId, organisationId, userId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'contact_officer.set',
      subjectType: 'organisation',
      subjectId: organisationId,
      detail: { userId },
    });
  });
}
