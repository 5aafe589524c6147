import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceModelSchema, type PriceModel, type PriceModelInput } from './price-model';
import { formatPence } from '../money';
import { quote, roundHalfUp, type BuyerFacts, type QuoteResult } from './quote';

const model = (input: PriceModelInput): PriceModel => priceModelSchema.parse(input);
const noBuyer: BuyerFacts = { pupils: null, phase: null };

function ok(result: QuoteResult) {
  if (!result.ok) throw new Error(`expected a price, got ${result.code}: ${result.message}`);
  return result;
}

const lineSum = (r: { lines: { amountPence: number }[] }) => r.lines.reduce((s, l) => s + l.amountPence, 0);

// £565 (1–3), £500 (4–10), £475 (11–20), £432 (21+)
const dayBands = [
  { from: 1, to: 3, unitPricePence: 56500 },
  { from: 4, to: 10, unitPricePence: 50000 },
  { from: 11, to: 20, unitPricePence: 47500 },
  { from: 21, to: null, unitPricePence: 43200 },
];
const days = { singular: 'day', plural: 'days' };

describe('formatPence', () => {
  it('formats pounds and pence with thousands separators', () => {
    expect(formatPence(94494)).toBe('£944.94');
    expect(formatPence(570000)).toBe('£5,700.00');
    expect(formatPence(-100)).toBe('-£1.00');
    expect(formatPence(0)).toBe('£0.00');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(-5)).toBe('-£0.05');
    expect(formatPence(123456789012)).toBe('£1,234,567,890.12');
    expect(formatPence(Number.MAX_SAFE_INTEGER)).toBe('£90,071,992,547,409.91');
  });
  it('refuses anything that is not whole pence', () => {
    expect(() => formatPence(1.5)).toThrow();
    expect(() => formatPence(Number.NaN)).toThrow();
  });
});

describe('roundHalfUp', () => {
  it('rounds halves away from zero, exactly', () => {
    expect(roundHalfUp(5, 2)).toBe(3);
    expect(roundHalfUp(7, 3)).toBe(2);
    expect(roundHalfUp(8, 3)).toBe(3);
    expect(roundHalfUp(-5, 2)).toBe(-3);
    expect(roundHalfUp(5, -2)).toBe(-3);
    expect(roundHalfUp(295000 * 7, 12)).toBe(172083);
    expect(roundHalfUp(150, 100)).toBe(2);
    expect(roundHalfUp(149, 100)).toBe(1);
    // Intermediate beyond 2^53 stays exact with bigint.
    const big = 12n * 2n ** 49n; // above 2^53, a multiple of 12
    expect(roundHalfUp(big + 6n, 12n)).toBe(2 ** 49 + 1);
    expect(roundHalfUp(big + 5n, 12n)).toBe(2 ** 49);
    expect(roundHalfUp(-(big + 6n), 12n)).toBe(-(2 ** 49) - 1);
  });
  it('refuses a zero denominator, non-integers and unsafe results', () => {
    expect(() => roundHalfUp(1, 0)).toThrow();
    expect(() => roundHalfUp(1.5, 1)).toThrow();
    expect(() => roundHalfUp(2n ** 60n, 1n)).toThrow();
  });
  it('matches a reference for small integers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        (n, d, flip) => {
          const den = flip ? -d : d;
          const sign = Math.sign(n) * Math.sign(den);
          const expected = sign * Math.floor((2 * Math.abs(n) + d) / (2 * d));
          expect(roundHalfUp(n, den)).toBe(expected === 0 ? 0 : expected);
          expect(roundHalfUp(BigInt(n), BigInt(den))).toBe(expected === 0 ? 0 : expected);
        },
      ),
    );
  });
});

describe('quote: golden examples', () => {
  it('per_unit multiplies quantity by the unit price', () => {
    const r = ok(quote(model({ model: 'per_unit', unitPricePence: 39300 }), noBuyer, { quantity: 3 }));
    expect(r.totalPence).toBe(117900);
    expect(r.lines).toEqual([
      { description: 'Units at £393.00 each', quantity: 3, unitPricePence: 39300, amountPence: 117900 },
    ]);
    expect(r.working).toContain('3 units × £393.00 = £1,179.00');
    expect(r.instalments).toEqual([]);
  });

  it('volume_bands prices the whole quantity at the band reached', () => {
    const price = model({ model: 'volume_bands', bands: dayBands });
    const total = (quantity: number) => ok(quote(price, noBuyer, { quantity })).totalPence;
    expect(total(12)).toBe(570000);
    expect(total(3)).toBe(169500);
    expect(total(4)).toBe(200000);
    expect(total(21)).toBe(907200);
    expect(total(1)).toBe(56500);
    const r = ok(quote(price, noBuyer, { quantity: 12, unitName: days }));
    expect(r.working).toContain('12 days is in the band 11 to 20: 12 × £475.00 = £5,700.00');
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ quantity: 12, unitPricePence: 47500, amountPence: 570000 });
    expect(ok(quote(price, noBuyer, { quantity: 25, unitName: days })).working).toContain(
      '25 days is in the band 21 or more: 25 × £432.00 = £10,800.00',
    );
  });

  it('graduated prices each band separately and adds them up', () => {
    const price = model({ model: 'graduated', bands: dayBands });
    const r = ok(quote(price, noBuyer, { quantity: 12, unitName: days }));
    expect(r.totalPence).toBe(614500);
    expect(r.lines.map((l) => [l.quantity, l.unitPricePence, l.amountPence])).toEqual([
      [3, 56500, 169500],
      [7, 50000, 350000],
      [2, 47500, 95000],
    ]);
    expect(r.working).toContain('Days 1 to 3: 3 × £565.00 = £1,695.00');
    expect(r.working).toContain('Days 11 to 12 (band 11 to 20): 2 × £475.00 = £950.00');
    expect(r.working).toContain('£1,695.00 + £3,500.00 + £950.00 = £6,145.00');
    expect(ok(quote(price, noBuyer, { quantity: 2 })).totalPence).toBe(113000);
    expect(ok(quote(price, noBuyer, { quantity: 22 })).totalPence).toBe(169500 + 350000 + 475000 + 2 * 43200);
  });

  it('flat_plus_per_pupil adds the per-pupil charge to the flat charge', () => {
    const price = model({ model: 'flat_plus_per_pupil', flatPence: 46614, perPupilPence: 114 });
    const r = ok(quote(price, { pupils: 420, phase: 'Primary' }, { quantity: 1 }));
    expect(r.totalPence).toBe(94494);
    expect(formatPence(r.totalPence)).toBe('£944.94');
    expect(r.lines).toEqual([
      { description: 'Flat charge', quantity: 1, unitPricePence: 46614, amountPence: 46614 },
      { description: 'Per-pupil charge for 420 pupils', quantity: 420, unitPricePence: 114, amountPence: 47880 },
    ]);
    expect(r.working).toContain('£466.14 + 420 pupils × £1.14 = £466.14 + £478.80 = £944.94');
    expect(ok(quote(price, { pupils: 420, phase: null }, { quantity: 2 })).totalPence).toBe(2 * 94494);
  });

  it('flat_plus_per_pupil with nothing per pupil is the flat fee, said without "plus £0.00 per pupil"', () => {
    const price = model({ model: 'flat_plus_per_pupil', flatPence: 65000, perPupilPence: 0 });
    const r = ok(quote(price, { pupils: 420, phase: 'Primary' }, { quantity: 1 }));
    expect(r.totalPence).toBe(65000);
    expect(r.working).toEqual(['The price is £650.00', 'Total: £650.00']);
    expect(r.lines.map((l) => l.description)).toEqual(['Flat charge']);
    expect(r.working.join(' ')).not.toMatch(/per pupil/);
  });

  it('flat_plus_per_pupil uses the phase prices when there are some', () => {
    const price = model({
      model: 'flat_plus_per_pupil',
      flatPence: 46614,
      perPupilPence: 114,
      byPhase: { Secondary: { flatPence: 100000, perPupilPence: 200 } },
    });
    const secondary = ok(quote(price, { pupils: 1000, phase: 'Secondary' }, { quantity: 1 }));
    expect(secondary.totalPence).toBe(100000 + 1000 * 200);
    expect(secondary.working[0]).toBe('Secondary prices apply: £1,000.00 plus £2.00 per pupil');
    expect(ok(quote(price, { pupils: 1000, phase: ' secondary ' }, { quantity: 1 })).totalPence).toBe(300000);
    expect(ok(quote(price, { pupils: 420, phase: 'Primary' }, { quantity: 1 })).totalPence).toBe(94494);
    // An inherited property name is not a phase.
    expect(ok(quote(price, { pupils: 420, phase: 'constructor' }, { quantity: 1 })).totalPence).toBe(94494);
  });

  it('flat_plus_per_pupil refuses when the pupil count is unknown', () => {
    const price = model({ model: 'flat_plus_per_pupil', flatPence: 46614, perPupilPence: 114 });
    const r = quote(price, { pupils: null, phase: 'Primary' }, { quantity: 1 });
    expect(r).toEqual({
      ok: false,
      code: 'pupils_unknown',
      message: 'We do not know how many pupils are on roll at your school; contact the provider for a price',
    });
    expect(quote(price, { pupils: -3, phase: null }, { quantity: 1 }).ok).toBe(false);
  });

  const packageInput = {
    model: 'package' as const,
    packages: [
      { code: 'BRONZE', name: 'Bronze', units: 5, pricePence: 190000 },
      { code: 'SILVER', name: 'Silver', units: 10, pricePence: 350000 },
      { code: 'GOLD', name: 'Gold', units: 15, pricePence: 500000 },
    ],
    carryOver: false,
    overageUnitPricePence: 39300,
  };
  const packages = model(packageInput);
  const sessions = { singular: 'session', plural: 'sessions' };

  it('package charges the package price and overage as a separate line', () => {
    const r = ok(quote(packages, noBuyer, { quantity: 12, packageCode: 'SILVER', unitName: sessions }));
    expect(r.totalPence).toBe(428600);
    expect(r.lines).toEqual([
      { description: 'Silver package (10 sessions)', quantity: 1, unitPricePence: 350000, amountPence: 350000 },
      {
        description: '2 sessions beyond the Silver allowance at £393.00 each',
        quantity: 2,
        unitPricePence: 39300,
        amountPence: 78600,
      },
    ]);
    expect(r.working).toContain('2 sessions beyond the allowance: 2 × £393.00 = £786.00');
  });

  it('package charges the full package price for fewer units than it includes', () => {
    const r = ok(quote(packages, noBuyer, { quantity: 4, packageCode: 'SILVER' }));
    expect(r.totalPence).toBe(350000);
    expect(r.lines).toHaveLength(1);
    expect(ok(quote(packages, noBuyer, { quantity: 10, packageCode: 'SILVER' })).totalPence).toBe(350000);
  });

  it('package refuses an unknown or missing package, listing the codes', () => {
    for (const packageCode of [undefined, '', 'PLATINUM']) {
      const r = quote(packages, noBuyer, { quantity: 1, packageCode });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.code).toBe('package_unknown');
      for (const code of ['BRONZE', 'SILVER', 'GOLD']) expect(r.message).toContain(code);
    }
  });

  it('package refuses use beyond the allowance when there is no overage rate', () => {
    const capped = model({ ...packageInput, overageUnitPricePence: null });
    const r = quote(capped, noBuyer, { quantity: 12, packageCode: 'SILVER', unitName: sessions });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('beyond_allowance');
    expect(r.message).toContain('Silver package includes 10 sessions');
    expect(r.message).toContain('Gold: 15 sessions');
    expect(ok(quote(capped, noBuyer, { quantity: 10, packageCode: 'SILVER' })).totalPence).toBe(350000);
  });

  it('subscription split 7/12 then 5/12 adds up exactly (Walsall primary clerking £2,950)', () => {
    const r = ok(
      quote(model({ model: 'subscription', annualPence: 295000, instalments: 'split_7_5' }), noBuyer, { quantity: 1 }),
    );
    expect(r.totalPence).toBe(295000);
    expect(r.instalments).toEqual([
      { label: 'September to March (7/12)', amountPence: 172083 },
      { label: 'April to August (5/12)', amountPence: 122917 },
    ]);
  });

  it('subscription termly puts the odd penny on the first instalment', () => {
    const r = ok(
      quote(model({ model: 'subscription', annualPence: 100000, instalments: 'termly' }), noBuyer, { quantity: 1 }),
    );
    expect(r.instalments).toEqual([
      { label: 'Autumn term', amountPence: 33334 },
      { label: 'Spring term', amountPence: 33333 },
      { label: 'Summer term', amountPence: 33333 },
    ]);
    expect(r.working.some((line) => line.includes('added to the first'))).toBe(true);
  });

  it('subscription monthly and annual', () => {
    const monthly = ok(
      quote(model({ model: 'subscription', annualPence: 100007, instalments: 'monthly' }), noBuyer, { quantity: 1 }),
    );
    expect(monthly.instalments).toHaveLength(12);
    expect(monthly.instalments[0]).toEqual({ label: 'September', amountPence: 8333 + 11 });
    expect(monthly.instalments[11]).toEqual({ label: 'August', amountPence: 8333 });
    expect(monthly.instalments.reduce((s, i) => s + i.amountPence, 0)).toBe(100007);
    const annual = ok(
      quote(model({ model: 'subscription', annualPence: 295000, instalments: 'annual' }), noBuyer, { quantity: 2 }),
    );
    expect(annual.totalPence).toBe(590000);
    expect(annual.instalments).toEqual([{ label: 'Annual', amountPence: 590000 }]);
  });

  it("instalments of a financial-year line run April to March, in the financial year's own order", () => {
    const financial2026 = { kind: 'financial' as const, start: '2026-04-01' };
    const monthly = ok(
      quote(model({ model: 'subscription', annualPence: 120000, instalments: 'monthly' }), noBuyer, {
        quantity: 1,
        year: financial2026,
      }),
    );
    expect(monthly.instalments.map((i) => i.label)).toEqual([
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
      'January',
      'February',
      'March',
    ]);
    const termly = ok(
      quote(model({ model: 'subscription', annualPence: 100000, instalments: 'termly' }), noBuyer, {
        quantity: 1,
        year: financial2026,
      }),
    );
    expect(termly.instalments).toEqual([
      { label: 'Summer term 2026', amountPence: 33334 },
      { label: 'Autumn term 2026', amountPence: 33333 },
      { label: 'Spring term 2027', amountPence: 33333 },
    ]);
    const split = ok(
      quote(model({ model: 'subscription', annualPence: 295000, instalments: 'split_7_5' }), noBuyer, {
        quantity: 1,
        year: financial2026,
      }),
    );
    expect(split.instalments).toEqual([
      { label: 'April to August (5/12)', amountPence: 122917 },
      { label: 'September to March (7/12)', amountPence: 172083 },
    ]);
    expect(split.working.some((line) => line.includes('The September to March instalment is 7/12'))).toBe(true);
    const academic = ok(
      quote(model({ model: 'subscription', annualPence: 100007, instalments: 'monthly' }), noBuyer, {
        quantity: 1,
        year: { kind: 'academic', start: '2026-09-01' },
      }),
    );
    expect(academic.instalments[0]).toEqual({ label: 'September', amountPence: 8333 + 11 });
  });

  it('applies a minimum charge as its own line', () => {
    const r = ok(
      quote(model({ model: 'per_unit', unitPricePence: 2500, minimumChargePence: 10000 }), noBuyer, { quantity: 2 }),
    );
    expect(r.totalPence).toBe(10000);
    expect(r.lines[1]).toEqual({
      description: 'Minimum charge adjustment',
      quantity: 1,
      unitPricePence: 5000,
      amountPence: 5000,
    });
    expect(r.working).toContain('The minimum charge is £100.00, so £50.00 is added');
    expect(
      ok(quote(model({ model: 'per_unit', unitPricePence: 2500, minimumChargePence: 10000 }), noBuyer, { quantity: 5 }))
        .lines,
    ).toHaveLength(1);
  });

  it('rounds to the nearest pound, half up', () => {
    const price = (p: number) => model({ model: 'per_unit', unitPricePence: p, rounding: 'nearest_pound' });
    const down = ok(quote(price(94449), noBuyer, { quantity: 1 }));
    expect(down.totalPence).toBe(94400);
    expect(down.lines[1]).toEqual({ description: 'Rounding', quantity: 1, unitPricePence: -49, amountPence: -49 });
    expect(ok(quote(price(94450), noBuyer, { quantity: 1 })).totalPence).toBe(94500);
    const exact = ok(quote(price(94400), noBuyer, { quantity: 1 }));
    expect(exact.lines).toHaveLength(1);
  });

  it('rounds up to the pound', () => {
    const price = model({
      model: 'flat_plus_per_pupil',
      flatPence: 46614,
      perPupilPence: 114,
      rounding: 'up_to_pound',
    });
    const r = ok(quote(price, { pupils: 420, phase: null }, { quantity: 1 }));
    expect(r.totalPence).toBe(94500);
    expect(r.lines.at(-1)).toEqual({ description: 'Rounding', quantity: 1, unitPricePence: 6, amountPence: 6 });
    expect(r.working).toContain('Rounded up to the next whole pound: £944.94 becomes £945.00');
  });

  it('rounds before applying the minimum', () => {
    const r = ok(
      quote(
        model({ model: 'per_unit', unitPricePence: 4010, rounding: 'up_to_pound', minimumChargePence: 5050 }),
        noBuyer,
        { quantity: 1 },
      ),
    );
    expect(r.lines.map((l) => l.description)).toEqual([
      'Units at £40.10 each',
      'Rounding',
      'Minimum charge adjustment',
    ]);
    expect(r.lines.map((l) => l.amountPence)).toEqual([4010, 90, 950]);
    expect(r.totalPence).toBe(5050);
  });

  it('refuses quantities that are not whole numbers of 1 or more', () => {
    const price = model({ model: 'per_unit', unitPricePence: 100 });
    for (const quantity of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
      const r = quote(price, noBuyer, { quantity });
      expect(r).toEqual({
        ok: false,
        code: 'quantity_invalid',
        message: 'Enter a quantity of 1 or more, in whole units',
      });
    }
    expect(quote(price, noBuyer, { quantity: 0, unitName: days })).toMatchObject({
      message: 'Enter a quantity of 1 or more, in whole days',
    });
  });

  it('refuses a quantity whose price would be too large to hold exactly', () => {
    const r = quote(model({ model: 'per_unit', unitPricePence: 10_000_000_000 }), noBuyer, {
      quantity: Number.MAX_SAFE_INTEGER,
    });
    expect(r).toMatchObject({ ok: false, code: 'quantity_invalid' });
  });

  it('throws for a model that never went through the schema', () => {
    expect(() => quote({ model: 'nope' } as unknown as PriceModel, noBuyer, { quantity: 1 })).toThrow();
    expect(() =>
      quote({ model: 'per_unit', unitPricePence: 1.5, minimumChargePence: 0, rounding: 'penny' }, noBuyer, {
        quantity: 1,
      }),
    ).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over valid price models

const penceArb = fc.integer({ min: 0, max: 10_000_000 });
const commonArb = fc.record({
  minimumChargePence: penceArb,
  rounding: fc.constantFrom('penny' as const, 'nearest_pound' as const, 'up_to_pound' as const),
});
const bandsArb = fc.uniqueArray(fc.integer({ min: 1, max: 12_000 }), { maxLength: 6 }).chain((cuts) => {
  const sorted = [...cuts].sort((a, b) => a - b);
  return fc.array(penceArb, { minLength: sorted.length + 1, maxLength: sorted.length + 1 }).map((rates) =>
    rates.map((unitPricePence, i) => ({
      from: i === 0 ? 1 : sorted[i - 1]! + 1,
      to: i < sorted.length ? sorted[i]! : null,
      unitPricePence,
    })),
  );
});
const phases = ['Primary', 'Secondary', 'Nursery', 'Special'];
const priceArb: fc.Arbitrary<PriceModelInput> = fc
  .oneof(
    fc.record({ model: fc.constant('per_unit' as const), unitPricePence: penceArb }),
    fc.record({ model: fc.constant('volume_bands' as const), bands: bandsArb }),
    fc.record({ model: fc.constant('graduated' as const), bands: bandsArb }),
    fc.record({
      model: fc.constant('flat_plus_per_pupil' as const),
      flatPence: penceArb,
      perPupilPence: penceArb,
      byPhase: fc.dictionary(fc.constantFrom(...phases), fc.record({ flatPence: penceArb, perPupilPence: penceArb })),
    }),
    fc.record({
      model: fc.constant('package' as const),
      packages: fc.uniqueArray(
        fc.record({
          code: fc.constantFrom('A', 'B', 'C', 'D'),
          name: fc.constantFrom('Bronze', 'Silver', 'Gold'),
          units: fc.integer({ min: 1, max: 10_000 }),
          pricePence: penceArb,
        }),
        { minLength: 1, maxLength: 4, selector: (p) => p.code },
      ),
      carryOver: fc.boolean(),
      overageUnitPricePence: fc.option(penceArb),
    }),
    fc.record({
      model: fc.constant('subscription' as const),
      annualPence: penceArb,
      instalments: fc.constantFrom('annual' as const, 'termly' as const, 'monthly' as const, 'split_7_5' as const),
    }),
  )
  .chain((m) => commonArb.map((c) => ({ ...m, ...c }) as PriceModelInput));

const buyerArb: fc.Arbitrary<BuyerFacts> = fc.record({
  pupils: fc.option(fc.integer({ min: 0, max: 3000 }), { freq: 5 }),
  phase: fc.option(fc.constantFrom(...phases, 'All-through')),
});
const quantityArb = fc.integer({ min: 1, max: 10_000 });
const codeArb = fc.option(fc.constantFrom('A', 'B', 'C', 'D', 'Z'), { freq: 8 }).map((c) => c ?? undefined);

/** Rounding then minimum, written independently of the engine, in BigInt. */
function finish(base: bigint, p: PriceModel): bigint {
  let t = base;
  if (p.rounding === 'nearest_pound') t = ((t + 50n) / 100n) * 100n;
  if (p.rounding === 'up_to_pound') t = ((t + 99n) / 100n) * 100n;
  const min = BigInt(p.minimumChargePence);
  return t < min ? min : t;
}

describe('quote: properties', () => {
  it('every generated model is valid', () => {
    fc.assert(
      fc.property(priceArb, (input) => {
        expect(priceModelSchema.safeParse(input).success).toBe(true);
      }),
    );
  });

  it('totals are safe, non-negative, at least the minimum, equal to the sum of lines, and deterministic', () => {
    fc.assert(
      fc.property(priceArb, buyerArb, quantityArb, codeArb, (input, buyer, quantity, packageCode) => {
        const price = model(input);
        const request = { quantity, packageCode };
        const r = quote(price, buyer, request);
        expect(quote(price, buyer, request)).toEqual(r);
        if (!r.ok) {
          // Refusals only for the reasons a valid model allows.
          if (r.code === 'pupils_unknown')
            expect(price.model === 'flat_plus_per_pupil' && buyer.pupils === null).toBe(true);
          else if (r.code === 'package_unknown')
            expect(price.model === 'package' && !price.packages.some((p) => p.code === packageCode)).toBe(true);
          else if (r.code === 'beyond_allowance')
            expect(price.model === 'package' && price.overageUnitPricePence === null).toBe(true);
          else throw new Error(`unexpected refusal ${r.code}: ${r.message}`);
          expect(r.message.length).toBeGreaterThan(10);
          return;
        }
        expect(Number.isSafeInteger(r.totalPence)).toBe(true);
        expect(r.totalPence).toBeGreaterThanOrEqual(0);
        expect(r.totalPence).toBeGreaterThanOrEqual(price.minimumChargePence);
        for (const l of r.lines) {
          expect(Number.isSafeInteger(l.amountPence)).toBe(true);
          expect(Number.isSafeInteger(l.unitPricePence)).toBe(true);
          expect(Number.isSafeInteger(l.quantity)).toBe(true);
          expect(l.amountPence).toBe(l.quantity * l.unitPricePence);
        }
        expect(r.totalPence).toBe(lineSum(r));
        if (price.rounding !== 'penny' && r.totalPence > price.minimumChargePence) expect(r.totalPence % 100).toBe(0);
        expect(r.working.length).toBeGreaterThan(0);
        if (price.model !== 'subscription') expect(r.instalments).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  const gradedArb = fc.record({ bands: bandsArb, common: commonArb, quantity: quantityArb });

  it('graduated total is the sum over tiers', () => {
    fc.assert(
      fc.property(gradedArb, ({ bands, common, quantity }) => {
        const price = model({ model: 'graduated', bands, ...common });
        let base = 0n;
        for (const b of bands) {
          const hi = Math.min(b.to ?? Number.POSITIVE_INFINITY, quantity);
          if (hi >= b.from) base += BigInt(hi - b.from + 1) * BigInt(b.unitPricePence);
        }
        expect(ok(quote(price, noBuyer, { quantity })).totalPence).toBe(Number(finish(base, price)));
      }),
    );
  });

  it('volume-band total is the quantity times the rate of the band containing it, and rises within a band', () => {
    fc.assert(
      fc.property(gradedArb, ({ bands, common, quantity }) => {
        const price = model({ model: 'volume_bands', bands, ...common });
        const band = bands.find((b) => b.from <= quantity && (b.to === null || quantity <= b.to))!;
        const r = ok(quote(price, noBuyer, { quantity }));
        expect(r.totalPence).toBe(Number(finish(BigInt(quantity) * BigInt(band.unitPricePence), price)));
        if (band.to === null || quantity < band.to)
          expect(ok(quote(price, noBuyer, { quantity: quantity + 1 })).totalPence).toBeGreaterThanOrEqual(r.totalPence);
      }),
    );
  });

  it('subscription instalments add up exactly to the total', () => {
    fc.assert(
      fc.property(
        penceArb,
        commonArb,
        fc.constantFrom('annual' as const, 'termly' as const, 'monthly' as const, 'split_7_5' as const),
        fc.integer({ min: 1, max: 10 }),
        (annualPence, common, instalments, quantity) => {
          const price = model({ model: 'subscription', annualPence, instalments, ...common });
          const r = ok(quote(price, noBuyer, { quantity }));
          expect(r.totalPence).toBe(Number(finish(BigInt(annualPence) * BigInt(quantity), price)));
          expect(r.instalments.reduce((s, i) => s + i.amountPence, 0)).toBe(r.totalPence);
          expect(r.instalments).toHaveLength({ annual: 1, termly: 3, monthly: 12, split_7_5: 2 }[instalments]);
          for (const i of r.instalments) expect(Number.isSafeInteger(i.amountPence) && i.amountPence >= 0).toBe(true);
          if (instalments === 'split_7_5')
            expect(r.instalments[0]!.amountPence).toBe(roundHalfUp(BigInt(r.totalPence) * 7n, 12n));
          if (instalments === 'termly' || instalments === 'monthly') {
            const [first, ...rest] = r.instalments.map((i) => i.amountPence);
            const each = Math.floor(r.totalPence / r.instalments.length);
            for (const a of rest) expect(a).toBe(each);
            expect(first! - each).toBeLessThan(r.instalments.length);
          }
        },
      ),
    );
  });

  it('flat_plus_per_pupil is flat plus per-pupil times pupils, times quantity', () => {
    fc.assert(
      fc.property(
        penceArb,
        penceArb,
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 5 }),
        commonArb,
        (flat, perPupil, pupils, quantity, common) => {
          const price = model({ model: 'flat_plus_per_pupil', flatPence: flat, perPupilPence: perPupil, ...common });
          const r = ok(quote(price, { pupils, phase: null }, { quantity }));
          expect(r.totalPence).toBe(
            Number(finish(BigInt(quantity) * (BigInt(flat) + BigInt(perPupil) * BigInt(pupils)), price)),
          );
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The schema that guards what reaches the engine

describe('priceModelSchema', () => {
  const messages = (input: unknown) => {
    const r = priceModelSchema.safeParse(input);
    expect(r.success).toBe(false);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it('accepts contiguous bands ending open', () => {
    expect(priceModelSchema.safeParse({ model: 'volume_bands', bands: dayBands }).success).toBe(true);
  });

  it('rejects overlapping bands, saying where to start', () => {
    const bands = [
      { from: 1, to: 5, unitPricePence: 100 },
      { from: 4, to: null, unitPricePence: 90 },
    ];
    expect(messages({ model: 'volume_bands', bands })).toContain(
      'Band 2 starts at 4, overlapping the band before: start it at 6',
    );
  });

  it('rejects gapped bands, saying where to start', () => {
    const bands = [
      { from: 1, to: 5, unitPricePence: 100 },
      { from: 8, to: null, unitPricePence: 90 },
    ];
    expect(messages({ model: 'graduated', bands })).toContain(
      'Band 2 starts at 8, leaving a gap after 5: start it at 6',
    );
  });

  it('rejects a closed last band', () => {
    const bands = [
      { from: 1, to: 5, unitPricePence: 100 },
      { from: 6, to: 10, unitPricePence: 90 },
    ];
    expect(messages({ model: 'volume_bands', bands })).toContain(
      'The last band must have no upper limit, so every quantity has a price',
    );
  });

  it('rejects negative prices', () => {
    expect(messages({ model: 'per_unit', unitPricePence: -1 })).toContain('Amounts cannot be negative');
    expect(messages({ model: 'volume_bands', bands: [{ from: 1, to: null, unitPricePence: -5 }] })).toContain(
      'Amounts cannot be negative',
    );
  });

  it('rejects fractional pence', () => {
    expect(messages({ model: 'per_unit', unitPricePence: 12.5 })).toContain('Amounts must be in whole pence');
    expect(messages({ model: 'subscription', annualPence: 295000.5, instalments: 'annual' })).toContain(
      'Amounts must be in whole pence',
    );
  });
});
