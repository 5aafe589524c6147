import { randomUUID } from 'node:crypto';
import { insertAuditEvent } from '../../db/queries/audit';
import { decideBankLine, findBankLine, insertBankPayments } from '../../db/queries/cash';
import { findCustomerAccount } from '../../db/queries/customers';
import { listOpenDocuments, lockCustomerMoney } from '../../db/queries/payments';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import {
  asAllocationRefusal,
  openDocumentOf,
  planAllocations,
  writeAllocations,
} from '../payments/allocate-payment.server';
import { bankPaymentExternalId } from './import-statement.server';

export interface MatchBankLineInput {
  accountId: string;
  /** Pence per document id (a split across invoices), or null for the oldest first. */
  amounts: ReadonlyMap<string, number> | null;
  keepCredit: boolean;
}

export function alreadyDecided(): DomainError {
  return new DomainError(
    'bank_line.decided',
    'This bank line has already been matched or marked not ours: nothing was changed',
    undefined,
    409,
  );
}

/**
 * A person matches a waiting credit line to a customer's documents, one or several with the
 * amounts typed (a split), or the oldest first. The line becomes a payment with its allocations,
 * by the same rules as a payment recorded by hand; more than a document owes is refused.
 */
export async function matchBankLine(ctx: TenantContext, lineId: string, input: MatchBankLineInput) {
  try {
    return await withTenant(ctx, async (tx) => {
      const line = await findBankLine(tx, ctx.tenantId, lineId, true);
      if (!line) throw notFound();
      if (line.status !== 'unmatched') throw alreadyDecided();
      const account = await findCustomerAccount(tx, ctx.tenantId, input.accountId);
      if (!account) throw new DomainError('payment.customer', 'Select the customer who paid', 'accountId');
      await lockCustomerMoney(tx, ctx.tenantId, account.organisation_id);
      const open = (await listOpenDocuments(tx, ctx.tenantId, account.organisation_id)).map(openDocumentOf);
      const plan = planAllocations(open, line.amountPence, input.amounts, {
        keepCredit: input.keepCredit,
        leftoverNeedsChoice: true,
      });
      const paymentId = randomUUID();
      await insertBankPayments(tx, ctx.tenantId, ctx.userId, [
        {
          id: paymentId,
          organisationId: account.organisation_id,
          receivedOn: line.bookedOn,
          amountPence: line.amountPence,
          reference: (line.reference || line.payerName).slice(0, 100),
          externalId: bankPaymentExternalId(line.fingerprint),
        },
      ]);
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'payment.recorded',
        subjectType: 'payment',
        subjectId: paymentId,
        detail: {
          customer: account.name,
          amountPence: line.amountPence,
          method: 'bank_transfer',
          receivedOn: line.bookedOn,
          creditPence: plan.creditPence,
          bankLineId: line.id,
        },
      });
      await writeAllocations(tx, ctx, paymentId, plan, open);
      const numbers = plan.allocations.map((a) => open.find((d) => d.id === a.documentId)?.number).filter(Boolean);
      await decideBankLine(tx, ctx.tenantId, line.id, {
        status: 'matched',
        paymentId,
        reason:
          `Matched by hand to ${account.name}${numbers.length ? `: ${numbers.join(', ')}` : ''}${plan.creditPence > 0 ? ', the rest kept as credit' : ''}`.slice(
            0,
            300,
          ),
        decidedBy: ctx.userId,
      });
      return { paymentId, statementId: line.statementId, ...plan };
    });
  } catch (error) {
    throw asAllocationRefusal(error);
  }
}
