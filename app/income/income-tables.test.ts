import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceCostFacts } from '../../db/queries/income';
import {
  cellCsv,
  cellText,
  financialYear,
  incomeByService,
  monthsOf,
  OTHER_SERVICE,
  recoveryRows,
  serviceCostPence,
  takeUp,
} from './income-tables';

const facts = (over: Partial<ServiceCostFacts>): ServiceCostFacts => ({
  serviceId: 's1',
  code: 'S1',
  name: 'Service one',
  status: 'published',
  incomeBudgetPence: null,
  costPence: null,
  costPerUnitPence: null,
  unitKind: 'day',
  unitHours: 6,
  salaryPence: null,
  productiveDays: null,
  overheadBasisPoints: null,
  deliveredHundredths: 0,
  ...over,
});

describe('the financial year', () => {
  it('runs April to March, named by the year it starts in', () => {
    expect(financialYear(2026)).toEqual({ startYear: 2026, start: '2026-04-01', end: '2027-03-31', label: '2026/27' });
    expect(financialYear(2099).label).toBe('2099/00');
    const months = monthsOf(2026);
    expect(months).toHaveLength(12);
    expect([months[0], months[8], months[11]]).toEqual([
      { key: '2026-04', label: 'Apr 2026' },
      { key: '2026-12', label: 'Dec 2026' },
      { key: '2027-03', label: 'Mar 2027' },
    ]);
  });
});

describe('income by service', () => {
  it('totals each month and the year, with Other last', () => {
    const income = incomeByService(
      [
        { serviceId: null, month: '2026-04', netPence: 100 },
        { serviceId: 'b', month: '2026-05', netPence: 500 },
        { serviceId: 'a', month: '2027-03', netPence: -200 },
        { serviceId: 'a', month: '2026-04', netPence: 300 },
      ],
      [
        { serviceId: 'a', name: 'Alpha' },
        { serviceId: 'b', name: 'Beta' },
      ],
      2026,
    );
    expect(income.rows.map((r) => [r.name, r.total])).toEqual([
      ['Alpha', 100],
      ['Beta', 500],
      [OTHER_SERVICE, 100],
    ]);
    expect(income.monthTotals[0]).toBe(400);
    expect(income.total).toBe(700);
  });

  it('always adds up: the months of every row sum to the year total', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            serviceId: fc.constantFrom('a', 'b', null),
            month: fc.integer({ min: 0, max: 11 }).map((i) => monthsOf(2026)[i]!.key),
            netPence: fc.integer({ min: -1_000_000, max: 1_000_000 }),
          }),
        ),
        (cells) => {
          const income = incomeByService(cells, [], 2026);
          const sum = cells.reduce((a, c) => a + c.netPence, 0);
          expect(income.total).toBe(sum);
          for (const row of income.rows) expect(row.values.reduce((a, b) => a + b, 0)).toBe(row.total);
        },
      ),
    );
  });
});

describe('cost and recovery', () => {
  it('adds the cost per unit for the units delivered to the yearly cost, in whole pence', () => {
    expect(serviceCostPence(facts({}))).toBeNull();
    expect(serviceCostPence(facts({ costPence: 50000 }))).toBe(50000);
    expect(serviceCostPence(facts({ costPerUnitPence: 333, deliveredHundredths: 150 }))).toBe(500);
    expect(serviceCostPence(facts({ costPence: 100, costPerUnitPence: 1000, deliveredHundredths: 250 }))).toBe(2600);
  });

  it("costs the units delivered by the service's own cost model when no cost per unit is set for the year", () => {
    // £79,800 a year with 18% overhead over 205 productive days: £459.34 a day.
    const model = { salaryPence: 7_980_000, productiveDays: 205, overheadBasisPoints: 1800, deliveredHundredths: 200 };
    expect(serviceCostPence(facts(model))).toBe(2 * 45_934);
    // A six-hour day's model priced by the hour: a sixth of the day for each hour.
    expect(serviceCostPence(facts({ ...model, unitKind: 'hour', unitHours: null }))).toBe(2 * 7_656);
    // Set for the year, the cost per unit wins; places and packages have no time to cost.
    expect(serviceCostPence(facts({ ...model, costPerUnitPence: 40_000 }))).toBe(80_000);
    expect(serviceCostPence(facts({ ...model, unitKind: 'place', unitHours: null }))).toBeNull();
  });

  it('leaves out services with no income, budget or cost, and gives recovery to one decimal place', () => {
    const income = incomeByService([{ serviceId: 's1', month: '2026-06', netPence: 1000 }], [], 2026);
    const { rows, total } = recoveryRows(income, [
      facts({ costPence: 3000, incomeBudgetPence: 1500 }),
      facts({ serviceId: 's2', name: 'Nothing set' }),
    ]);
    expect(rows).toEqual([
      {
        name: 'Service one',
        incomePence: 1000,
        costPence: 3000,
        recoveryPercent: 33.3,
        budgetPence: 1500,
        variancePence: -500,
      },
    ]);
    expect(total).toMatchObject({ name: 'All services', incomePence: 1000, recoveryPercent: 33.3 });
  });
});

describe('take-up', () => {
  it('counts a customer once per service and year, and finds who stopped', () => {
    const row = (organisationId: string, serviceId: string, yearStart: number) => ({
      organisationId,
      organisationName: organisationId.toUpperCase(),
      serviceId,
      yearStart,
      lines: 1,
      orderedPence: 100,
    });
    const t = takeUp(
      [row('a', 's', 2025), row('a', 's', 2026), row('b', 's', 2025), row('b', 't', 2026)],
      [
        { serviceId: 's', name: 'S' },
        { serviceId: 't', name: 'T' },
      ],
      2026,
    );
    expect(t.bought.map((p) => [p.organisationName, p.serviceName, p.lastYearPence])).toEqual([
      ['A', 'S', 100],
      ['B', 'T', null],
    ]);
    expect(t.stopped.map((p) => [p.organisationName, p.serviceName])).toEqual([['B', 'S']]);
    expect(t.byService).toEqual([
      { name: 'S', lastYear: 2, thisYear: 1 },
      { name: 'T', lastYear: 0, thisYear: 1 },
    ]);
  });
});

describe('cells', () => {
  it('show money as pounds on the page and in the file, and blanks in words on the page only', () => {
    expect(cellText({ heading: 'x', kind: 'money' }, -12345)).toBe('-£123.45');
    expect(cellCsv({ heading: 'x', kind: 'money' }, -12345)).toBe('-123.45');
    expect(cellText({ heading: 'x', kind: 'percent' }, 57.1)).toBe('57.1%');
    expect(cellText({ heading: 'x', kind: 'money', empty: 'Not set' }, null)).toBe('Not set');
    expect(cellCsv({ heading: 'x', kind: 'money', empty: 'Not set' }, null)).toBeNull();
  });
});
