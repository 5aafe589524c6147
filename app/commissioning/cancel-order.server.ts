import { insertAuditEvent } from '../../db/queries/audit';
import { countOrderDeliveries, lockOrder, setLinesStatus, setOrderStatus } from '../../db/queries/commissioning';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withBuyer, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { transition, type OrderStatus } from './order-state';

/**
 * Cancels an order nothing has been delivered against, by the buyer or the provider. Once work is
 * logged the order stands: what was delivered is charged under the service's cancellation terms.
 */
export async function cancelOrderIn(
  tx: Scoped,
  tenantId: string,
  orderId: string,
  by: string,
  reason: string,
): Promise<boolean> {
  const order = await lockOrder(tx, tenantId, orderId);
  if (!order) return false;
  const next = transition(
    { status: order.status as OrderStatus, submittedBy: order.submitted_by, proposedBy: order.proposed_by },
    { type: 'cancel', by, reason },
  );
  if (!next.ok) throw new DomainError('order.transition', next.message, 'reason', 409);
  if ((await countOrderDeliveries(tx, tenantId, orderId)) > 0)
    throw new DomainError(
      'order.delivered',
      'Work has already been logged against this order, so it cannot be cancelled here: contact the provider about the cancellation terms',
      'reason',
      409,
    );
  await setOrderStatus(tx, tenantId, orderId, { status: 'cancelled', by, kind: 'closure', reason });
  await setLinesStatus(tx, tenantId, orderId, ['pending', 'active'], 'cancelled');
  await insertAuditEvent(tx, {
    tenantId,
    actorUserId: by,
    action: 'order.cancelled',
    subjectType: 'order',
    subjectId: orderId,
    detail: { reason },
  });
  return true;
}

/** The buyer cancels one of its own orders with this provider; any other order is not found. */
export async function cancelOrderAsBuyer(
  ctx: BuyerContext,
  slug: string,
  orderId: string,
  reason: string,
): Promise<void> {
  await withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    if (!tenant || !(await cancelOrderIn(tx, tenant.id, orderId, ctx.userId, reason))) throw notFound();
  });
}
