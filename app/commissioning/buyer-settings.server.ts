import { findBuyerSettings, saveBuyerSettings } from '../../db/queries/commissioning';
import { withBuyer } from '../../db/scope.server';
import type { BuyerContext } from '../auth/guards.server';

export async function approvalThreshold(ctx: BuyerContext): Promise<number | null> {
  return withBuyer(
    ctx,
    async (tx) => (await findBuyerSettings(tx, ctx.organisationId))?.approval_threshold_pence ?? null,
  );
}

/** Orders at or above the threshold need an approver; null means no approval step. */
export async function setApprovalThreshold(ctx: BuyerContext, thresholdPence: number | null): Promise<void> {
  await withBuyer(ctx, (tx) => saveBuyerSettings(tx, ctx.organisationId, thresholdPence, ctx.userId));
}
