import { insertAuditEvent } from '../../db/queries/audit';
import { findOrder, lockOrder, setLinesStatus, setOrderStatus } from '../../db/queries/commissioning';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { sendAll } from './notify.server';
import { transition, type OrderStatus } from './order-state';
import { onBehalfOf } from '../mail/on-behalf-of';

/** The provider accepts an order (its lines become active) or declines it with a reason. */
export async function decideOrder(
  ctx: TenantContext,
  orderId: string,
  decision: { accept: true } | { accept: false; reason: string },
  baseUrl: string,
) {
  const mails: Mail[] = [];
  await withTenant(ctx, async (tx) => {
    const order = await lockOrder(tx, ctx.tenantId, orderId);
    if (!order) throw notFound();
    const next = transition(
      { status: order.status as OrderStatus, submittedBy: order.submitted_by, proposedBy: order.proposed_by },
      decision.accept
        ? { type: 'accept', by: ctx.userId }
        : { type: 'decline', by: ctx.userId, reason: decision.reason },
    );
    if (!next.ok) throw new DomainError('order.transition', next.message, decision.accept ? undefined : 'reason', 409);
    await setOrderStatus(tx, ctx.tenantId, orderId, {
      status: next.status,
      by: ctx.userId,
      kind: 'decision',
      reason: decision.accept ? null : decision.reason,
      on: londonToday(),
    });
    await setLinesStatus(tx, ctx.tenantId, orderId, ['pending'], decision.accept ? 'active' : 'declined');
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: decision.accept ? 'order.accepted' : 'order.declined',
      subjectType: 'order',
      subjectId: orderId,
      detail: decision.accept ? {} : { reason: decision.reason },
    });
    const full = (await findOrder(tx, ctx.tenantId, orderId))!;
    const text = `${ctx.tenant.name} ${decision.accept ? 'accepted' : 'declined'} order ${full.reference}${decision.accept ? '' : `: ${decision.reason}`}.\n\n${baseUrl}/buy/orders/${ctx.tenant.slug}/${orderId}`;
    for (const to of new Set([full.submittedByEmail, full.contact_email]))
      mails.push({
        to,
        subject: `Order ${full.reference} ${decision.accept ? 'accepted' : 'declined'}`,
        text,
        ...onBehalfOf(ctx.tenant.name, ctx.tenant.contact_email),
      });
  });
  await sendAll(mails);
}
