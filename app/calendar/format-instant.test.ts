import { describe, expect, it } from 'vitest';
import { formatDay, formatMoment, formatTime } from './format-instant';

describe('moments as GOV.UK writes them, in UK time', () => {
  it('writes the day and a 12-hour time with am or pm', () => {
    expect(formatMoment('2026-12-02T14:26:00Z')).toBe('2 December 2026 at 2:26pm');
    expect(formatTime('2026-12-02T02:26:00Z')).toBe('2:26am');
    expect(formatTime('2026-12-02T09:00:00Z')).toBe('9am');
  });

  it('says midday and midnight', () => {
    expect(formatTime('2026-12-02T12:00:00Z')).toBe('midday');
    expect(formatTime('2026-12-02T00:00:00Z')).toBe('midnight');
    expect(formatTime('2026-12-02T12:30:00Z')).toBe('12:30pm');
    expect(formatTime('2026-12-02T00:05:00Z')).toBe('12:05am');
  });

  it('uses British Summer Time in summer, including for the day', () => {
    expect(formatMoment('2026-07-01T13:15:00Z')).toBe('1 July 2026 at 2:15pm');
    expect(formatDay('2026-06-30T23:30:00Z')).toBe('1 July 2026');
    expect(formatDay(new Date('2026-12-31T23:30:00Z'))).toBe('31 December 2026');
  });
});
