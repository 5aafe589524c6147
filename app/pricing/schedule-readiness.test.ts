import { describe, expect, it } from 'vitest';
import { yearsAwaitingPrices } from './schedule-readiness';

const academic = (start: string, status: 'draft' | 'published') =>
  ({ year_kind: 'academic', year_start: start, status }) as const;

describe('contract years waiting for published prices', () => {
  it('names the year running now when only its draft exists (December, 2026/27 still a draft)', () => {
    const years = yearsAwaitingPrices(
      [academic('2025-09-01', 'published'), academic('2026-09-01', 'draft')],
      '2026-12-02',
    );
    expect(years).toEqual([{ kind: 'academic', start: '2026-09-01', label: '2026/27 academic year', started: true }]);
  });

  it('warns ahead of a year that starts within 60 days, not before', () => {
    const schedules = [academic('2025-09-01', 'published'), academic('2026-09-01', 'draft')];
    expect(yearsAwaitingPrices(schedules, '2026-05-01')).toEqual([]);
    expect(yearsAwaitingPrices(schedules, '2026-07-10')).toEqual([
      { kind: 'academic', start: '2026-09-01', label: '2026/27 academic year', started: false },
    ]);
  });

  it('names the year running now even without a draft for it, and nothing once it is published', () => {
    expect(yearsAwaitingPrices([academic('2025-09-01', 'published')], '2026-10-01').map((y) => y.label)).toEqual([
      '2026/27 academic year',
    ]);
    expect(
      yearsAwaitingPrices([academic('2025-09-01', 'published'), academic('2026-09-01', 'published')], '2026-10-01'),
    ).toEqual([]);
    expect(yearsAwaitingPrices([], '2026-10-01')).toEqual([]);
  });
});
