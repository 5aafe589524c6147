import type { Db } from './client.server';
import { insertBudgetVersion, listBudgetVersions } from './queries/improvement-budgets';
import { findUserIdByEmail } from './queries/platform';
import { runScoped } from './scope.server';

/**
 * The demo councils' school improvement budgets for 2026/27, so the budget page has something to
 * show: Southampton's costs a core day by its adviser day's cost model; Peterborough's (about
 * £550k a year, as its report says) at a cost per day set directly. Set once: a budget changed since
 * is the demo user's to keep.
 */
const DEMO_BUDGETS = [
  {
    slug: 'southampton',
    academicYear: 2027,
    budgetPence: 42_000_000,
    costServiceCode: 'SI-ADVISER',
    costPerDayPence: null,
    setBy: 'services@southampton.example',
  },
  {
    slug: 'peterborough',
    academicYear: 2027,
    budgetPence: 55_000_000,
    costServiceCode: null,
    costPerDayPence: 52_500,
    setBy: 'services@peterborough.example',
  },
] as const;

export async function seedImprovementBudgets(db: Db, tenantIds: ReadonlyMap<string, string>) {
  for (const demo of DEMO_BUDGETS) {
    const tenantId = tenantIds.get(demo.slug);
    const userId = await findUserIdByEmail(db, demo.setBy);
    if (!tenantId || !userId) continue;
    await runScoped(db, { tenantId, userId }, async (tx) => {
      if ((await listBudgetVersions(tx, tenantId, demo.academicYear)).length > 0) return;
      const service = demo.costServiceCode
        ? await tx
            .selectFrom('services')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('code', '=', demo.costServiceCode)
            .executeTakeFirst()
        : undefined;
      await insertBudgetVersion(
        tx,
        tenantId,
        {
          academicYear: demo.academicYear,
          budgetPence: demo.budgetPence,
          costServiceId: service?.id ?? null,
          costPerDayPence: demo.costPerDayPence,
          supersedes: null,
        },
        userId,
      );
    });
  }
}
