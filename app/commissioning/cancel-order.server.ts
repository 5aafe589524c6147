import { insertAuditEvent } from '../../db/queries/audit';
import {
  countOrderDeliveries,
  listOrderLines,
  lockOrder,
  setCancellationCharge,
  setLinesStatus,
  setOrderStatus,
} from '../../db/queries/commissioning';
import { londonToday } from '../calendar/contract-year';
import { cancellationCharge } from './cancellation';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withBuyer, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { transition, type OrderStatus } from './order-state';

/** The lines of an order as the cancellation terms see them (current price, start, agreed terms). */
export function cancellableLines(
  lines: Array<{
    service_name: string;
    starts_on: string | null;
    year_start: string;
    cancellation_notice_days: number | null;
    late_cancellation_percent: number;
    current_total_pence: number | string;
  }>,
) {
  return lines.map((l) => ({
    serviceName: l.service_name,
    startsOn: l.starts_on ?? l.year_start,
    noticeDays: l.cancellation_notice_days,
    latePercent: l.late_cancellation_percent,
    totalPence: Number(l.current_total_pence),
  }));
}

/**
 * Cancels an order nothing has been delivered against, by the buyer or the provider. An accepted
 * order is charged under each line's agreed cancellation terms (free with enough notice before
 * its start); once work is logged the order stands.
 */
export async function cancelOrderIn(
  tx: Scoped,
  tenantId: string,
  orderId: string,
  by: string,
  reason: string,
  today = londonToday(),
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
  const charge =
    order.status === 'accepted'
      ? cancellationCharge(cancellableLines(await listOrderLines(tx, tenantId, orderId)), today)
      : { chargePence: 0, working: [] };
  await setOrderStatus(tx, tenantId, orderId, { status: 'cancelled', by, kind: 'closure', reason });
  if (charge.chargePence > 0) await setCancellationCharge(tx, tenantId, orderId, charge.chargePence);
  await setLinesStatus(tx, tenantId, orderId, ['pending', 'active'], 'cancelled');
  await insertAuditEvent(tx, {
    tenantId,
    actorUserId: by,
    action: 'order.cancelled',
    subjectType: 'order',
    subjectId: orderId,
    detail: { reason, cancellationChargePence: charge.chargePence, working: charge.working },
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
