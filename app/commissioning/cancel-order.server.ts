import { insertAuditEvent } from '../../db/queries/audit';
import {
  cancelOrderLine,
  countOrderDeliveries,
  listOrderLines,
  lockOrder,
  setOrderStatus,
} from '../../db/queries/commissioning';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withBuyer, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext } from '../auth/guards.server';
import { contractYearStarting, formatDate, londonToday } from '../calendar/contract-year';
import { DomainError } from '../errors';
import { cancellationCharge, type CancellableLine } from './cancellation';
import type { LinePosition } from './line-position';
import { linePositions } from './line-positions.server';
import { transition, type OrderStatus } from './order-state';

type OrderLineRow = Awaited<ReturnType<typeof listOrderLines>>[number];

/** The lines of an order as the cancellation terms see them: what each stands at now, its start, its terms. */
export function cancellableLines(lines: OrderLineRow[], positions: Map<string, LinePosition>): CancellableLine[] {
  return lines.map((l) => ({
    serviceName: l.service_name,
    startsOn: l.starts_on ?? l.year_start,
    noticeDays: l.cancellation_notice_days,
    latePercent: l.late_cancellation_percent,
    totalPence: positions.get(l.id)?.agreed.totalPence ?? l.total_pence,
  }));
}

/** The last day of the latest contract year among the lines: after it, nothing can be cancelled. */
export function lastDayOf(lines: Array<Pick<OrderLineRow, 'year_start' | 'year_kind'>>): string {
  return lines
    .map((l) => contractYearStarting(Number(l.year_start.slice(0, 4)), l.year_kind).end)
    .sort()
    .at(-1)!;
}

/**
 * What cancelling would cost the buyer today: under each line's agreed terms once the order is
 * accepted, nothing before. A provider cancelling never charges the buyer.
 */
export function cancellationFor(
  party: 'buyer' | 'provider',
  status: OrderStatus,
  lines: OrderLineRow[],
  positions: Map<string, LinePosition>,
  today: string,
) {
  const open = lines.filter((l) => l.status === 'pending' || l.status === 'active');
  if (party === 'provider' || status !== 'accepted')
    return { chargePence: 0, working: [] as string[], perLine: new Map(open.map((l) => [l.id, 0])) };
  const charge = cancellationCharge(cancellableLines(open, positions), today);
  return {
    chargePence: charge.chargePence,
    working: charge.working,
    perLine: new Map(open.map((l, i) => [l.id, charge.perLinePence[i]!])),
  };
}

/**
 * Cancels an order nothing has been delivered against, by the buyer or the provider. A buyer
 * cancelling an accepted order is charged under each line's agreed terms (free with enough notice
 * before its start), line by line; a provider cancelling charges nothing. Once work is logged the
 * order stands, and nothing of a contract year that has ended can be cancelled.
 */
export async function cancelOrderIn(
  tx: Scoped,
  tenantId: string,
  orderId: string,
  by: { userId: string; party: 'buyer' | 'provider' },
  reason: string,
  today = londonToday(),
): Promise<boolean> {
  const order = await lockOrder(tx, tenantId, orderId);
  if (!order) return false;
  const next = transition(
    { status: order.status as OrderStatus, submittedBy: order.submitted_by, proposedBy: order.proposed_by },
    { type: 'cancel', by: by.userId, reason },
  );
  if (!next.ok) throw new DomainError('order.transition', next.message, 'reason', 409);
  const lines = await listOrderLines(tx, tenantId, orderId);
  const lastDay = lastDayOf(lines);
  if (lastDay < today)
    throw new DomainError(
      'order.year_ended',
      `This order's contract year ended on ${formatDate(lastDay)}, so it can no longer be cancelled. If something on it should not be paid for, the provider can raise a credit note`,
      'reason',
      409,
    );
  if ((await countOrderDeliveries(tx, tenantId, orderId)) > 0)
    throw new DomainError(
      'order.delivered',
      'Work has already been logged against this order, so it cannot be cancelled here: contact the provider about the cancellation terms',
      'reason',
      409,
    );
  const positions = await linePositions(tx, tenantId, { orderIds: [orderId] }, today);
  const charge = cancellationFor(by.party, order.status as OrderStatus, lines, positions, today);
  await setOrderStatus(tx, tenantId, orderId, {
    status: 'cancelled',
    by: by.userId,
    kind: 'closure',
    reason,
    on: today,
  });
  for (const [lineId, chargePence] of charge.perLine) await cancelOrderLine(tx, tenantId, lineId, chargePence);
  await insertAuditEvent(tx, {
    tenantId,
    actorUserId: by.userId,
    action: 'order.cancelled',
    subjectType: 'order',
    subjectId: orderId,
    detail: { reason, by: by.party, cancellationChargePence: charge.chargePence, working: charge.working },
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
    if (!tenant || !(await cancelOrderIn(tx, tenant.id, orderId, { userId: ctx.userId, party: 'buyer' }, reason)))
      throw notFound();
  });
}
