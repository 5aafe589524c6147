import { listAgedDebt, type AgedDebtRow } from '../../db/queries/aged-debt';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import type { IsoDate } from '../calendar/contract-year';
import { AGE_BUCKETS, noAmounts, type AgedAmounts } from './age-buckets';

export interface AgedDebtReport {
  asOf: IsoDate;
  customers: AgedDebtRow[];
  totals: AgedAmounts & { totalPence: number; documents: number };
}

/** Adds up the customers' ages into the tenant's totals. */
export function agedDebtTotals(customers: readonly AgedDebtRow[]): AgedDebtReport['totals'] {
  const totals = { ...noAmounts(), totalPence: 0, documents: 0 };
  for (const c of customers) {
    for (const b of AGE_BUCKETS) totals[b.key] += c[b.key];
    totals.totalPence += c.totalPence;
    totals.documents += c.documents;
  }
  return totals;
}

/** What each customer owes by age as of a date, and in total. */
export async function agedDebtReport(ctx: TenantContext, asOf: IsoDate): Promise<AgedDebtReport> {
  const customers = await withTenant(ctx, (tx) => listAgedDebt(tx, ctx.tenantId, asOf));
  return { asOf, customers, totals: agedDebtTotals(customers) };
}
