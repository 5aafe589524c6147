import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VatCode } from '../../db/schema';
import { lineCredit, netLeftPence, vatLeftPence, type CreditableLine } from './credit-amounts';
import { lineVatPence } from './vat';

const fresh = (netPence: number, vatCode: VatCode = 'S'): CreditableLine => ({
  netPence,
  vatPence: lineVatPence(netPence, vatCode),
  vatCode,
  creditedNetPence: 0,
  creditedVatPence: 0,
});

const after = (line: CreditableLine, credit: { netPence: number; vatPence: number }): CreditableLine => ({
  ...line,
  creditedNetPence: line.creditedNetPence + credit.netPence,
  creditedVatPence: line.creditedVatPence + credit.vatPence,
});

describe('lineCredit', () => {
  it('credits the whole line with exactly its VAT', () => {
    expect(lineCredit(fresh(56500), 56500)).toEqual({ netPence: 56500, vatPence: 11300, full: true });
  });

  it('rounds a part half up, and the rest takes what is left of the VAT', () => {
    // 20% of 2 pence is 0.4p (0), of 3 pence is 0.6p (1): the line's VAT of 1p is taken once only.
    const line = fresh(5);
    const first = lineCredit(line, 3);
    expect(first).toEqual({ netPence: 3, vatPence: 1, full: false });
    expect(lineCredit(after(line, first), 2)).toEqual({ netPence: 2, vatPence: 0, full: true });
  });

  it('never takes more VAT than is left, even when the part rounds up', () => {
    // 3p + 3p + 3p on a 9p line: VAT 2p (1.8p); each part rounds 0.6p up to 1p, the third gets none.
    let line = fresh(9);
    const vats: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = lineCredit(line, 3);
      vats.push(c.vatPence);
      line = after(line, c);
    }
    expect(vats).toEqual([1, 1, 0]);
    expect(vatLeftPence(line)).toBe(0);
  });

  it('refuses more than is left of the net, and nothing', () => {
    const line = after(fresh(1000), { netPence: 600, vatPence: 120 });
    expect(() => lineCredit(line, 401)).toThrow(/Only 400 pence/);
    expect(() => lineCredit(line, 0)).toThrow(RangeError);
    expect(() => lineCredit(line, 1.5)).toThrow(RangeError);
  });

  it('credits exempt and outside-scope lines without VAT', () => {
    expect(lineCredit(fresh(1234, 'E'), 600).vatPence).toBe(0);
    expect(lineCredit(fresh(1234, 'O'), 1234).vatPence).toBe(0);
  });

  it('property: any sequence of part credits stays within the line, and crediting the rest ends at zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.constantFrom<VatCode>('S', 'E', 'O', 'Z'),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        (net, code, fractions) => {
          let line = fresh(net, code);
          for (const fraction of fractions) {
            const left = netLeftPence(line);
            if (left <= 1) break;
            // A part: at least a penny, always less than what is left.
            const part = Math.min(left - 1, Math.max(1, Math.floor(left * fraction)));
            const credit = lineCredit(line, part);
            expect(credit.full).toBe(false);
            expect(credit.vatPence).toBeGreaterThanOrEqual(0);
            line = after(line, credit);
            expect(line.creditedNetPence).toBeLessThanOrEqual(line.netPence);
            expect(line.creditedVatPence).toBeLessThanOrEqual(line.vatPence);
          }
          const rest = netLeftPence(line);
          if (rest > 0) line = after(line, lineCredit(line, rest));
          expect(line.creditedNetPence).toBe(line.netPence);
          expect(line.creditedVatPence).toBe(line.vatPence);
          expect(netLeftPence(line)).toBe(0);
          expect(vatLeftPence(line)).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
