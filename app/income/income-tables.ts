import { costPerUnitPence, recoveryPercent } from '../catalogue/cost-recovery';
import { contractYearStarting } from '../calendar/contract-year';
import { formatPence, penceToPoundsText } from '../money';
import type { IncomeCell, ServiceCostFacts, TakeUpFacts } from '../../db/queries/income';

/** The tables of the income page, each downloadable as CSV under this name. */
export const INCOME_TABLES = ['by-month', 'recovery', 'take-up-by-service', 'take-up', 'stopped'] as const;
export type IncomeTableKey = (typeof INCOME_TABLES)[number];

export type ColumnKind = 'text' | 'money' | 'percent' | 'count';
export interface ReportColumn {
  heading: string;
  kind: ColumnKind;
  /** What an empty cell says on the page ("Not set"); in CSV it is blank. */
  empty?: string;
}
export type ReportCell = string | number | null;

/** One table, as both the page and its CSV download show it: the same rows, formatted for each. */
export interface ReportTable {
  key: IncomeTableKey;
  caption: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
}

export const OTHER_SERVICE = 'Other (billed without a service)';
const ALL_SERVICES = 'All services';
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The financial year starting 1 April of `startYear`: its days and its name ("2026/27 financial year"). */
export function financialYear(startYear: number) {
  const range = contractYearStarting(startYear, 'financial');
  return { startYear, ...range, label: `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}` };
}

/** The twelve months of a financial year, April first, as yyyy-mm keys and short names ("Apr 2026"). */
export function monthsOf(startYear: number): Array<{ key: string; label: string }> {
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((3 + i) % 12) + 1;
    const year = month >= 4 ? startYear : startYear + 1;
    return { key: `${year}-${String(month).padStart(2, '0')}`, label: `${MONTH_NAMES[month - 1]} ${year}` };
  });
}

/** A cell as the page shows it. */
export function cellText(column: ReportColumn, value: ReportCell): string {
  if (value === null) return column.empty ?? '';
  if (typeof value === 'string') return value;
  if (column.kind === 'money') return formatPence(value);
  if (column.kind === 'percent') return `${value}%`;
  return String(value);
}

/** A cell as the CSV file holds it: amounts in pounds without the sign, percentages as numbers. */
export function cellCsv(column: ReportColumn, value: ReportCell): string | number | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (column.kind === 'money') return penceToPoundsText(value);
  return value;
}

interface ServiceName {
  serviceId: string;
  name: string;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en-GB');

/** Income for each service (and Other) by month, with totals: the service id is null for Other. */
export function incomeByService(cells: readonly IncomeCell[], services: readonly ServiceName[], startYear: number) {
  const months = monthsOf(startYear);
  const names = new Map(services.map((s) => [s.serviceId, s.name]));
  const perService = new Map<string | null, Map<string, number>>();
  for (const c of cells) {
    const row = perService.get(c.serviceId) ?? new Map<string, number>();
    row.set(c.month, (row.get(c.month) ?? 0) + Number(c.netPence));
    perService.set(c.serviceId, row);
  }
  const rows = [...perService.entries()]
    .map(([serviceId, byMonth]) => {
      const values = months.map((m) => byMonth.get(m.key) ?? 0);
      return {
        serviceId,
        name: serviceId === null ? OTHER_SERVICE : (names.get(serviceId) ?? 'A service no longer listed'),
        values,
        total: sum(values),
      };
    })
    .sort((a, b) => (a.serviceId === null ? 1 : b.serviceId === null ? -1 : byName(a, b)));
  const monthTotals = months.map((_, i) => sum(rows.map((r) => r.values[i]!)));
  return { months, rows, monthTotals, total: sum(monthTotals) };
}

export type IncomeByService = ReturnType<typeof incomeByService>;

export function byMonthTable(income: IncomeByService, yearLabel: string): ReportTable {
  return {
    key: 'by-month',
    caption: `Income by service and month, ${yearLabel} financial year`,
    columns: [
      { heading: 'Service', kind: 'text' },
      ...income.months.map((m) => ({ heading: m.label, kind: 'money' as const })),
      { heading: 'Total', kind: 'money' },
    ],
    rows:
      income.rows.length === 0
        ? []
        : [
            ...income.rows.map((r) => [r.name, ...r.values, r.total]),
            [ALL_SERVICES, ...income.monthTotals, income.total],
          ],
  };
}

/**
 * A service's cost for the year: its yearly cost and its cost per unit for the units delivered. The
 * cost per unit set for the year wins; without one, the service's own cost model gives it.
 */
export function serviceCostPence(s: ServiceCostFacts): number | null {
  const unitCost = s.costPerUnitPence ?? costPerUnitPence(s, s.unitKind, s.unitHours);
  if (s.costPence === null && unitCost === null) return null;
  const perUnit = unitCost === null ? 0 : Math.round((unitCost * Number(s.deliveredHundredths)) / 100);
  return (s.costPence ?? 0) + perUnit;
}

export interface RecoveryRow {
  name: string;
  incomePence: number;
  costPence: number | null;
  recoveryPercent: number | null;
  budgetPence: number | null;
  variancePence: number | null;
}

/**
 * Each service that earned, or has a budget or cost set, in the year: income against cost (the
 * recovery) and against budget (the variance, income less budget). Totals count what is set.
 */
export function recoveryRows(income: IncomeByService, services: readonly ServiceCostFacts[]) {
  const earned = new Map(income.rows.map((r) => [r.serviceId, r.total]));
  const rows: RecoveryRow[] = [];
  for (const s of services) {
    const incomePence = earned.get(s.serviceId) ?? 0;
    const costPence = serviceCostPence(s);
    const budgetPence = s.incomeBudgetPence === null ? null : Number(s.incomeBudgetPence);
    if (!earned.has(s.serviceId) && costPence === null && budgetPence === null) continue;
    rows.push({
      name: s.name,
      incomePence,
      costPence,
      recoveryPercent: recoveryPercent(incomePence, costPence),
      budgetPence,
      variancePence: budgetPence === null ? null : incomePence - budgetPence,
    });
  }
  rows.sort(byName);
  const other = earned.get(null);
  if (other !== undefined)
    rows.push({
      name: OTHER_SERVICE,
      incomePence: other,
      costPence: null,
      recoveryPercent: null,
      budgetPence: null,
      variancePence: null,
    });
  const setCosts = rows.filter((r) => r.costPence !== null).map((r) => r.costPence!);
  const setBudgets = rows.filter((r) => r.budgetPence !== null).map((r) => r.budgetPence!);
  const incomePence = sum(rows.map((r) => r.incomePence));
  const costPence = setCosts.length ? sum(setCosts) : null;
  const budgetPence = setBudgets.length ? sum(setBudgets) : null;
  const total: RecoveryRow = {
    name: ALL_SERVICES,
    incomePence,
    costPence,
    recoveryPercent: recoveryPercent(incomePence, costPence),
    budgetPence,
    variancePence: budgetPence === null ? null : incomePence - budgetPence,
  };
  return { rows, total };
}

export function recoveryTable(recovery: ReturnType<typeof recoveryRows>, yearLabel: string): ReportTable {
  return {
    key: 'recovery',
    caption: `Cost recovery and budget against actual, ${yearLabel} financial year`,
    columns: [
      { heading: 'Service', kind: 'text' },
      { heading: 'Income', kind: 'money' },
      { heading: 'Cost', kind: 'money', empty: 'Not set' },
      { heading: 'Recovery', kind: 'percent', empty: 'Not known' },
      { heading: 'Income budget', kind: 'money', empty: 'Not set' },
      { heading: 'Income less budget', kind: 'money', empty: 'Not known' },
    ],
    rows: [...recovery.rows, recovery.total].map((r) => [
      r.name,
      r.incomePence,
      r.costPence,
      r.recoveryPercent,
      r.budgetPence,
      r.variancePence,
    ]),
  };
}

interface Purchase {
  organisationId: string;
  organisationName: string;
  serviceId: string;
  serviceName: string;
  orderedPence: number;
}

/** Who bought which service in the year and the year before, and who bought last year but not this. */
export function takeUp(facts: readonly TakeUpFacts[], services: readonly ServiceName[], startYear: number) {
  const names = new Map(services.map((s) => [s.serviceId, s.name]));
  const key = (f: { organisationId: string; serviceId: string }) => `${f.organisationId} ${f.serviceId}`;
  const inYear = (year: number) => {
    const bought = new Map<string, Purchase>();
    for (const f of facts.filter((x) => x.yearStart === year))
      bought.set(key(f), {
        organisationId: f.organisationId,
        organisationName: f.organisationName,
        serviceId: f.serviceId,
        serviceName: names.get(f.serviceId) ?? 'A service no longer listed',
        orderedPence: Number(f.orderedPence),
      });
    return bought;
  };
  const thisYear = inYear(startYear);
  const lastYear = inYear(startYear - 1);
  const order = (a: Purchase, b: Purchase) =>
    a.organisationName.localeCompare(b.organisationName, 'en-GB') ||
    a.serviceName.localeCompare(b.serviceName, 'en-GB');
  const bought = [...thisYear.values()].sort(order).map((p) => ({
    ...p,
    lastYearPence: lastYear.get(key(p))?.orderedPence ?? null,
  }));
  const stopped = [...lastYear.values()].filter((p) => !thisYear.has(key(p))).sort(order);
  const serviceIds = [...new Set([...thisYear.values(), ...lastYear.values()].map((p) => p.serviceId))];
  const customersOf = (bought: Map<string, Purchase>, serviceId: string) =>
    [...bought.values()].filter((p) => p.serviceId === serviceId).length;
  const byService = serviceIds
    .map((serviceId) => ({
      name: names.get(serviceId) ?? 'A service no longer listed',
      lastYear: customersOf(lastYear, serviceId),
      thisYear: customersOf(thisYear, serviceId),
    }))
    .sort(byName);
  return { bought, stopped, byService };
}

export function takeUpByServiceTable(t: ReturnType<typeof takeUp>, year: string, before: string): ReportTable {
  return {
    key: 'take-up-by-service',
    caption: `Customers buying each service, ${before} and ${year} financial years`,
    columns: [
      { heading: 'Service', kind: 'text' },
      { heading: `Customers in ${before}`, kind: 'count' },
      { heading: `Customers in ${year}`, kind: 'count' },
    ],
    rows: t.byService.map((s) => [s.name, s.lastYear, s.thisYear]),
  };
}

export function takeUpTable(t: ReturnType<typeof takeUp>, year: string, before: string): ReportTable {
  return {
    key: 'take-up',
    caption: `Take-up by school: who buys what, ${year} financial year`,
    columns: [
      { heading: 'Customer', kind: 'text' },
      { heading: 'Service', kind: 'text' },
      { heading: `Ordered in ${year}`, kind: 'money' },
      { heading: `Ordered in ${before}`, kind: 'money', empty: 'Did not buy' },
    ],
    rows: t.bought.map((p) => [p.organisationName, p.serviceName, p.orderedPence, p.lastYearPence]),
  };
}

export function stoppedTable(t: ReturnType<typeof takeUp>, year: string, before: string): ReportTable {
  return {
    key: 'stopped',
    caption: `Stopped buying: bought in ${before} but not in ${year}`,
    columns: [
      { heading: 'Customer', kind: 'text' },
      { heading: 'Service', kind: 'text' },
      { heading: `Ordered in ${before}`, kind: 'money' },
    ],
    rows: t.stopped.map((p) => [p.organisationName, p.serviceName, p.orderedPence]),
  };
}
