import { insertAuditEvent } from '../../db/queries/audit';
import {
  insertBudgetVersion,
  listAuthorityBrokerages,
  listBrokeredConfirmed,
  listBudgetVersions,
  listCoreDrawn,
  listCostServices,
  listEntitlements,
} from '../../db/queries/improvement-budgets';
import { withTenant } from '../../db/scope.server';
import { notFound, requireTenantMember, type TenantContext } from '../auth/guards.server';
import { providerCan, type ProviderPermission } from '../auth/permissions';
import { financialYear } from '../income/income-tables';
import type { BudgetInput } from './budget-form';
import { budgetPosition, type BrokeredFunding } from './budget-position';
import { budgetTables } from './budget-tables';
import { categoriesIn, offersCategories } from './categories.server';
import { coreDayCostPence, serviceDayCostPence } from './core-day-cost';

/**
 * The school improvement budget is a council's: reading it needs improvement.view or
 * finance.manage, setting it improvement.manage or finance.manage. A teaching school or trust has
 * none (404), like the categories of support.
 */
export async function requireBudgetAccess(
  request: Request,
  slug: string | undefined,
  want: 'read' | 'set',
): Promise<TenantContext> {
  const ctx = await requireTenantMember(request, slug, 'tenant.view');
  if (!offersCategories(ctx)) throw notFound();
  if (!canBudget(ctx, want))
    throw new Response('You do not have permission to do this. Ask your tenant admin.', { status: 403 });
  return ctx;
}

export function canBudget(ctx: TenantContext, want: 'read' | 'set'): boolean {
  const improvement: ProviderPermission = want === 'read' ? 'improvement.view' : 'improvement.manage';
  return providerCan(ctx.role, improvement) || providerCan(ctx.role, 'finance.manage');
}

/** Costs of a core day read from the financial year the academic year starts in (2026/27 → April 2026). */
const costYearStart = (academicYear: number) => financialYear(academicYear - 1).start;

/** Lines that will deliver no more: what they confirmed is spent, nothing is committed. */
const CLOSED_LINES = new Set(['cancelled', 'declined', 'rejected', 'completed']);

/** The year's budget, its history, the services that can cost a core day, and where the budget stands. */
export async function improvementBudget(ctx: TenantContext, academicYear: number) {
  return withTenant(ctx, async (tx) => {
    const versions = await listBudgetVersions(tx, ctx.tenantId, academicYear);
    const current = versions.find((v) => v.current) ?? null;
    const services = (await listCostServices(tx, ctx.tenantId, costYearStart(academicYear))).map((s) => ({
      ...s,
      dayCostPence: serviceDayCostPence(s),
    }));
    const costService = current?.costServiceId ? (services.find((s) => s.id === current.costServiceId) ?? null) : null;
    const costPerDayPence = current ? coreDayCostPence(current.costPerDayPence, costService) : null;
    const [core, entitlements, brokerages, confirmed] = await Promise.all([
      listCoreDrawn(tx, ctx.tenantId, academicYear),
      listEntitlements(tx, ctx.tenantId, academicYear),
      listAuthorityBrokerages(tx, ctx.tenantId, academicYear),
      listBrokeredConfirmed(tx, academicYear),
    ]);
    const brokered: BrokeredFunding[] = brokerages.map((b) => ({
      daysHundredths: b.daysHundredths,
      dayRatePence: b.dayRatePence,
      open: !CLOSED_LINES.has(b.lineStatus ?? ''),
      cancellationCharge:
        b.cancelledMonth && b.cancellationChargePence > 0
          ? { month: b.cancelledMonth, pence: b.cancellationChargePence }
          : null,
      confirmed: confirmed
        .filter((c) => c.brokerageId === b.id)
        .map((c) => ({ month: c.month, hundredths: c.confirmedHundredths })),
    }));
    const position = budgetPosition({
      academicYear,
      budgetPence: current?.budgetPence ?? null,
      costPerDayPence,
      core: core.map((c) => ({ ...c, fundedHundredths: Number(c.fundedHundredths) })),
      entitlements: entitlements.map((e) => ({ ...e, drawnHundredths: Number(e.drawnHundredths) })),
      brokered,
    });
    const names = new Map((await categoriesIn(tx, ctx.tenantId)).map((c) => [c.level, c.name]));
    const tables = budgetTables(position, names);
    const charts = {
      summary: {
        categories: tables.summary.rows.map((r) => String(r[0])),
        series: [{ name: 'Amount', values: tables.summary.rows.map((r) => r[1] as number | null) }],
      },
      byMonth: {
        categories: position.byMonth.map((m) => m.label),
        series: [
          { name: 'Core days', values: position.byMonth.map((m) => m.corePence) },
          { name: 'Brokered support', values: position.byMonth.map((m) => m.brokeredPence) },
        ],
      },
    };
    return { current, versions, services, costService, position, tables, charts };
  });
}

export type SetBudgetResult = { ok: true } | { ok: false; conflict: true };

/** Someone else set the same year's budget between this one's read and its write. */
const CONFLICT_CONSTRAINTS = ['improvement_budgets_first', 'improvement_budgets_tenant_id_supersedes_key'];
function isConcurrentChange(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e?.code !== '23505') return false;
  const where = `${String(e.constraint ?? '')} ${String(e.message ?? '')}`;
  return CONFLICT_CONSTRAINTS.some((c) => where.includes(c));
}

/**
 * Sets the year's budget and how a core day is costed: a new version superseding the current one
 * (never an edit), audited with what it was. Saving what is already set changes nothing.
 */
export async function setImprovementBudget(ctx: TenantContext, input: BudgetInput): Promise<SetBudgetResult> {
  try {
    await withTenant(ctx, async (tx) => {
      const current = (await listBudgetVersions(tx, ctx.tenantId, input.academicYear)).find((v) => v.current);
      if (
        current &&
        current.budgetPence === input.budgetPence &&
        current.costServiceId === input.costServiceId &&
        current.costPerDayPence === input.costPerDayPence
      )
        return;
      const id = await insertBudgetVersion(tx, ctx.tenantId, { ...input, supersedes: current?.id ?? null }, ctx.userId);
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'improvement_budget.set',
        subjectType: 'improvement_budget',
        subjectId: id,
        detail: {
          academicYear: input.academicYear,
          budgetPence: input.budgetPence,
          costServiceId: input.costServiceId,
          costPerDayPence: input.costPerDayPence,
          before: current
            ? {
                budgetPence: current.budgetPence,
                costServiceId: current.costServiceId,
                costPerDayPence: current.costPerDayPence,
              }
            : null,
        },
      });
    });
    return { ok: true };
  } catch (error) {
    if (isConcurrentChange(error)) return { ok: false, conflict: true };
    throw error;
  }
}

/** The ids of the services whose cost may price a core day (the form accepts only these). */
export async function costServiceIds(ctx: TenantContext): Promise<string[]> {
  return withTenant(ctx, async (tx) =>
    (await listCostServices(tx, ctx.tenantId, costYearStart(2000))).map((s) => s.id),
  );
}
