import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/days';
import { AGE_BUCKETS, ageBucketOf, daysPastDue } from './age-buckets';

describe('aged debt buckets', () => {
  it.each([
    [-10, 'current'],
    [0, 'current'],
    [1, 'days1to30'],
    [30, 'days1to30'],
    [31, 'days31to60'],
    [60, 'days31to60'],
    [61, 'days61to90'],
    [90, 'days61to90'],
    [91, 'over90'],
    [400, 'over90'],
  ])('%i days past due is %s', (days, key) => {
    expect(ageBucketOf(days).key).toBe(key);
  });

  it('every whole number of days falls in exactly one bucket, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 5000 }), (days) => {
        const matching = AGE_BUCKETS.filter(
          (b) => (b.fromDays === null || days >= b.fromDays) && (b.toDays === null || days <= b.toDays),
        );
        expect(matching).toEqual([ageBucketOf(days)]);
        expect(AGE_BUCKETS.indexOf(ageBucketOf(days + 1))).toBeGreaterThanOrEqual(
          AGE_BUCKETS.indexOf(ageBucketOf(days)),
        );
      }),
    );
  });

  it('counts days past due across month ends, leap days and clock changes', () => {
    expect(daysPastDue('2026-03-01', '2026-03-01')).toBe(0);
    expect(daysPastDue('2026-03-01', '2026-02-28')).toBe(-1);
    expect(daysPastDue('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysPastDue('2026-03-28', '2026-03-30')).toBe(2);
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (n) => {
        expect(daysPastDue('2026-01-15', addDays('2026-01-15', n))).toBe(n);
      }),
    );
  });
});
