import { listCustomerMoney, type CustomerMoneyRow } from '../../db/queries/payments';
import { withTenant, type Scoped } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';

export interface CustomerMoney extends CustomerMoneyRow {
  /** Payments not yet allocated to a document. */
  unallocatedPence: number;
  /** What the provider holds for the customer: unallocated payments and excess credit, less refunds. */
  creditHeldPence: number;
  /**
   * Of the credit held, what can still go to documents from payments. Refunds are taken from
   * credit-note credit first, which no payment carries, then from unallocated payments.
   */
  allocatablePence: number;
  /** Owed less credit held: what the statement's running balance ends on. */
  netPence: number;
}

export function customerMoneyOf(row: CustomerMoneyRow): CustomerMoney {
  const unallocatedPence = row.paidInPence - row.allocatedPence;
  const creditHeldPence = unallocatedPence + row.creditedBeyondUnpaidPence - row.refundedPence;
  const allocatablePence = Math.max(
    0,
    unallocatedPence - Math.max(0, row.refundedPence - row.creditedBeyondUnpaidPence),
  );
  return {
    ...row,
    unallocatedPence,
    creditHeldPence,
    allocatablePence,
    netPence: row.owedPence - creditHeldPence,
  };
}

/** Nothing billed, paid or refunded yet: all zero. */
function nothingYet(tenantId: string, organisationId: string): CustomerMoney {
  return customerMoneyOf({
    tenantId,
    providerName: '',
    providerSlug: '',
    organisationId,
    customerName: '',
    accountId: null,
    owedPence: 0,
    overduePence: 0,
    paidInPence: 0,
    allocatedPence: 0,
    creditedBeyondUnpaidPence: 0,
    refundedPence: 0,
  });
}

/** One customer's balance, inside a transaction the caller holds (after locking its money). */
export async function customerMoneyIn(tx: Scoped, tenantId: string, organisationId: string): Promise<CustomerMoney> {
  const [row] = await listCustomerMoney(tx, { tenantId, organisationId }, londonToday());
  return row ? customerMoneyOf(row) : nothingYet(tenantId, organisationId);
}

/** Every customer of the provider with money on the books, in one query. */
export async function listCustomerBalances(ctx: TenantContext): Promise<CustomerMoney[]> {
  const rows = await withTenant(ctx, (tx) => listCustomerMoney(tx, { tenantId: ctx.tenantId }, londonToday()));
  return rows.map(customerMoneyOf);
}
