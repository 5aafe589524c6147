import { listContactOfficersForBuyer } from '../../db/queries/commissioning';
import { withBuyer } from '../../db/scope.server';
import type { BuyerContext } from '../auth/guards.server';

/** Each provider's named contact officer for the buyer's schools. */
export async function contactOfficersForBuyer(ctx: BuyerContext) {
  return withBuyer(ctx, (tx) => listContactOfficersForBuyer(tx));
}
