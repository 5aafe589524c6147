import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { cancelOrderIn } from './cancel-order.server';

/** The provider cancels one of its orders nothing has been delivered against, with a reason; the buyer is not charged. */
export async function cancelOrderAsProvider(ctx: TenantContext, orderId: string, reason: string): Promise<void> {
  const cancelled = await withTenant(ctx, (tx) =>
    cancelOrderIn(tx, ctx.tenantId, orderId, { userId: ctx.userId, party: 'provider' }, reason.trim()),
  );
  if (!cancelled) throw notFound();
}
