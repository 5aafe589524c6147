import {
  listReconciliationCells,
  listReconciliationExceptions,
  reconciliationNames,
} from '../../db/queries/reconciliation';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import type { ReconciliationQuestion } from './reconciliation-form';
import { groupCells, totalOf } from './reconciliation-views';

/**
 * Agreed, delivered, billed, credited, paid and outstanding for the question's period and filters,
 * grouped the way it asks, with control totals and the exceptions to clear; and the names the
 * filters offer.
 */
export async function reconcile(ctx: TenantContext, question: ReconciliationQuestion | null) {
  return withTenant(ctx, async (tx) => {
    const names = await reconciliationNames(tx, ctx.tenantId);
    if (!question) return { names, rows: [], total: null, exceptions: [] };
    const scope = { ...question, asOf: londonToday() };
    const cells = await listReconciliationCells(tx, ctx.tenantId, scope);
    const exceptions = await listReconciliationExceptions(tx, ctx.tenantId, scope);
    const lookup = {
      service: names.services,
      customer: names.customers,
      practitioner: names.practitioners,
      agreement: names.agreements,
    }[question.view];
    const rows = groupCells(cells, question.view, new Map(lookup.map((n) => [n.id, n.name])));
    return { names, rows, total: totalOf(cells), exceptions };
  });
}
