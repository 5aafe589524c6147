import { listOrders } from '../../db/queries/commissioning';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { orderPositions } from './line-positions.server';
import type { OrderStatus } from './order-state';

/** This provider's orders, newest first (the latest 200), optionally only those in some statuses. */
export async function listProviderOrders(ctx: TenantContext, statusFilter?: OrderStatus[]) {
  return withTenant(ctx, async (tx) => {
    const orders = await listOrders(tx, { tenantId: ctx.tenantId, status: statusFilter });
    const worth = await orderPositions(
      tx,
      ctx.tenantId,
      orders.map((o) => o.id),
    );
    return orders.map((o) => ({
      id: o.id,
      reference: o.reference,
      buyerName: o.buyerName,
      totalPence: worth.get(o.id)?.owedPence ?? 0,
      status: o.status as OrderStatus,
      submittedAt: o.submitted_at.toISOString(),
    }));
  });
}
