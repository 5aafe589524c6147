import { KEEP_CREDIT_WORDS } from './payment-form';
import { insertAuditEvent } from '../../db/queries/audit';
import {
  findPayment,
  insertAllocation,
  listPaymentAllocations,
  listOpenDocuments,
  lockCustomerMoney,
  type DocumentFacts,
} from '../../db/queries/payments';
import { withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { formatPence } from '../money';
import { customerMoneyIn } from './customer-balance.server';
import { allocationField } from './payment-form';

export interface OpenDocument {
  id: string;
  number: string;
  balancePence: number;
}

export interface AllocationPlan {
  allocations: Array<{ documentId: string; amountPence: number }>;
  /** What stays on the account as credit. */
  creditPence: number;
}

export function openDocumentOf(d: DocumentFacts): OpenDocument {
  return { id: d.id, number: d.number, balancePence: d.totalPence - d.allocatedPence - d.creditedPence };
}

/**
 * How money is spread over a customer's open documents: the amounts typed, or else the oldest
 * first. More than a document owes, or money left over on a new payment, is kept as credit only
 * when the person chose that; otherwise the form says what to change.
 */
export function planAllocations(
  open: readonly OpenDocument[],
  availablePence: number,
  requested: ReadonlyMap<string, number> | null,
  options: { keepCredit: boolean; leftoverNeedsChoice: boolean },
): AllocationPlan {
  const allocations: AllocationPlan['allocations'] = [];
  if (requested === null) {
    let left = availablePence;
    for (const d of open) {
      if (left === 0) break;
      const amountPence = Math.min(left, d.balancePence);
      allocations.push({ documentId: d.id, amountPence });
      left -= amountPence;
    }
  } else {
    const byId = new Map(open.map((d) => [d.id, d]));
    let typed = 0;
    for (const [documentId, amountPence] of requested) {
      const d = byId.get(documentId);
      if (!d)
        throw new DomainError(
          'payment.not_open',
          'That document is not one of this customer’s with something owed: allocate only to the documents listed',
          allocationField(documentId),
        );
      typed += amountPence;
      if (amountPence > d.balancePence && !options.keepCredit)
        throw new DomainError(
          'payment.overpays',
          `${formatPence(amountPence)} is more than the ${formatPence(d.balancePence)} owed on ${d.number}: allocate at most ${formatPence(d.balancePence)}, or choose “${KEEP_CREDIT_WORDS}”`,
          allocationField(documentId),
        );
      allocations.push({ documentId, amountPence: Math.min(amountPence, d.balancePence) });
    }
    if (typed > availablePence)
      throw new DomainError(
        'payment.more_than_available',
        `The amounts come to ${formatPence(typed)}, more than the ${formatPence(availablePence)} there is to allocate`,
        open[0] ? allocationField(open[0].id) : undefined,
      );
  }
  const allocated = allocations.reduce((s, a) => s + a.amountPence, 0);
  const creditPence = availablePence - allocated;
  if (creditPence > 0 && options.leftoverNeedsChoice && !options.keepCredit)
    throw new DomainError(
      'payment.leftover',
      `${formatPence(creditPence)} of the payment is not allocated to a document: allocate it, or choose “${KEEP_CREDIT_WORDS}”`,
      'keepCredit',
    );
  return { allocations: allocations.filter((a) => a.amountPence > 0), creditPence };
}

/** The database's own refusals of an allocation, in words a person can act on. */
export function asAllocationRefusal(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code !== '42501') return error;
  const pence = /Only (\d+) pence/.exec(message)?.[1];
  if (message.includes('of this payment is left to allocate'))
    return new DomainError(
      'payment.more_than_payment',
      `Only ${formatPence(Number(pence))} of this payment is left to allocate: allocate no more than that`,
    );
  if (message.includes('is owed on this document'))
    return new DomainError(
      'payment.overpays',
      `Only ${formatPence(Number(pence))} is owed on that document: allocate no more than that, or keep the rest as credit on the account`,
    );
  if (message.includes('payer') || message.includes('final invoice or recharge'))
    return new DomainError(
      'payment.not_open',
      'A payment goes only to the payer’s own final invoices and recharges: allocate only to the documents listed',
    );
  return error;
}

/** Writes the planned allocations of a payment, each one audited. */
export async function writeAllocations(
  tx: Scoped,
  ctx: TenantContext,
  paymentId: string,
  plan: AllocationPlan,
  open: readonly OpenDocument[],
) {
  for (const a of plan.allocations) {
    const allocationId = await insertAllocation(tx, {
      tenantId: ctx.tenantId,
      paymentId,
      documentId: a.documentId,
      amountPence: a.amountPence,
      allocatedBy: ctx.userId,
    });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'payment.allocated',
      subjectType: 'payment',
      subjectId: paymentId,
      detail: {
        allocationId,
        documentId: a.documentId,
        number: open.find((d) => d.id === a.documentId)?.number ?? null,
        amountPence: a.amountPence,
      },
    });
  }
}

export interface AllocateInput {
  /** Pence per document id, or null for the oldest first. */
  amounts: ReadonlyMap<string, number> | null;
  keepCredit: boolean;
}

/**
 * Allocates what is left of an earlier payment (the customer's credit) to their open documents.
 * Only credit not already refunded can go: the payment's remainder, within what the customer holds.
 */
export async function allocatePayment(ctx: TenantContext, paymentId: string, input: AllocateInput) {
  try {
    return await withTenant(ctx, async (tx) => {
      const payment = await findPayment(tx, ctx.tenantId, paymentId);
      if (!payment) throw notFound();
      await lockCustomerMoney(tx, ctx.tenantId, payment.organisationId);
      const money = await customerMoneyIn(tx, ctx.tenantId, payment.organisationId);
      const available = Math.min(payment.amountPence - payment.allocatedPence, money.allocatablePence);
      if (available <= 0)
        throw new DomainError('payment.nothing_left', 'Nothing of this payment is left to allocate', undefined, 409);
      const open = (await listOpenDocuments(tx, ctx.tenantId, payment.organisationId)).map(openDocumentOf);
      if (open.length === 0)
        throw new DomainError('payment.nothing_owed', 'This customer owes nothing on a final document', undefined, 409);
      const plan = planAllocations(open, available, input.amounts, {
        keepCredit: input.keepCredit,
        leftoverNeedsChoice: false,
      });
      if (plan.allocations.length === 0)
        throw new DomainError(
          'payment.nothing_chosen',
          'Enter an amount to allocate to at least one document',
          allocationField(open[0]!.id),
        );
      await writeAllocations(tx, ctx, paymentId, plan, open);
      return plan;
    });
  } catch (error) {
    throw asAllocationRefusal(error);
  }
}

/** A payment, where it went, and what is left of it to allocate to the customer's open documents. */
export async function viewPayment(ctx: TenantContext, paymentId: string) {
  return withTenant(ctx, async (tx) => {
    const payment = await findPayment(tx, ctx.tenantId, paymentId);
    if (!payment) throw notFound();
    const allocations = await listPaymentAllocations(tx, ctx.tenantId, paymentId);
    const money = await customerMoneyIn(tx, ctx.tenantId, payment.organisationId);
    const availablePence = Math.max(0, Math.min(payment.amountPence - payment.allocatedPence, money.allocatablePence));
    const open = availablePence > 0 ? await listOpenDocuments(tx, ctx.tenantId, payment.organisationId) : [];
    return {
      payment,
      allocations,
      availablePence,
      open: open.map((d) => ({ ...openDocumentOf(d), issuedOn: d.issuedOn, dueOn: d.dueOn, totalPence: d.totalPence })),
    };
  });
}
