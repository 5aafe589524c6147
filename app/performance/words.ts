import type { OfstedJudgement } from '../../db/tables/school-performance';

export const OFSTED_JUDGEMENTS: Record<OfstedJudgement, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  satisfactory: 'Satisfactory',
  inadequate: 'Inadequate',
};

/** What is said wherever the data is shown (Open Government Licence v3.0 asks for it). */
export const OGL_ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0.';
export const OGL_HREF = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

/** 58 → "58%"; null → "No value". */
export const percentText = (value: number | null) => (value === null ? 'No value' : `${value}%`);
/** -1.2 → "-1.2", 0.4 → "+0.4"; null → "No value". */
export const scoreText = (value: number | null) =>
  value === null ? 'No value' : value > 0 ? `+${value.toFixed(1)}` : value.toFixed(1);
