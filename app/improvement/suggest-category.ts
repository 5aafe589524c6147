import type { OfstedJudgement } from '../../db/tables/school-performance';
import type { SupportLevel } from '../../db/tables/support-categories';
import { academicYearLabel } from '../performance/academic-year';
import { scoreText } from '../performance/words';

export const SUPPORT_LEVELS: readonly SupportLevel[] = ['intensive', 'targeted', 'universal'];

export interface SuggestionData {
  /** The school's latest KS2 results, or null when it has none. */
  ks2: {
    academicYear: number;
    ptrwmExp: number | null;
    readProg: number | null;
    writProg: number | null;
    matProg: number | null;
  } | null;
  /** The latest Ofsted inspection, or null when none is known. */
  inspection: {
    inspectionDate: string;
    overallEffectiveness: OfstedJudgement | null;
    qualityOfEducation: OfstedJudgement | null;
  } | null;
}

export interface Suggestion {
  level: SupportLevel;
  /** Each concern found, in words. */
  concerns: string[];
  /** "targeted — 58% met the expected standard, below your floor of 65%" */
  words: string;
}

/** The rule, in words, as the review page says it. */
export const SUGGESTION_RULE =
  'Each school’s latest Key Stage 2 results and latest Ofsted inspection are checked for three concerns: ' +
  'pupils meeting the expected standard in reading, writing and maths below your floor; a progress score in ' +
  'reading, writing or maths below your limit; and an Ofsted judgement of requires improvement or inadequate ' +
  '(the overall effectiveness, or, for an inspection without one, the quality of education). ' +
  'Inadequate, or two or more concerns, suggests intensive; one concern suggests targeted; none suggests universal. ' +
  'Equal to a threshold is not below it, and a missing value is not a concern.';

const SUBJECTS = [
  ['readProg', 'reading'],
  ['writProg', 'writing'],
  ['matProg', 'maths'],
] as const;

/**
 * Suggests a level of support from a school's data against the tenant's thresholds. Pure: the
 * person decides; this only says what the data points to and why.
 */
export function suggestCategory(
  data: SuggestionData,
  thresholds: { ptrwmExpFloor: number; progressLimit: number },
): Suggestion {
  const concerns: string[] = [];
  let inadequate = false;
  const { ks2, inspection } = data;
  if (ks2) {
    const year = academicYearLabel(ks2.academicYear);
    if (ks2.ptrwmExp !== null && ks2.ptrwmExp < thresholds.ptrwmExpFloor)
      concerns.push(
        `${ks2.ptrwmExp}% met the expected standard in ${year}, below your floor of ${thresholds.ptrwmExpFloor}%`,
      );
    const low = SUBJECTS.filter(([field]) => {
      const v = ks2[field];
      return v !== null && v < thresholds.progressLimit;
    }).map(([field, subject]) => `${subject} ${scoreText(ks2[field])}`);
    if (low.length > 0)
      concerns.push(
        `progress in ${year} below your limit of ${scoreText(thresholds.progressLimit)} (${low.join(', ')})`,
      );
  }
  if (inspection) {
    const judgement = inspection.overallEffectiveness ?? inspection.qualityOfEducation;
    const what = inspection.overallEffectiveness ? 'judged' : 'quality of education judged';
    if (judgement === 'requires_improvement' || judgement === 'inadequate') {
      concerns.push(
        `Ofsted ${what} ${judgement === 'inadequate' ? 'inadequate' : 'requires improvement'} (${inspection.inspectionDate})`,
      );
      if (judgement === 'inadequate') inadequate = true;
    }
  }
  const level: SupportLevel =
    inadequate || concerns.length >= 2 ? 'intensive' : concerns.length === 1 ? 'targeted' : 'universal';
  const because =
    concerns.length > 0
      ? concerns.join('; ')
      : !ks2 && !inspection
        ? 'no Key Stage 2 results or Ofsted inspection to go on'
        : 'no concern in the latest results or inspection';
  return { level, concerns, words: `${level} — ${because}` };
}
