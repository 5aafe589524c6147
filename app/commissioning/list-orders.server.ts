import { listOrders } from '../../db/queries/commissioning';
import { withBuyer } from '../../db/scope.server';
import type { BuyerContext } from '../auth/guards.server';

/** The buyer's orders with every provider (a trust's include those for its schools), newest first. */
export async function listBuyerOrders(ctx: BuyerContext) {
  return withBuyer(ctx, (tx) => listOrders(tx, {}));
}
