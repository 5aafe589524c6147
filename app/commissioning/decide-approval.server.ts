import { insertAuditEvent } from '../../db/queries/audit';
import { findOrder, lockOrder, setLinesStatus, setOrderStatus } from '../../db/queries/commissioning';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withBuyer } from '../../db/scope.server';
import { notFound, type BuyerContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { DomainError } from '../errors';
import type { Mail } from '../mail/mailer.server';
import { sendAll } from './notify.server';
import { transition, type OrderStatus } from './order-state';
import { onBehalfOf } from '../mail/on-behalf-of';

/** An approver of the buying organisation approves or rejects an order; never their own. */
export async function decideApproval(
  ctx: BuyerContext,
  slug: string,
  orderId: string,
  decision: { approve: true } | { approve: false; reason: string },
  baseUrl: string,
) {
  const mails: Mail[] = [];
  await withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    const order = tenant ? await lockOrder(tx, tenant.id, orderId) : undefined;
    if (!tenant || !order) throw notFound();
    const action = decision.approve
      ? ({ type: 'approve', by: ctx.userId } as const)
      : ({ type: 'reject', by: ctx.userId, reason: decision.reason } as const);
    const next = transition(
      { status: order.status as OrderStatus, submittedBy: order.submitted_by, proposedBy: order.proposed_by },
      action,
    );
    if (!next.ok) throw new DomainError('order.transition', next.message, decision.approve ? undefined : 'reason', 409);
    await setOrderStatus(
      tx,
      tenant.id,
      orderId,
      decision.approve
        ? { status: next.status, by: ctx.userId, kind: 'approval', on: londonToday() }
        : { status: next.status, by: ctx.userId, kind: 'closure', reason: decision.reason, on: londonToday() },
    );
    if (!decision.approve) await setLinesStatus(tx, tenant.id, orderId, ['pending'], 'rejected');
    if (next.status === 'accepted') await setLinesStatus(tx, tenant.id, orderId, ['pending'], 'active');
    await insertAuditEvent(tx, {
      tenantId: tenant.id,
      actorUserId: ctx.userId,
      action: decision.approve ? 'order.approved' : 'order.rejected',
      subjectType: 'order',
      subjectId: orderId,
      detail: decision.approve ? {} : { reason: decision.reason },
    });
    const full = (await findOrder(tx, tenant.id, orderId))!;
    mails.push({
      to: full.submittedByEmail,
      subject: `Order ${full.reference} ${decision.approve ? 'approved' : 'rejected'}`,
      text: `${ctx.session.name} ${decision.approve ? 'approved' : 'rejected'} order ${full.reference}${decision.approve ? '' : `: ${decision.reason}`}.\n\n${baseUrl}/buy/orders/${slug}/${orderId}`,
      ...onBehalfOf(full.buyerName, ctx.session.email),
    });
    if (decision.approve && next.status === 'awaiting_provider')
      mails.push({
        to: full.providerEmail,
        subject: `New order ${full.reference} from ${full.buyerName}`,
        text: `Order ${full.reference} from ${full.buyerName} was approved and waits for you.\n\n${baseUrl}/t/${slug}/orders/${orderId}`,
        ...onBehalfOf(full.buyerName, full.contact_email),
      });
  });
  await sendAll(mails);
}
