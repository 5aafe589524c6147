import { describe, expect, it } from 'vitest';
import { priceModelSchema, type PriceModelInput } from '../pricing/price-model';
import type { BuyerFacts } from '../pricing/quote';
import { headlinePrice } from './headline-price';

const day = { singular: 'day', plural: 'days' };
const school: BuyerFacts = { pupils: 300, phase: 'Primary' };
const say = (price: PriceModelInput, buyer = school) => headlinePrice(priceModelSchema.parse(price), day, buyer);

describe('a price in a few words, for a list', () => {
  it('names the unit, and says "from" only when there is a choice of price', () => {
    expect(say({ model: 'per_unit', unitPricePence: 59_000 })).toBe('£590.00 a day');
    const bands = [
      { from: 1, to: 3, unitPricePence: 56_500 },
      { from: 4, to: null, unitPricePence: 51_500 },
    ];
    expect(say({ model: 'volume_bands', bands })).toBe('from £515.00 a day');
    expect(say({ model: 'graduated', bands })).toBe('from £515.00 a day');
    expect(
      say({
        model: 'volume_bands',
        bands: [
          { from: 1, to: 3, unitPricePence: 50_000 },
          { from: 4, to: null, unitPricePence: 50_000 },
        ],
      }),
    ).toBe('£500.00 a day');
  });

  it('gives the cheapest package with what it includes', () => {
    expect(
      say({
        model: 'package',
        packages: [
          { code: 'L', name: 'Large', units: 10, pricePence: 450_000 },
          { code: 'S', name: 'Small', units: 3, pricePence: 150_000 },
        ],
        carryOver: false,
        overageUnitPricePence: null,
      }),
    ).toBe('from £1,500.00 for 3 days');
  });

  it("gives a year's price for a subscription, and for a per-pupil price the school's own roll", () => {
    expect(say({ model: 'subscription', annualPence: 397_200, instalments: 'termly' })).toBe('£3,972.00 a year');
    const perPupil = { model: 'flat_plus_per_pupil', flatPence: 100_000, perPupilPence: 500 } as const;
    expect(say(perPupil)).toBe('£2,500.00 a year');
    // By phase, as the quote engine prices it.
    expect(say({ ...perPupil, byPhase: { Primary: { flatPence: 50_000, perPupilPence: 100 } } })).toBe(
      '£800.00 a year',
    );
    // Roll unknown: the parts, without a per-pupil part of nothing.
    expect(say(perPupil, { pupils: null, phase: null })).toBe('£1,000.00 a year plus £5.00 per pupil on roll');
    expect(say({ ...perPupil, perPupilPence: 0 }, { pupils: null, phase: null })).toBe('£1,000.00 a year');
  });
});
