import { insertAuditEvent } from '../../db/queries/audit';
import { openCustomerAccount } from '../../db/queries/customers';
import type { Scoped } from '../../db/scope.server';
import type { BuyerContext } from '../auth/guards.server';

/**
 * Inside a buyer's ordering transaction: the organisation ordered for has an account with the
 * provider from then on, opened from GIAS the first time (so the order can refer to it).
 */
export async function openBuyerAccountIn(tx: Scoped, ctx: BuyerContext, tenantId: string, organisationId: string) {
  const { accountId, opened } = await openCustomerAccount(tx, tenantId, organisationId);
  if (opened)
    await insertAuditEvent(tx, {
      tenantId,
      actorUserId: ctx.userId,
      action: 'customer_account.opened',
      subjectType: 'customer_account',
      subjectId: accountId,
      detail: { organisation: organisationId, reason: 'first order', placedBy: ctx.organisationId },
    });
  return accountId;
}
