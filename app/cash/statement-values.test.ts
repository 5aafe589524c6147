import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { penceToPoundsText } from '../money';
import { parseStatementAmount, parseStatementDate } from './statement-values';

describe('statement dates', () => {
  it('reads dd/MM/yyyy, dd/MM/yy and ISO dates, and refuses days that do not exist', () => {
    expect(parseStatementDate('02/03/2026')).toBe('2026-03-02');
    expect(parseStatementDate('2/3/26')).toBe('2026-03-02');
    expect(parseStatementDate('2026-03-02')).toBe('2026-03-02');
    expect(parseStatementDate('2026-03-02T10:15:00')).toBe('2026-03-02');
    expect(parseStatementDate('31/02/2026')).toBeNull();
    expect(parseStatementDate('03/13/2026')).toBeNull();
    expect(parseStatementDate('March 2nd')).toBeNull();
    expect(parseStatementDate('')).toBeNull();
  });
});

describe('statement amounts', () => {
  it('reads signed, £, thousands, CR/DR and bracketed amounts as pence', () => {
    expect(parseStatementAmount('1,234.56')).toBe(123456);
    expect(parseStatementAmount('-45.5')).toBe(-4550);
    expect(parseStatementAmount('+12.00')).toBe(1200);
    expect(parseStatementAmount('£5')).toBe(500);
    expect(parseStatementAmount('12.00 DR')).toBe(-1200);
    expect(parseStatementAmount('12.00 CR')).toBe(1200);
    expect(parseStatementAmount('(12.00)')).toBe(-1200);
    expect(parseStatementAmount('')).toBe(0);
    expect(parseStatementAmount('twelve')).toBeNull();
    expect(parseStatementAmount('1.234')).toBeNull();
  });

  it('reads back any whole number of pence written as pounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (pence) => {
        expect(parseStatementAmount(penceToPoundsText(pence))).toBe(pence);
      }),
    );
  });
});
