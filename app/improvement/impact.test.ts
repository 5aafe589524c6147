import { describe, expect, it } from 'vitest';
import type { ResultRow } from '../../db/queries/improvement-impact';
import { averageRating, changeOf, resultsAround } from './impact';

const result = (academicYear: number, ptrwmExp: number | null): ResultRow => ({
  urn: 1,
  academicYear,
  ptrwmExp,
  ptrwmHigh: null,
  readProg: null,
  writProg: null,
  matProg: null,
  eligiblePupils: null,
});

describe('impact against results', () => {
  it('compares the year’s own results with the latest earlier year (years without results skipped)', () => {
    const results = [result(2019, 50), result(2022, 60), result(2024, 64), result(2025, 70)];
    expect(resultsAround(results, 1, 2025)).toMatchObject({ before: { academicYear: 2024 }, change: 'rose' });
    // 2020 and 2021 had no tests: 2022 is compared with 2019.
    expect(resultsAround(results, 1, 2022)).toMatchObject({ before: { academicYear: 2019 }, change: 'rose' });
    expect(resultsAround(results, 1, 2026)).toMatchObject({ after: null, change: 'unknown' });
    expect(resultsAround(results, 2, 2025)).toMatchObject({ before: null, after: null, change: 'unknown' });
  });

  it('says rose, fell or the same only when both figures are there', () => {
    expect(changeOf(result(2024, 64), result(2025, 63))).toBe('fell');
    expect(changeOf(result(2024, 64), result(2025, 64))).toBe('same');
    expect(changeOf(result(2024, null), result(2025, 64))).toBe('unknown');
    expect(changeOf(null, result(2025, 64))).toBe('unknown');
  });

  it('averages ratings to one decimal place, and none without ratings', () => {
    expect(averageRating(9, 2)).toBe(4.5);
    expect(averageRating(10, 3)).toBe(3.3);
    expect(averageRating(0, 0)).toBeNull();
  });
});
