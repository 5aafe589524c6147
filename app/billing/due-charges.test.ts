import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overageCharge } from '../delivery/delivery-rules';
import { roundHalfUp } from '../pricing/quote';
import {
  arrearsPeriodEnd,
  billedRecordsSummable,
  dueCharges,
  formatPeriod,
  type DueCharge,
  type DueLine,
} from './due-charges';

const day = { singular: 'day', plural: 'days' };

function line(over: Partial<DueLine> = {}): DueLine {
  return {
    serviceName: 'Educational psychology day',
    unit: day,
    billingPlan: 'termly',
    status: 'active',
    totalPence: 150000,
    allowanceHundredths: 300,
    overageUnitPricePence: 60000,
    cancellationChargePence: 0,
    yearKind: 'academic',
    yearStart: '2026-09-01',
    terms: [],
    deliveries: [],
    ...over,
  };
}

const confirmed = (id: string, deliveredOn: string, unitsHundredths = 100) =>
  ({ id, deliveredOn, unitsHundredths, status: 'confirmed' }) as const;

const billedOf = (charges: DueCharge[]) => new Map(charges.map((c) => [c.chargeKey, c.quantityHundredths]));

describe('in advance', () => {
  it('bills each instalment due by the date, with its period in words', () => {
    const due = dueCharges(line(), '2026-10-31');
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({
      chargeKind: 'instalment',
      chargeKey: 'instalment:2026-09-03',
      netPence: 50000,
      quantityHundredths: 100,
      unitPricePence: 50000,
    });
    expect(due[0]!.description).toBe(
      'Educational psychology day, autumn term instalment (3 September to 18 December 2026)',
    );
    expect(dueCharges(line(), '2027-08-31').map((c) => c.chargeKey)).toEqual([
      'instalment:2026-09-03',
      'instalment:2027-01-04',
      'instalment:2027-04-05',
    ]);
  });

  it('uses the provider’s own term dates', () => {
    const terms = [
      {
        academicYear: 2026,
        autumn: { start: '2026-09-01', end: '2026-12-31' },
        spring: { start: '2027-01-05', end: '2027-03-31' },
        summer: { start: '2027-04-15', end: '2027-07-20' },
      },
    ];
    const [autumn] = dueCharges(line({ terms }), '2026-09-01');
    expect(autumn!.chargeKey).toBe('instalment:2026-09-01');
    expect(autumn!.description).toBe(
      'Educational psychology day, autumn term instalment (1 September to 31 December 2026)',
    );
  });

  it('monthly and 7/12 + 5/12 plans', () => {
    const monthly = dueCharges(line({ billingPlan: 'monthly', totalPence: 120001 }), '2026-10-15');
    expect(monthly.map((c) => [c.chargeKey, c.netPence])).toEqual([
      ['instalment:2026-09-01', 10001],
      ['instalment:2026-10-01', 10000],
    ]);
    expect(monthly[1]!.description).toBe(
      'Educational psychology day, October instalment (1 October to 31 October 2026)',
    );
    const split = dueCharges(line({ billingPlan: 'split_7_5', totalPence: 120000 }), '2027-04-01');
    expect(split.map((c) => c.netPence)).toEqual([70000, 50000]);
  });

  it('nothing before the year starts, and nothing already billed', () => {
    expect(dueCharges(line(), '2026-08-31')).toEqual([]);
    expect(dueCharges(line(), '2026-12-31', new Map([['instalment:2026-09-03', 100]]))).toEqual([]);
  });

  it('lines not agreed owe nothing; a cancelled line owes its cancellation charge, not instalments', () => {
    for (const status of ['pending', 'declined', 'rejected'] as const)
      expect(dueCharges(line({ status, cancellationChargePence: 100 }), '2027-08-31')).toEqual([]);
    const cancelled = dueCharges(line({ status: 'cancelled', cancellationChargePence: 75000 }), '2027-08-31');
    expect(cancelled).toEqual([expect.objectContaining({ chargeKey: 'cancellation', netPence: 75000 })]);
    expect(dueCharges(line({ status: 'cancelled' }), '2027-08-31')).toEqual([]);
  });

  it('charges confirmed use beyond the allowance on the records that go beyond it', () => {
    const deliveries = [
      confirmed('a', '2026-09-10'),
      confirmed('b', '2026-09-11'),
      { id: 'c', deliveredOn: '2026-09-12', unitsHundredths: 100, status: 'disputed' as const },
      confirmed('d', '2026-09-14', 150),
      confirmed('e', '2026-09-15', 50),
      { id: 'f', deliveredOn: '2026-09-16', unitsHundredths: 100, status: 'logged' as const },
    ];
    const due = dueCharges(line({ deliveries, billingPlan: 'annual' }), '2026-09-30');
    expect(due.map((c) => [c.chargeKey, c.quantityHundredths, c.netPence])).toEqual([
      ['instalment:2026-09-01', 100, 150000],
      ['overage:d', 50, 30000],
      ['overage:e', 50, 30000],
    ]);
    expect(due[1]!.description).toBe(
      'Educational psychology day, 0.5 days beyond the 3 days bought, delivered on 14 September 2026',
    );
  });
});

describe('in arrears', () => {
  const arrears = (over: Partial<DueLine>) => line({ billingPlan: 'arrears_monthly', ...over });

  it('bills confirmed records once their month has ended, held records wait', () => {
    const deliveries = [
      confirmed('a', '2026-09-30'),
      { id: 'b', deliveredOn: '2026-09-30', unitsHundredths: 100, status: 'disputed' as const },
      { id: 'c', deliveredOn: '2026-09-29', unitsHundredths: 100, status: 'logged' as const },
      confirmed('d', '2026-10-01'),
    ];
    expect(dueCharges(arrears({ deliveries }), '2026-09-29')).toEqual([]);
    const due = dueCharges(arrears({ deliveries }), '2026-10-30');
    expect(due).toEqual([
      expect.objectContaining({
        chargeKind: 'delivery',
        chargeKey: 'delivery:a',
        deliveryId: 'a',
        netPence: 50000,
        quantityHundredths: 100,
        unitPricePence: 50000,
        description: 'Educational psychology day, 1 day delivered on 30 September 2026',
      }),
    ]);
    expect(dueCharges(arrears({ deliveries }), '2026-10-31').map((c) => c.chargeKey)).toEqual([
      'delivery:a',
      'delivery:d',
    ]);
  });

  it('termly waits for the term to end; as delivered bills at once', () => {
    const deliveries = [confirmed('a', '2026-10-05')];
    expect(dueCharges(line({ billingPlan: 'arrears_termly', deliveries }), '2026-12-17')).toEqual([]);
    expect(dueCharges(line({ billingPlan: 'arrears_termly', deliveries }), '2026-12-18')).toHaveLength(1);
    expect(dueCharges(line({ billingPlan: 'as_delivered', deliveries }), '2026-10-05')).toHaveLength(1);
    // Half term is inside the term; the summer holiday waits for the next autumn term to end.
    expect(arrearsPeriodEnd('arrears_termly', '2027-08-01', [])).toBe('2027-12-17');
    expect(arrearsPeriodEnd('arrears_monthly', '2027-02-03', [])).toBe('2027-02-28');
  });

  it('splits the total pro rata, exactly, then charges overage beyond the allowance', () => {
    const deliveries = [confirmed('a', '2026-09-01'), confirmed('b', '2026-09-02'), confirmed('c', '2026-09-03', 150)];
    const due = dueCharges(arrears({ totalPence: 100000, deliveries }), '2026-09-30');
    // 1000.00 over three days: 333.33, 333.34 (rounded cumulatively), then 333.33 + half a day at 600.
    expect(due.map((c) => c.netPence)).toEqual([33333, 33334, 33333 + 30000]);
  });

  it('a line without an allowance bills its total once, when the first confirmed record falls due', () => {
    const deliveries = [confirmed('a', '2026-10-05'), confirmed('b', '2026-11-05')];
    const noAllowance = arrears({ allowanceHundredths: null, overageUnitPricePence: null, deliveries });
    expect(dueCharges(noAllowance, '2026-10-30')).toEqual([]);
    const due = dueCharges(noAllowance, '2026-11-30');
    expect(due).toEqual([expect.objectContaining({ chargeKey: 'instalment:2026-09-01', netPence: 150000 })]);
    expect(dueCharges(noAllowance, '2027-08-31', billedOf(due))).toEqual([]);
  });
});

describe('records already billed, summed', () => {
  const arrears = (over: Partial<DueLine>) => line({ billingPlan: 'arrears_monthly', ...over });

  it('only agreed arrears lines with an allowance are read as a sum', () => {
    expect(billedRecordsSummable(arrears({}))).toBe(true);
    expect(billedRecordsSummable(line({ billingPlan: 'as_delivered' }))).toBe(true);
    expect(billedRecordsSummable(arrears({ allowanceHundredths: null }))).toBe(false);
    expect(billedRecordsSummable(arrears({ status: 'cancelled' }))).toBe(false);
    expect(billedRecordsSummable(line({ billingPlan: 'annual' }))).toBe(false);
  });

  it('charges a new record from the units billed before it, given as a sum', () => {
    // Three days bought for 1000.00: two already billed (666.67), the third brings the total to 1000.00.
    const listed = arrears({
      totalPence: 100000,
      deliveries: [confirmed('a', '2026-09-01'), confirmed('b', '2026-09-02'), confirmed('c', '2026-10-01')],
    });
    const billed = new Map([
      ['delivery:a', 100],
      ['delivery:b', 100],
    ]);
    const summed = { ...listed, deliveries: [confirmed('c', '2026-10-01')], billedRecordsHundredths: 200 };
    expect(dueCharges(summed, '2026-10-31')).toEqual(dueCharges(listed, '2026-10-31', billed));
    expect(dueCharges(summed, '2026-10-31').map((c) => c.netPence)).toEqual([33333]);
  });

  it('counts a billed record even when a later run’s date billed it', () => {
    // "b" (7 October) was billed by a run to the end of October; a run to 30 September then finds
    // "a", confirmed late: it is charged beyond the one day bought, after "b".
    const deliveries = [confirmed('a', '2026-09-20'), confirmed('b', '2026-10-07')];
    const due = dueCharges(
      arrears({ allowanceHundredths: 100, deliveries }),
      '2026-09-30',
      new Map([['delivery:b', 100]]),
    );
    expect(due).toEqual([expect.objectContaining({ chargeKey: 'delivery:a', netPence: 60000 })]);
  });
});

describe('formatPeriod', () => {
  it('names the year once when both ends share it', () => {
    expect(formatPeriod('2026-09-01', '2026-12-31')).toBe('1 September to 31 December 2026');
    expect(formatPeriod('2026-12-01', '2027-03-31')).toBe('1 December 2026 to 31 March 2027');
  });
});

// Records confirmed in any order over several runs: each run bills only what is new, and all the
// bills together come to exactly what the confirmed units cost, never a charge twice.
const records = fc
  .array(
    fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      units: fc.constantFrom(25, 50, 100, 150, 200),
      confirmedAtRun: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((rs) =>
    rs.map((r, i) => ({
      id: `r${String(i).padStart(2, '0')}`,
      deliveredOn: `2026-10-${String(r.day).padStart(2, '0')}`,
      ...r,
    })),
  );

function billAcrossRuns(
  base: DueLine,
  recs: Array<{ id: string; deliveredOn: string; units: number; confirmedAtRun: number }>,
) {
  const billed = new Map<string, number>();
  let sum = 0;
  for (let run = 0; run <= 3; run++) {
    const deliveries = recs.map((r) => ({
      id: r.id,
      deliveredOn: r.deliveredOn,
      unitsHundredths: r.units,
      status: r.confirmedAtRun <= run ? ('confirmed' as const) : ('logged' as const),
    }));
    const charges = dueCharges({ ...base, deliveries }, '2026-11-30', billed);
    if (billedRecordsSummable(base)) {
      // Billing reads such a line's billed records as one sum: the charges are the same.
      const isBilled = (d: { id: string }) => billed.has(`delivery:${d.id}`);
      const summed = {
        ...base,
        deliveries: deliveries.filter((d) => d.status === 'confirmed' && !isBilled(d)),
        billedRecordsHundredths: deliveries.filter(isBilled).reduce((n, d) => n + d.unitsHundredths, 0),
      };
      expect(dueCharges(summed, '2026-11-30')).toEqual(charges);
    }
    for (const c of charges) {
      expect(billed.has(c.chargeKey)).toBe(false);
      expect(c.netPence).toBeGreaterThanOrEqual(0);
      billed.set(c.chargeKey, c.quantityHundredths);
      sum += c.netPence;
    }
  }
  return { sum, units: recs.reduce((s, r) => s + r.units, 0) };
}

describe('properties', () => {
  it('in arrears, the bills add up to the cumulative charge for everything confirmed', () => {
    fc.assert(
      fc.property(
        records,
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (recs, total, allowance, rate) => {
          const base = line({
            billingPlan: 'arrears_monthly',
            totalPence: total,
            allowanceHundredths: allowance,
            overageUnitPricePence: rate,
          });
          const { sum, units } = billAcrossRuns(base, recs);
          const expected =
            roundHalfUp(BigInt(total) * BigInt(Math.min(units, allowance)), allowance) +
            (units > allowance ? overageCharge(units - allowance, rate) : 0);
          expect(sum).toBe(expected);
        },
      ),
    );
  });

  it('in advance, overage bills add up to the charge for all units beyond the allowance', () => {
    fc.assert(
      fc.property(
        records,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (recs, allowance, rate) => {
          const base = line({
            billingPlan: 'annual',
            totalPence: 0,
            allowanceHundredths: allowance,
            overageUnitPricePence: rate,
          });
          const { sum, units } = billAcrossRuns(base, recs);
          expect(sum).toBe(units > allowance ? overageCharge(units - allowance, rate) : 0);
        },
      ),
    );
  });

  it('every in-advance plan bills exactly the total by the year’s end, each instalment once', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('annual', 'termly', 'monthly', 'split_7_5' as const),
        fc.constantFrom('academic', 'financial' as const),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 6 }),
        (plan, yearKind, total, runDays) => {
          const yearStart = yearKind === 'academic' ? '2026-09-01' : '2026-04-01';
          const base = line({ billingPlan: plan, yearKind, yearStart, totalPence: total, allowanceHundredths: null });
          const billed = new Map<string, number>();
          let sum = 0;
          const start = Date.UTC(Number(yearStart.slice(0, 4)), Number(yearStart.slice(5, 7)) - 1, 1);
          const dates = [
            ...runDays.sort((a, b) => a - b).map((d) => new Date(start + d * 86_400_000).toISOString().slice(0, 10)),
            '2028-01-01',
          ];
          for (const upTo of dates)
            for (const c of dueCharges(base, upTo, billed)) {
              expect(billed.has(c.chargeKey)).toBe(false);
              billed.set(c.chargeKey, c.quantityHundredths);
              sum += c.netPence;
            }
          expect(sum).toBe(total);
        },
      ),
    );
  });
});
