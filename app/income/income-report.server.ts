import { listIncomeByServiceAndMonth, listServiceCosts, listTakeUp } from '../../db/queries/income';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import {
  byMonthTable,
  financialYear,
  incomeByService,
  recoveryRows,
  recoveryTable,
  stoppedTable,
  takeUp,
  takeUpByServiceTable,
  takeUpTable,
  type IncomeTableKey,
  type ReportTable,
} from './income-tables';

/** A bar chart's numbers: one bar per series in each category, the same numbers as its table. */
export interface ChartData {
  categories: string[];
  series: Array<{ name: string; values: Array<number | null> }>;
}

/**
 * A financial year's income, cost recovery and take-up, read in one scoped transaction: every
 * table on the page (and in its downloads) and the numbers each chart draws.
 */
export async function incomeReport(ctx: TenantContext, startYear: number) {
  const year = financialYear(startYear);
  const before = financialYear(startYear - 1);
  const facts = await withTenant(ctx, async (tx) => ({
    income: await listIncomeByServiceAndMonth(tx, ctx.tenantId, year),
    services: await listServiceCosts(tx, ctx.tenantId, year),
    takeUp: await listTakeUp(tx, ctx.tenantId, before, year),
  }));
  const income = incomeByService(facts.income, facts.services, startYear);
  const recovery = recoveryRows(income, facts.services);
  const bought = takeUp(facts.takeUp, facts.services, startYear);
  const tables: Record<IncomeTableKey, ReportTable> = {
    'by-month': byMonthTable(income, year.label),
    recovery: recoveryTable(recovery, year.label),
    'take-up-by-service': takeUpByServiceTable(bought, year.label, before.label),
    'take-up': takeUpTable(bought, year.label, before.label),
    stopped: stoppedTable(bought, year.label, before.label),
  };
  const charts = {
    byMonth: {
      categories: income.months.map((m) => m.label),
      series: [{ name: 'Income', values: income.monthTotals }],
    },
    recovery: {
      categories: recovery.rows.map((r) => r.name),
      series: [
        { name: 'Income', values: recovery.rows.map((r) => r.incomePence) },
        { name: 'Cost', values: recovery.rows.map((r) => r.costPence) },
        { name: 'Income budget', values: recovery.rows.map((r) => r.budgetPence) },
      ],
    },
    takeUp: {
      categories: bought.byService.map((s) => s.name),
      series: [
        { name: before.label, values: bought.byService.map((s) => s.lastYear) },
        { name: year.label, values: bought.byService.map((s) => s.thisYear) },
      ],
    },
  } satisfies Record<string, ChartData>;
  return { year, before, tables, charts };
}
