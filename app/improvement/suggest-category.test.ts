import type { OfstedJudgement } from '../../db/tables/school-performance';
import { describe, expect, it } from 'vitest';
import { suggestCategory, type SuggestionData } from './suggest-category';

const thresholds = { ptrwmExpFloor: 65, progressLimit: -5 };
const ks2 = (over: Partial<NonNullable<SuggestionData['ks2']>> = {}): SuggestionData['ks2'] => ({
  academicYear: 2025,
  ptrwmExp: 70,
  readProg: 0,
  writProg: 0,
  matProg: 0,
  ...over,
});
const inspection = (
  overallEffectiveness: OfstedJudgement | null,
  qualityOfEducation: OfstedJudgement | null = null,
): SuggestionData['inspection'] => ({ inspectionDate: '2025-03-04', overallEffectiveness, qualityOfEducation });

describe('suggesting a category from the data', () => {
  it('is universal at exactly the floor, and targeted just below it, saying why in words', () => {
    expect(suggestCategory({ ks2: ks2({ ptrwmExp: 65 }), inspection: null }, thresholds)).toEqual({
      level: 'universal',
      concerns: [],
      words: 'universal — no concern in the latest results or inspection',
    });
    const below = suggestCategory({ ks2: ks2({ ptrwmExp: 64.9 }), inspection: null }, thresholds);
    expect(below.level).toBe('targeted');
    expect(below.words).toBe('targeted — 64.9% met the expected standard in 2024/25, below your floor of 65%');
    expect(suggestCategory({ ks2: ks2({ ptrwmExp: 58 }), inspection: null }, thresholds).words).toBe(
      'targeted — 58% met the expected standard in 2024/25, below your floor of 65%',
    );
  });

  it('counts a progress score below the limit, not one equal to it', () => {
    expect(suggestCategory({ ks2: ks2({ readProg: -5 }), inspection: null }, thresholds).level).toBe('universal');
    const low = suggestCategory({ ks2: ks2({ readProg: -5.1, matProg: -6 }), inspection: null }, thresholds);
    expect(low.level).toBe('targeted');
    expect(low.concerns).toEqual(['progress in 2024/25 below your limit of -5.0 (reading -5.1, maths -6.0)']);
  });

  it('treats null data and no inspection as no concern, and says when there is nothing to go on', () => {
    const nulls = ks2({ ptrwmExp: null, readProg: null, writProg: null, matProg: null });
    expect(suggestCategory({ ks2: nulls, inspection: null }, thresholds).level).toBe('universal');
    expect(suggestCategory({ ks2: null, inspection: null }, thresholds)).toEqual({
      level: 'universal',
      concerns: [],
      words: 'universal — no Key Stage 2 results or Ofsted inspection to go on',
    });
  });

  it('is targeted for requires improvement, intensive for inadequate, and reads quality of education without an overall grade', () => {
    expect(suggestCategory({ ks2: null, inspection: inspection('requires_improvement') }, thresholds).level).toBe(
      'targeted',
    );
    expect(suggestCategory({ ks2: null, inspection: inspection('good') }, thresholds).level).toBe('universal');
    expect(suggestCategory({ ks2: ks2(), inspection: inspection('inadequate') }, thresholds).level).toBe('intensive');
    const noGrade = suggestCategory({ ks2: null, inspection: inspection(null, 'requires_improvement') }, thresholds);
    expect(noGrade.level).toBe('targeted');
    expect(noGrade.words).toBe('targeted — Ofsted quality of education judged requires improvement (2025-03-04)');
    expect(suggestCategory({ ks2: null, inspection: inspection(null, null) }, thresholds).level).toBe('universal');
  });

  it('is intensive with two concerns at once', () => {
    const both = suggestCategory(
      { ks2: ks2({ ptrwmExp: 58 }), inspection: inspection('requires_improvement') },
      thresholds,
    );
    expect(both.level).toBe('intensive');
    expect(both.concerns).toHaveLength(2);
    expect(suggestCategory({ ks2: ks2({ ptrwmExp: 50, writProg: -7 }), inspection: null }, thresholds).level).toBe(
      'intensive',
    );
  });
});
