import type { SupportLevel } from '../../db/tables/support-categories';

/**
 * Where the school improvement budget stands for an academic year: what core days delivered and
 * authority-funded brokered support have cost (spent), what the year has promised but not yet
 * delivered (committed), and what is left (remaining; negative is an overspend).
 *
 * Every amount is days (hundredths) times pence a day, so it is exact in hundredths of a penny.
 * Each figure at the finest grain (a category's spend in a month, a category's commitment) is
 * rounded half up to whole pence once; every total is the sum of those, so the by-category and
 * by-month tables always add up to the totals shown above them.
 */

export const BUDGET_CATEGORIES = ['intensive', 'targeted', 'universal', 'unplaced', 'brokered'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

/** Funded days drawn by visits to schools in a category (null: a school with no placement) in a month. */
export interface CoreDrawn {
  level: SupportLevel | null;
  /** yyyy-mm of the visit. */
  month: string;
  fundedHundredths: number;
}

/** A placed school's core entitlement for the year and what its visits have drawn of it. */
export interface Entitlement {
  level: SupportLevel;
  fundedDays: number;
  drawnHundredths: number;
}

/** One piece of brokered support funded by the authority: agreed days at a rate, and the days confirmed by month. */
export interface BrokeredFunding {
  daysHundredths: number;
  dayRatePence: number;
  /** False once its line is cancelled, declined, rejected or completed: nothing more is to come. */
  open: boolean;
  confirmed: ReadonlyArray<{ month: string; hundredths: number }>;
  /** A withdrawal after acceptance is charged for (the provider's late-cancellation terms): spent in its month. */
  cancellationCharge?: { month: string; pence: number } | null;
}

export interface BudgetFacts {
  /** The year it ends in: 2027 = 2026/27 (September 2026 to August 2027). */
  academicYear: number;
  budgetPence: number | null;
  /** What a core day costs; null when not set (core days are then counted, not costed). */
  costPerDayPence: number | null;
  core: readonly CoreDrawn[];
  entitlements: readonly Entitlement[];
  brokered: readonly BrokeredFunding[];
}

export interface CategoryPosition {
  category: BudgetCategory;
  spentHundredths: number;
  spentPence: number;
  committedHundredths: number;
  committedPence: number;
}

export interface MonthPosition {
  key: string;
  label: string;
  coreHundredths: number;
  corePence: number;
  brokeredHundredths: number;
  brokeredPence: number;
  spentPence: number;
  spentToDatePence: number;
}

export interface BudgetPosition {
  academicYear: number;
  budgetPence: number | null;
  costPerDayPence: number | null;
  spentPence: number;
  committedPence: number;
  /** Budget less spent and committed; negative is an overspend; null without a budget. */
  remainingPence: number | null;
  byCategory: CategoryPosition[];
  byMonth: MonthPosition[];
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The twelve months of an academic year, September first, as yyyy-mm keys and names ("Sep 2026"). */
export function academicMonths(academicYear: number): Array<{ key: string; label: string }> {
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((8 + i) % 12) + 1;
    const year = month >= 9 ? academicYear - 1 : academicYear;
    return { key: `${year}-${String(month).padStart(2, '0')}`, label: `${MONTH_NAMES[month - 1]} ${year}` };
  });
}

/** Hundredths of a penny to whole pence, half up (amounts here are never negative). */
function roundPence(hundredthsOfPence: bigint): number {
  return Number((hundredthsOfPence + 50n) / 100n);
}

const cost = (hundredths: number, ratePence: number | null) => BigInt(hundredths) * BigInt(ratePence ?? 0);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

export function budgetPosition(facts: BudgetFacts): BudgetPosition {
  const months = academicMonths(facts.academicYear);
  const monthIndex = (key: string) => {
    const i = months.findIndex((m) => m.key === key);
    // A date outside the year's months (there should be none) counts in the nearest month, not nowhere.
    if (i >= 0) return i;
    return key < months[0]!.key ? 0 : months.length - 1;
  };

  // Exact spend (hundredths of a penny) and days, by category and month.
  const spentRaw = new Map<BudgetCategory, bigint[]>(BUDGET_CATEGORIES.map((c) => [c, months.map(() => 0n)]));
  const spentDays = new Map<BudgetCategory, number[]>(BUDGET_CATEGORIES.map((c) => [c, months.map(() => 0)]));
  const add = (category: BudgetCategory, month: string, hundredths: number, ratePence: number | null) => {
    const i = monthIndex(month);
    spentRaw.get(category)![i]! += cost(hundredths, ratePence);
    spentDays.get(category)![i]! += hundredths;
  };
  for (const c of facts.core) add(c.level ?? 'unplaced', c.month, c.fundedHundredths, facts.costPerDayPence);
  for (const b of facts.brokered) for (const c of b.confirmed) add('brokered', c.month, c.hundredths, b.dayRatePence);
  for (const b of facts.brokered)
    if (b.cancellationCharge && b.cancellationCharge.pence > 0)
      spentRaw.get('brokered')![monthIndex(b.cancellationCharge.month)]! += BigInt(b.cancellationCharge.pence) * 100n;

  const committedRaw = new Map<BudgetCategory, bigint>(BUDGET_CATEGORIES.map((c) => [c, 0n]));
  const committedDays = new Map<BudgetCategory, number>(BUDGET_CATEGORIES.map((c) => [c, 0]));
  for (const e of facts.entitlements) {
    const left = Math.max(0, e.fundedDays * 100 - e.drawnHundredths);
    committedRaw.set(e.level, committedRaw.get(e.level)! + cost(left, facts.costPerDayPence));
    committedDays.set(e.level, committedDays.get(e.level)! + left);
  }
  for (const b of facts.brokered) {
    const confirmed = sum(b.confirmed.map((c) => c.hundredths));
    const left = b.open ? Math.max(0, b.daysHundredths - confirmed) : 0;
    committedRaw.set('brokered', committedRaw.get('brokered')! + cost(left, b.dayRatePence));
    committedDays.set('brokered', committedDays.get('brokered')! + left);
  }

  // The finest grain, each rounded once; everything above is a sum of these.
  const spentCells = new Map(BUDGET_CATEGORIES.map((c) => [c, spentRaw.get(c)!.map(roundPence)]));
  const byCategory: CategoryPosition[] = BUDGET_CATEGORIES.map((category) => ({
    category,
    spentHundredths: sum(spentDays.get(category)!),
    spentPence: sum(spentCells.get(category)!),
    committedHundredths: committedDays.get(category)!,
    committedPence: roundPence(committedRaw.get(category)!),
  }));

  const coreCategories = BUDGET_CATEGORIES.filter((c) => c !== 'brokered');
  let spentToDatePence = 0;
  const byMonth: MonthPosition[] = months.map((m, i) => {
    const corePence = sum(coreCategories.map((c) => spentCells.get(c)![i]!));
    const brokeredPence = spentCells.get('brokered')![i]!;
    spentToDatePence += corePence + brokeredPence;
    return {
      ...m,
      coreHundredths: sum(coreCategories.map((c) => spentDays.get(c)![i]!)),
      corePence,
      brokeredHundredths: spentDays.get('brokered')![i]!,
      brokeredPence,
      spentPence: corePence + brokeredPence,
      spentToDatePence,
    };
  });

  const spentPence = sum(byCategory.map((c) => c.spentPence));
  const committedPence = sum(byCategory.map((c) => c.committedPence));
  return {
    academicYear: facts.academicYear,
    budgetPence: facts.budgetPence,
    costPerDayPence: facts.costPerDayPence,
    spentPence,
    committedPence,
    remainingPence: facts.budgetPence === null ? null : facts.budgetPence - spentPence - committedPence,
    byCategory,
    byMonth,
  };
}
