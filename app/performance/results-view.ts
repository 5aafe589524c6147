import { academicYearLabel } from './academic-year';
import { percentText, scoreText } from './words';

export interface Ks2YearRow {
  academicYear: number;
  eligiblePupils: number | null;
  ptrwmExp: number | null;
  ptrwmHigh: number | null;
  readProg: number | null;
  writProg: number | null;
  matProg: number | null;
}

export interface ThresholdValues {
  ptrwmExpFloor: number;
  progressLimit: number;
}

const SUBJECTS = [
  ['readProg', 'reading'],
  ['writProg', 'writing'],
  ['matProg', 'maths'],
] as const;

/** A year's results against the tenant's thresholds, in words: what is below, or that nothing is. */
export function concernsFor(row: Ks2YearRow, thresholds: ThresholdValues): string[] {
  const concerns: string[] = [];
  if (row.ptrwmExp !== null && row.ptrwmExp < thresholds.ptrwmExpFloor)
    concerns.push(`Expected standard below the ${thresholds.ptrwmExpFloor}% floor`);
  const low = SUBJECTS.filter(([field]) => {
    const v = row[field];
    return v !== null && v < thresholds.progressLimit;
  }).map(([, words]) => words);
  if (low.length > 0) concerns.push(`Progress below ${scoreText(thresholds.progressLimit)} in ${low.join(', ')}`);
  return concerns;
}

/** The school page's table and charts: the same numbers, oldest year first. */
export function resultsView(rows: Ks2YearRow[], thresholds: ThresholdValues) {
  const years = rows.map((r) => academicYearLabel(r.academicYear));
  const withProgress = rows.filter((r) => SUBJECTS.some(([field]) => r[field] !== null));
  const hasProgress = withProgress.length > 0;
  return {
    table: rows.map((r) => ({
      year: academicYearLabel(r.academicYear),
      pupils: r.eligiblePupils === null ? 'No value' : String(r.eligiblePupils),
      expected: percentText(r.ptrwmExp),
      higher: percentText(r.ptrwmHigh),
      reading: scoreText(r.readProg),
      writing: scoreText(r.writProg),
      maths: scoreText(r.matProg),
      concerns: concernsFor(r, thresholds),
    })),
    attainment: {
      categories: years,
      series: [
        { name: 'Expected standard', values: rows.map((r) => r.ptrwmExp) },
        { name: 'Higher standard', values: rows.map((r) => r.ptrwmHigh) },
      ],
    },
    // Years without any progress score (2023/24 on, after the KS1 baseline was cancelled) are left out of its chart.
    progress: hasProgress
      ? {
          categories: withProgress.map((r) => academicYearLabel(r.academicYear)),
          series: SUBJECTS.map(([field, words]) => ({
            name: `${words[0]!.toUpperCase()}${words.slice(1)}`,
            values: withProgress.map((r) => r[field]),
          })),
        }
      : null,
  };
}
