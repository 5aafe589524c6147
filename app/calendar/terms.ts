import { contractYearOf, contractYearStarting, formatDate, type IsoDate } from './contract-year';
import { addDays, easterSunday, isoDate, weekdayOnOrAfter, weekdayOnOrBefore } from './days';

export const TERMS = ['autumn', 'spring', 'summer'] as const;
export type Term = (typeof TERMS)[number];

export const termNames: Record<Term, string> = {
  autumn: 'Autumn term',
  spring: 'Spring term',
  summer: 'Summer term',
};

export interface DateRange {
  start: IsoDate;
  end: IsoDate;
}

/** One academic year's terms; `academicYear` is the calendar year its 1 September falls in. */
export interface AcademicYearTerms {
  academicYear: number;
  autumn: DateRange;
  spring: DateRange;
  summer: DateRange;
}

/** The academic year (by its starting calendar year) a date falls in. */
export function academicYearOf(date: IsoDate): number {
  return Number(contractYearOf(date, 'academic').start.slice(0, 4));
}

/**
 * English term dates when a provider has not set its own: autumn from the first weekday on or
 * after 3 September to the last weekday on or before 19 December; spring from the first weekday on
 * or after 4 January to the Friday nine days before Easter Sunday; summer from the Monday after
 * Easter Monday to the last weekday on or before 22 July. Deterministic, so every year has them.
 */
export function defaultTerms(academicYear: number): AcademicYearTerms {
  const y = academicYear;
  const easter = easterSunday(y + 1);
  return {
    academicYear: y,
    autumn: { start: weekdayOnOrAfter(isoDate(y, 9, 3)), end: weekdayOnOrBefore(isoDate(y, 12, 19)) },
    spring: { start: weekdayOnOrAfter(isoDate(y + 1, 1, 4)), end: addDays(easter, -9) },
    summer: { start: addDays(easter, 8), end: weekdayOnOrBefore(isoDate(y + 1, 7, 22)) },
  };
}

/** The provider's own terms for a year where it has set them, otherwise the defaults. */
export function termsFor(academicYear: number, stored: readonly AcademicYearTerms[]): AcademicYearTerms {
  return stored.find((t) => t.academicYear === academicYear) ?? sharedDefaultTerms(academicYear);
}

/** The default terms, worked out once per year: a billing run asks for them for every line. */
const defaultsByYear = new Map<number, AcademicYearTerms>();
function sharedDefaultTerms(academicYear: number): AcademicYearTerms {
  let terms = defaultsByYear.get(academicYear);
  if (!terms) {
    const made = defaultTerms(academicYear);
    terms = Object.freeze({
      ...made,
      autumn: Object.freeze(made.autumn),
      spring: Object.freeze(made.spring),
      summer: Object.freeze(made.summer),
    });
    // Years are few (a contract year and the ones either side); the guard is for nonsense input.
    if (defaultsByYear.size > 1000) defaultsByYear.clear();
    defaultsByYear.set(academicYear, terms);
  }
  return terms;
}

/** The term a date falls in, or null in a holiday. */
export function termOf(date: IsoDate, terms: AcademicYearTerms): Term | null {
  return TERMS.find((t) => date >= terms[t].start && date <= terms[t].end) ?? null;
}

export type TermField = `${Term}Start` | `${Term}End`;

export interface TermProblem {
  field: TermField;
  message: string;
}

/**
 * What is wrong with a year's terms, one problem per date at most: each date inside the academic
 * year (1 September to 31 August), each term ending on or after it starts, and the terms in order
 * without overlapping. The database checks the same rules.
 */
export function termProblems(terms: AcademicYearTerms): TermProblem[] {
  const year = contractYearStarting(terms.academicYear, 'academic');
  const problems: TermProblem[] = [];
  const has = (field: TermField) => problems.some((p) => p.field === field);
  const yearWords = `between ${formatDate(year.start)} and ${formatDate(year.end)}`;
  for (const term of TERMS) {
    const name = termNames[term].toLowerCase();
    const { start, end } = terms[term];
    if (start < year.start || start > year.end)
      problems.push({ field: `${term}Start`, message: `The ${name} must start ${yearWords}` });
    if (end < year.start || end > year.end)
      problems.push({ field: `${term}End`, message: `The ${name} must end ${yearWords}` });
    if (!has(`${term}Start`) && !has(`${term}End`) && end < start)
      problems.push({ field: `${term}End`, message: `The ${name} must end on or after the day it starts` });
  }
  for (const [earlier, later] of [
    ['autumn', 'spring'],
    ['spring', 'summer'],
  ] as const) {
    const field = `${later}Start` as const;
    if (has(field) || has(`${earlier}End`)) continue;
    if (terms[later].start <= terms[earlier].end)
      problems.push({
        field,
        message: `The ${termNames[later].toLowerCase()} must start after the ${termNames[earlier].toLowerCase()} ends (${formatDate(terms[earlier].end)})`,
      });
  }
  return problems;
}
