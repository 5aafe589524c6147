import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowanceFor } from '../commissioning/allowance';
import { addDays, beyondAllowance, formatUnits, overageCharge, parseUnits } from './delivery-rules';

describe('delivery units', () => {
  it('parses whole and part units exactly, refusing nonsense', () => {
    expect(parseUnits('2')).toBe(200);
    expect(parseUnits('0.5')).toBe(50);
    expect(parseUnits('1.25')).toBe(125);
    for (const bad of ['0', '-1', 'abc', '1.234', '', '1,5']) expect(parseUnits(bad), bad).toBeNull();
    expect(formatUnits(150)).toBe('1.5');
    expect(formatUnits(125)).toBe('1.25');
    expect(formatUnits(300)).toBe('3');
  });

  it('charges only what goes beyond the allowance, however the work is split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 20 }),
        (allowance, parts) => {
          let before = 0;
          let beyond = 0;
          for (const units of parts) {
            beyond += beyondAllowance(before, units, allowance);
            before += units;
          }
          expect(beyond).toBe(Math.max(0, before - allowance));
        },
      ),
    );
  });

  it('prices overage at the agreed rate to the penny', () => {
    expect(overageCharge(200, 50000)).toBe(100000);
    expect(overageCharge(50, 39300)).toBe(19650);
    expect(overageCharge(1, 1)).toBe(0);
    expect(overageCharge(50, 1)).toBe(1);
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('what a line buys', () => {
  it('a per-unit line allows its quantity and charges overage at the unit rate, unless refused', () => {
    const price = {
      model: 'per_unit' as const,
      unitPricePence: 50000,
      minimumChargePence: 0,
      rounding: 'penny' as const,
    };
    expect(allowanceFor(price, { quantity: 3 }, 'charge')).toEqual({
      allowanceHundredths: 300,
      overageUnitPricePence: 50000,
    });
    expect(allowanceFor(price, { quantity: 3 }, 'refuse')).toEqual({
      allowanceHundredths: 300,
      overageUnitPricePence: null,
    });
  });

  it('a package allows its units and its overage rate', () => {
    const price = {
      model: 'package' as const,
      packages: [{ code: 'SILVER', name: 'Silver', units: 10, pricePence: 350000 }],
      carryOver: false,
      overageUnitPricePence: 39300,
      minimumChargePence: 0,
      rounding: 'penny' as const,
    };
    expect(allowanceFor(price, { quantity: 4, packageCode: 'silver' }, 'charge')).toEqual({
      allowanceHundredths: 1000,
      overageUnitPricePence: 39300,
    });
    expect(allowanceFor(price, { quantity: 12, packageCode: 'SILVER' }, 'charge')).toEqual({
      allowanceHundredths: 1200,
      overageUnitPricePence: 39300,
    });
  });

  it("volume bands charge overage at the band reached; graduated at the next unit's tier", () => {
    const bands = [
      { from: 1, to: 3, unitPricePence: 56500 },
      { from: 4, to: null, unitPricePence: 50000 },
    ];
    expect(
      allowanceFor(
        { model: 'volume_bands', bands, minimumChargePence: 0, rounding: 'penny' },
        { quantity: 3 },
        'charge',
      ).overageUnitPricePence,
    ).toBe(56500);
    expect(
      allowanceFor({ model: 'graduated', bands, minimumChargePence: 0, rounding: 'penny' }, { quantity: 3 }, 'charge')
        .overageUnitPricePence,
    ).toBe(50000);
  });
});
