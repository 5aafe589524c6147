import { listOrders } from '../../db/queries/commissioning';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import type { OrderStatus } from './order-state';

/** This provider's orders, newest first (the latest 200), optionally only those in some statuses. */
export async function listProviderOrders(ctx: TenantContext, statusFilter?: OrderStatus[]) {
  const orders = await withTenant(ctx, (tx) => listOrders(tx, { tenantId: ctx.tenantId, status: statusFilter }));
  return orders.map((o) => ({
    id: o.id,
    reference: o.reference,
    buyerName: o.buyerName,
    totalPence: o.total_pence,
    status: o.status as OrderStatus,
    submittedAt: o.submitted_at.toISOString(),
  }));
}
