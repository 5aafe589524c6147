import { insertAuditEvent } from '../../db/queries/audit';
import { findCustomerAccount } from '../../db/queries/customers';
import { insertCreditRefund, lockCustomerMoney } from '../../db/queries/payments';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { formatPence } from '../money';
import { customerMoneyIn } from './customer-balance.server';
import type { RefundFormData } from './payment-form';

/** Records that credit held for a customer was paid back to them; never more than they hold. */
export async function refundCredit(ctx: TenantContext, accountId: string, input: RefundFormData): Promise<string> {
  return withTenant(ctx, async (tx) => {
    const account = await findCustomerAccount(tx, ctx.tenantId, accountId);
    if (!account) throw notFound();
    await lockCustomerMoney(tx, ctx.tenantId, account.organisation_id);
    const money = await customerMoneyIn(tx, ctx.tenantId, account.organisation_id);
    if (money.creditHeldPence <= 0)
      throw new DomainError('refund.no_credit', `${account.name} has no credit to refund`, 'amount', 409);
    if (input.amount > money.creditHeldPence)
      throw new DomainError(
        'refund.more_than_credit',
        `${account.name} has ${formatPence(money.creditHeldPence)} credit: refund no more than that`,
        'amount',
      );
    const refundId = await insertCreditRefund(tx, {
      tenantId: ctx.tenantId,
      organisationId: account.organisation_id,
      refundedOn: input.refundedOn,
      amountPence: input.amount,
      reference: input.reference,
      recordedBy: ctx.userId,
    });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'credit.refunded',
      subjectType: 'customer_account',
      subjectId: accountId,
      detail: { refundId, customer: account.name, amountPence: input.amount, refundedOn: input.refundedOn },
    });
    return refundId;
  });
}
