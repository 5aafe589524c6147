import { insertAuditEvent } from '../../db/queries/audit';
import { listBudgets, listBudgetServices, upsertBudget } from '../../db/queries/income';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import type { BudgetInput } from './budget-form';
import { financialYear } from './income-tables';

/** The services a budget can be set for, with what is set for the year (null where not set). */
export async function budgetsFor(ctx: TenantContext, startYear: number) {
  const year = financialYear(startYear);
  return withTenant(ctx, async (tx) => {
    const services = await listBudgetServices(tx, ctx.tenantId);
    const set = new Map((await listBudgets(tx, ctx.tenantId, year.start)).map((b) => [b.serviceId, b]));
    return services.map((s) => {
      const b = set.get(s.id);
      return {
        ...s,
        incomeBudgetPence: b?.incomeBudgetPence ?? null,
        costPence: b?.costPence ?? null,
        costPerUnitPence: b?.costPerUnitPence ?? null,
      };
    });
  });
}

const same = (a: number | null | undefined, b: number | null) => (a ?? null) === b;

/**
 * Sets each service's income budget and cost for a financial year, in one transaction: only the
 * services whose amounts changed are written, each change audited against the service with what it
 * was and what it is now. Returns how many services changed.
 */
export async function setServiceBudgets(ctx: TenantContext, startYear: number, inputs: readonly BudgetInput[]) {
  const year = financialYear(startYear);
  return withTenant(ctx, async (tx) => {
    const own = new Set((await listBudgetServices(tx, ctx.tenantId)).map((s) => s.id));
    const before = new Map((await listBudgets(tx, ctx.tenantId, year.start, true)).map((b) => [b.serviceId, b]));
    let changed = 0;
    for (const input of inputs) {
      if (!own.has(input.serviceId)) continue;
      const was = before.get(input.serviceId);
      if (
        same(was?.incomeBudgetPence, input.incomeBudgetPence) &&
        same(was?.costPence, input.costPence) &&
        same(was?.costPerUnitPence, input.costPerUnitPence)
      )
        continue;
      await upsertBudget(tx, ctx.tenantId, year.start, input, ctx.userId);
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'service_budget.changed',
        subjectType: 'service',
        subjectId: input.serviceId,
        detail: {
          year: year.label,
          incomeBudgetPence: input.incomeBudgetPence,
          costPence: input.costPence,
          costPerUnitPence: input.costPerUnitPence,
          before: was
            ? {
                incomeBudgetPence: was.incomeBudgetPence,
                costPence: was.costPence,
                costPerUnitPence: was.costPerUnitPence,
              }
            : null,
        },
      });
      changed++;
    }
    return changed;
  });
}
