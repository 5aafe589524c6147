import { deliveriesInStatus, openRenewalsUnanswered, ordersInStatus } from '../../db/queries/work-queue';
import { withBuyer } from '../../db/scope.server';
import type { BuyerContext } from '../auth/guards.server';
import { buyerCan } from '../auth/permissions';
import { contractYearLabel, londonToday } from '../calendar/contract-year';
import { FIRST_FEW } from './load-provider-queue.server';

/**
 * What waits for this person at their organisation (a trust's includes its schools), section by
 * section as their role covers it: null where the role does not do that work. Row-level security
 * keeps every query to the buyer's own organisations.
 */
export async function loadBuyerQueue(ctx: BuyerContext, today = londonToday()) {
  const can = (p: Parameters<typeof buyerCan>[1]) => buyerCan(ctx.role, p);
  return withBuyer(ctx, async (tx) => {
    // Nobody approves an order they placed themselves, so those wait for someone else.
    const ordersToApprove = can('buy.approve')
      ? await ordersInStatus(
          tx,
          { status: ['awaiting_approval'], proposedBy: 'buyer', notSubmittedBy: ctx.userId },
          FIRST_FEW,
        )
      : null;
    const agreementLinesToAnswer = can('buy.commission')
      ? await ordersInStatus(tx, { status: ['awaiting_approval'], proposedBy: 'provider' }, FIRST_FEW)
      : null;
    const confirms = can('buy.confirm');
    const deliveriesToConfirm = confirms ? await deliveriesInStatus(tx, { status: 'logged' }, FIRST_FEW) : null;
    const renewalsOpen = confirms
      ? (await openRenewalsUnanswered(tx, null, today)).map((r) => ({
          ...r,
          label: contractYearLabel(r.yearKind, r.yearStart),
        }))
      : null;
    const ordersInProgress = confirms
      ? await ordersInStatus(tx, { status: ['awaiting_approval', 'awaiting_provider', 'accepted'] }, FIRST_FEW)
      : null;
    return { ordersToApprove, agreementLinesToAnswer, deliveriesToConfirm, renewalsOpen, ordersInProgress };
  });
}
