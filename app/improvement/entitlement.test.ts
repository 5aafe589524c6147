import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawDown, entitlementPosition, formatDays, splitVisit } from './entitlement';

const entitled = fc.integer({ min: 0, max: 200 }).map((d) => d * 100);
const visit = fc.integer({ min: 1, max: 100 });
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('drawing down the core entitlement', () => {
  it('splits one visit: funded first, the rest traded', () => {
    expect(splitVisit(500, 0, 100)).toEqual({ fundedHundredths: 100, tradedHundredths: 0 });
    expect(splitVisit(500, 450, 100)).toEqual({ fundedHundredths: 50, tradedHundredths: 50 });
    expect(splitVisit(500, 500, 50)).toEqual({ fundedHundredths: 0, tradedHundredths: 50 });
    expect(splitVisit(0, 0, 100)).toEqual({ fundedHundredths: 0, tradedHundredths: 100 });
  });

  it('funded + traded = delivered for every visit; nothing negative; funded never above the entitlement', () => {
    fc.assert(
      fc.property(entitled, fc.array(visit, { maxLength: 60 }), (e, visits) => {
        const splits = drawDown(e, visits);
        splits.forEach((s, i) => {
          expect(s.fundedHundredths + s.tradedHundredths).toBe(visits[i]);
          expect(s.fundedHundredths).toBeGreaterThanOrEqual(0);
          expect(s.tradedHundredths).toBeGreaterThanOrEqual(0);
        });
        const funded = sum(splits.map((s) => s.fundedHundredths));
        expect(funded).toBeLessThanOrEqual(e);
        const position = entitlementPosition(
          e / 100,
          visits.map((_, i) => ({ ...splits[i]!, onLine: false, tradedDayRatePence: 1000, voided: false })),
        );
        expect(position.drawnHundredths).toBe(funded);
        expect(position.remainingHundredths).toBe(e - funded);
        expect(position.remainingHundredths).toBeGreaterThanOrEqual(0);
        expect(position.drawnHundredths + position.tradedHundredths).toBe(sum(visits));
        expect(position.notCommissionedChargePence).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('totals do not depend on the order of the visits or on how the days are split into visits', () => {
    fc.assert(
      fc.property(entitled, fc.array(visit, { maxLength: 40 }), (e, visits) => {
        const funded = (vs: number[]) => sum(drawDown(e, vs).map((s) => s.fundedHundredths));
        const total = sum(visits);
        const expected = Math.min(e, total);
        expect(funded(visits)).toBe(expected);
        expect(funded([...visits].reverse())).toBe(expected);
        // The same days as visits of a quarter of a day (and a remainder) draw the same.
        const quarters = [...Array<number>(Math.floor(total / 25)).fill(25), ...(total % 25 ? [total % 25] : [])];
        expect(funded(quarters)).toBe(expected);
      }),
    );
  });

  it('leaves voided visits out, frees their funded days, and prices what is not commissioned', () => {
    const position = entitlementPosition(1, [
      { fundedHundredths: 100, tradedHundredths: 0, onLine: false, tradedDayRatePence: null, voided: true },
      { fundedHundredths: 100, tradedHundredths: 0, onLine: false, tradedDayRatePence: null, voided: false },
      { fundedHundredths: 0, tradedHundredths: 50, onLine: true, tradedDayRatePence: null, voided: false },
      { fundedHundredths: 0, tradedHundredths: 50, onLine: false, tradedDayRatePence: 45001, voided: false },
      { fundedHundredths: 0, tradedHundredths: 25, onLine: false, tradedDayRatePence: null, voided: false },
    ]);
    expect(position).toEqual({
      entitledHundredths: 100,
      drawnHundredths: 100,
      remainingHundredths: 0,
      tradedHundredths: 125,
      tradedOnLineHundredths: 50,
      tradedNotCommissionedHundredths: 75,
      notCommissionedChargePence: 22501,
      unpricedHundredths: 25,
    });
    expect(entitlementPosition(null, []).entitledHundredths).toBe(0);
  });

  it('reads days for people', () => {
    expect([formatDays(50), formatDays(100), formatDays(250), formatDays(25)]).toEqual([
      '½ day',
      '1 day',
      '2.5 days',
      '0.25 days',
    ]);
  });
});
