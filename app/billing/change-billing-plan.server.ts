import { insertAuditEvent } from '../../db/queries/audit';
import { findLineBillingPlan, updateLineBillingPlan } from '../../db/queries/billing-runs';
import type { BillingPlan } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';

/** A line's billing plan, and whether it can still change (not once anything on it is billed). */
export async function lineBillingPlan(ctx: TenantContext, lineId: string) {
  return withTenant(ctx, async (tx) => {
    const found = await findLineBillingPlan(tx, ctx.tenantId, lineId);
    if (!found) throw notFound();
    return { plan: found.billingPlan, fixed: Boolean(found.billed) };
  });
}

/**
 * Changes how a line is billed, while nothing on it has been billed: afterwards the plan decided
 * what was billed, and the database refuses the change too.
 */
export async function changeBillingPlan(ctx: TenantContext, lineId: string, plan: BillingPlan) {
  await withTenant(ctx, async (tx) => {
    const found = await findLineBillingPlan(tx, ctx.tenantId, lineId);
    if (!found) throw notFound();
    if (found.billingPlan === plan) return;
    if (found.billed)
      throw new DomainError(
        'billing.plan_fixed',
        'The billing plan cannot change: something on this line has already been billed',
        'billingPlan',
        409,
      );
    await updateLineBillingPlan(tx, ctx.tenantId, lineId, plan);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'line.billing_plan_changed',
      subjectType: 'order_line',
      subjectId: lineId,
      detail: { from: found.billingPlan, to: plan },
    });
  });
}
