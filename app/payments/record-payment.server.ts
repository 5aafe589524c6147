import { insertAuditEvent } from '../../db/queries/audit';
import { findCustomerAccount } from '../../db/queries/customers';
import {
  insertPayment,
  listOpenDocuments,
  listPayerAccounts,
  listPayments,
  listPaymentsWithUnallocated,
  lockCustomerMoney,
} from '../../db/queries/payments';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import {
  asAllocationRefusal,
  openDocumentOf,
  planAllocations,
  writeAllocations,
  type AllocationPlan,
} from './allocate-payment.server';
import { customerMoneyIn } from './customer-balance.server';
import type { PaymentFormData } from './payment-form';

export interface RecordPaymentInput extends Omit<PaymentFormData, 'amount'> {
  amountPence: number;
  /** Pence per document id, or null for the oldest first. */
  amounts: ReadonlyMap<string, number> | null;
}

/**
 * Records money received from a customer and allocates it to their open documents in the same
 * transaction: all of it is saved, or none of it.
 */
export async function recordPayment(
  ctx: TenantContext,
  input: RecordPaymentInput,
): Promise<AllocationPlan & { paymentId: string }> {
  try {
    return await withTenant(ctx, async (tx) => {
      const account = await findCustomerAccount(tx, ctx.tenantId, input.accountId);
      if (!account) throw new DomainError('payment.customer', 'Select the customer who paid', 'accountId');
      await lockCustomerMoney(tx, ctx.tenantId, account.organisation_id);
      const open = (await listOpenDocuments(tx, ctx.tenantId, account.organisation_id)).map(openDocumentOf);
      const plan = planAllocations(open, input.amountPence, input.amounts, {
        keepCredit: input.keepCredit,
        leftoverNeedsChoice: true,
      });
      const paymentId = await insertPayment(tx, {
        tenantId: ctx.tenantId,
        organisationId: account.organisation_id,
        receivedOn: input.receivedOn,
        amountPence: input.amountPence,
        method: input.method,
        reference: input.reference,
        recordedBy: ctx.userId,
      });
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'payment.recorded',
        subjectType: 'payment',
        subjectId: paymentId,
        detail: {
          customer: account.name,
          amountPence: input.amountPence,
          method: input.method,
          receivedOn: input.receivedOn,
          creditPence: plan.creditPence,
        },
      });
      await writeAllocations(tx, ctx, paymentId, plan, open);
      return { ...plan, paymentId };
    });
  } catch (error) {
    throw asAllocationRefusal(error);
  }
}

/** The latest payments recorded, newest first. */
export async function listRecentPayments(ctx: TenantContext, limit = 50) {
  const rows = await withTenant(ctx, (tx) => listPayments(tx, ctx.tenantId, limit));
  return rows.map((p) => ({ ...p, unallocatedPence: p.amountPence - p.allocatedPence }));
}

/**
 * What the payment form offers: the customers; for the one chosen, its open documents oldest
 * first, and earlier payments whose credit can go to them instead.
 */
export async function paymentFormFor(ctx: TenantContext, accountId: string | null) {
  return withTenant(ctx, async (tx) => {
    const accounts = await listPayerAccounts(tx, ctx.tenantId);
    const account = accountId ? accounts.find((a) => a.id === accountId) : undefined;
    if (!account) return { accounts, account: null, open: [], credits: [], money: null };
    const open = await listOpenDocuments(tx, ctx.tenantId, account.organisationId);
    const money = await customerMoneyIn(tx, ctx.tenantId, account.organisationId);
    const credits =
      money.allocatablePence > 0 ? await listPaymentsWithUnallocated(tx, ctx.tenantId, account.organisationId) : [];
    return {
      accounts,
      account,
      open: open.map((d) => ({ ...openDocumentOf(d), issuedOn: d.issuedOn, dueOn: d.dueOn, totalPence: d.totalPence })),
      credits,
      money,
    };
  });
}
