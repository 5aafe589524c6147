import { listOrders } from '../../db/queries/commissioning';
import { withBuyer } from '../../db/scope.server';
import type { BuyerContext } from '../auth/guards.server';
import { orderPositions } from './line-positions.server';

/** The buyer's orders with every provider (a trust's include those for its schools), newest first, with what each is worth now. */
export async function listBuyerOrders(ctx: BuyerContext) {
  return withBuyer(ctx, async (tx) => {
    const orders = await listOrders(tx, { actingBuyer: true });
    const worth = await orderPositions(
      tx,
      null,
      orders.map((o) => o.id),
    );
    return orders.map((o) => ({ ...o, totalPence: worth.get(o.id)?.owedPence ?? 0 }));
  });
}
