import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { academicMonths, budgetPosition, type BudgetFacts } from './budget-position';
import { coreDayCostPence, serviceDayCostPence } from './core-day-cost';

const facts = (over: Partial<BudgetFacts> = {}): BudgetFacts => ({
  academicYear: 2027,
  budgetPence: 42_000_000,
  costPerDayPence: 47_409,
  core: [],
  entitlements: [],
  brokered: [],
  ...over,
});

const category = (p: ReturnType<typeof budgetPosition>, c: string) => p.byCategory.find((x) => x.category === c)!;

describe('budget position', () => {
  it('names the months of the academic year from September to August', () => {
    const months = academicMonths(2027);
    expect(months[0]).toEqual({ key: '2026-09', label: 'Sep 2026' });
    expect(months[11]).toEqual({ key: '2027-08', label: 'Aug 2027' });
  });

  it('spends core funded days at the cost per day and brokered confirmed days at their rate; commits what is left', () => {
    const p = budgetPosition(
      facts({
        core: [
          { level: 'intensive', month: '2026-10', fundedHundredths: 150 },
          { level: 'universal', month: '2027-01', fundedHundredths: 50 },
        ],
        entitlements: [
          { level: 'intensive', fundedDays: 10, drawnHundredths: 150 },
          // Drawn beyond its entitlement: nothing left, never a negative commitment.
          { level: 'universal', fundedDays: 0, drawnHundredths: 50 },
          { level: 'targeted', fundedDays: 5, drawnHundredths: 0 },
        ],
        brokered: [
          { daysHundredths: 200, dayRatePence: 45_000, open: true, confirmed: [{ month: '2026-11', hundredths: 100 }] },
          // Cancelled after half a day: what was confirmed is spent, nothing more is committed.
          { daysHundredths: 300, dayRatePence: 40_000, open: false, confirmed: [{ month: '2026-12', hundredths: 50 }] },
        ],
      }),
    );
    // 1.5 × £474.09 = £711.135 → £711.14 (half up); 0.5 × £474.09 = £237.045 → £237.05.
    expect(category(p, 'intensive').spentPence).toBe(71_114);
    expect(category(p, 'universal').spentPence).toBe(23_705);
    expect(category(p, 'brokered').spentPence).toBe(45_000 + 20_000);
    expect(p.spentPence).toBe(71_114 + 23_705 + 65_000);
    // 8.5 days left in intensive, 5 in targeted, 1 brokered day at £450.
    expect(category(p, 'intensive').committedPence).toBe(402_977); // 8.5 × 47,409 = 402,976.5 → half up
    expect(category(p, 'targeted').committedPence).toBe(5 * 47_409);
    expect(category(p, 'universal').committedPence).toBe(0);
    expect(category(p, 'brokered').committedPence).toBe(45_000);
    expect(p.committedPence).toBe(402_977 + 237_045 + 45_000);
    expect(p.remainingPence).toBe(42_000_000 - p.spentPence - p.committedPence);
    expect(p.byMonth.find((m) => m.key === '2026-10')!.corePence).toBe(71_114);
    expect(p.byMonth.find((m) => m.key === '2026-11')!.brokeredPence).toBe(45_000);
    expect(p.byMonth[11]!.spentToDatePence).toBe(p.spentPence);
  });

  it('spends the charge for a brokerage withdrawn after acceptance in the month it was withdrawn, and commits nothing more', () => {
    const p = budgetPosition(
      facts({
        brokered: [
          {
            daysHundredths: 200,
            dayRatePence: 50_000,
            open: false,
            confirmed: [],
            cancellationCharge: { month: '2027-02', pence: 40_000 },
          },
        ],
      }),
    );
    expect(category(p, 'brokered').spentPence).toBe(40_000);
    expect(category(p, 'brokered').committedPence).toBe(0);
    expect(p.byMonth.find((m) => m.key === '2027-02')!.brokeredPence).toBe(40_000);
    expect(p.spentPence).toBe(40_000);
  });

  it('shows an overspend as negative remaining, and no remaining without a budget', () => {
    const over = budgetPosition(
      facts({ budgetPence: 10_000, entitlements: [{ level: 'intensive', fundedDays: 1, drawnHundredths: 0 }] }),
    );
    expect(over.remainingPence).toBe(10_000 - 47_409);
    expect(budgetPosition(facts({ budgetPence: null })).remainingPence).toBeNull();
  });

  it('counts core days without costing them when no cost per day is known', () => {
    const p = budgetPosition(
      facts({ costPerDayPence: null, core: [{ level: 'targeted', month: '2026-09', fundedHundredths: 100 }] }),
    );
    expect(category(p, 'targeted')).toMatchObject({ spentHundredths: 100, spentPence: 0 });
  });

  it('puts a visit at a school with no placement in its own row, and a date outside the year in its nearest month', () => {
    const p = budgetPosition(facts({ core: [{ level: null, month: '2027-09', fundedHundredths: 100 }] }));
    expect(category(p, 'unplaced').spentPence).toBe(47_409);
    expect(p.byMonth[11]!.corePence).toBe(47_409);
  });

  const month = fc.constantFrom(...academicMonths(2027).map((m) => m.key));
  const level = fc.constantFrom('intensive' as const, 'targeted' as const, 'universal' as const);
  const arbitraryFacts = fc.record({
    academicYear: fc.constant(2027),
    budgetPence: fc.option(fc.integer({ min: 0, max: 100_000_000_000 })),
    costPerDayPence: fc.option(fc.integer({ min: 0, max: 10_000_000 })),
    core: fc.array(fc.record({ level: fc.option(level), month, fundedHundredths: fc.integer({ min: 1, max: 100 }) }), {
      maxLength: 40,
    }),
    entitlements: fc.array(
      fc.record({
        level,
        fundedDays: fc.integer({ min: 0, max: 200 }),
        drawnHundredths: fc.integer({ min: 0, max: 30_000 }),
      }),
      { maxLength: 20 },
    ),
    brokered: fc.array(
      fc.record({
        daysHundredths: fc.integer({ min: 0, max: 5_000 }),
        dayRatePence: fc.integer({ min: 0, max: 5_000_000 }),
        open: fc.boolean(),
        confirmed: fc.array(fc.record({ month, hundredths: fc.integer({ min: 1, max: 100 }) }), { maxLength: 6 }),
      }),
      { maxLength: 10 },
    ),
  });

  it('property: by category and by month add up to the totals, in whole pence, and remaining is what is left', () => {
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        const p = budgetPosition(f);
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        expect(sum(p.byCategory.map((c) => c.spentPence))).toBe(p.spentPence);
        expect(sum(p.byCategory.map((c) => c.committedPence))).toBe(p.committedPence);
        expect(sum(p.byMonth.map((m) => m.spentPence))).toBe(p.spentPence);
        expect(sum(p.byMonth.map((m) => m.corePence + m.brokeredPence))).toBe(p.spentPence);
        expect(p.byMonth.at(-1)!.spentToDatePence).toBe(p.spentPence);
        for (const c of p.byCategory) {
          expect(Number.isSafeInteger(c.spentPence) && c.spentPence >= 0).toBe(true);
          expect(Number.isSafeInteger(c.committedPence) && c.committedPence >= 0).toBe(true);
        }
        // Days: spent is every funded and confirmed hundredth, wherever it was dated.
        expect(sum(p.byMonth.map((m) => m.coreHundredths))).toBe(sum(f.core.map((c) => c.fundedHundredths)));
        if (f.budgetPence !== null) expect(p.remainingPence).toBe(f.budgetPence - p.spentPence - p.committedPence);
        // Each figure is rounded once: never further than half a penny per month cell from exact.
        const exactSpent =
          sum(f.core.map((c) => c.fundedHundredths * (f.costPerDayPence ?? 0))) +
          sum(f.brokered.flatMap((b) => b.confirmed.map((c) => c.hundredths * b.dayRatePence)));
        expect(Math.abs(p.spentPence * 100 - exactSpent)).toBeLessThanOrEqual(50 * 12 * 5);
      }),
    );
  });
});

describe('cost of a core day', () => {
  const model = { salaryPence: 8_245_000, productiveDays: 200, overheadBasisPoints: 1500 };
  it('takes the cost per unit set for the year, scaled to a day, before the service cost model', () => {
    expect(serviceDayCostPence({ ...model, unitKind: 'day', unitHours: 6, costPerUnitPence: 50_000 })).toBe(50_000);
    expect(serviceDayCostPence({ ...model, unitKind: 'hour', unitHours: null, costPerUnitPence: 8_000 })).toBe(48_000);
    expect(serviceDayCostPence({ ...model, unitKind: 'session', unitHours: 3, costPerUnitPence: 20_000 })).toBe(40_000);
    // £82,450 × 1.15 / 200 = £474.0875 → £474.09
    expect(serviceDayCostPence({ ...model, unitKind: 'day', unitHours: 6, costPerUnitPence: null })).toBe(47_409);
    expect(
      serviceDayCostPence({
        salaryPence: null,
        productiveDays: null,
        overheadBasisPoints: null,
        unitKind: 'package',
        unitHours: null,
        costPerUnitPence: 1,
      }),
    ).toBeNull();
  });
  it('prefers a cost per day set on the budget', () => {
    expect(coreDayCostPence(30_000, { ...model, unitKind: 'day', unitHours: 6, costPerUnitPence: null })).toBe(30_000);
    expect(coreDayCostPence(null, null)).toBeNull();
  });
});
