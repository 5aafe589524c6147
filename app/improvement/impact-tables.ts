import { academicYearLabel } from '../performance/academic-year';
import type { PractitionerImpact, ProviderImpact } from './impact';
import { daysText } from './impact-words';

/** The managers' impact tables: the same rows on the page and in the CSV files. */

const rating = (average: number | null) => (average === null ? '' : average.toFixed(1));

export const PROVIDER_HEAD = [
  'Provider',
  'Schools supported',
  'Days delivered',
  'Feedback given',
  'Average rating (out of 5)',
  'Results rose the year after',
  'Results fell',
  'No change',
  'Not known yet',
];

export function providerRows(rows: ProviderImpact[]): string[][] {
  return rows.map((p) => [
    p.own ? `${p.name} (the council’s own)` : p.name,
    String(p.schools),
    daysText(p.daysHundredths),
    String(p.feedbackCount),
    rating(p.averageRating) || 'No feedback',
    String(p.rose),
    String(p.fell),
    String(p.same),
    String(p.unknown),
  ]);
}

export const PRACTITIONER_HEAD = [
  'Practitioner',
  'Schools',
  'Visits',
  'Visit days',
  'Other traded days delivered',
  'Feedback given',
  'Average rating (out of 5)',
];

export function practitionerRows(rows: PractitionerImpact[]): string[][] {
  return rows.map((p) => [
    p.name,
    String(p.schools),
    String(p.visits),
    daysText(p.visitHundredths),
    daysText(p.deliveryHundredths),
    String(p.feedbackCount),
    rating(p.averageRating) || 'No feedback',
  ]);
}

export const yearWords = (year: number | null) => (year === null ? 'every year' : academicYearLabel(year));

/** A year asked for in the query string: a 4-digit year, else every year (nonsense is no filter). */
export function yearAsked(request: Request): number | null {
  const asked = new URL(request.url).searchParams.get('year') ?? '';
  if (!/^\d{4}$/.test(asked)) return null;
  const year = Number(asked);
  return year >= 2000 && year <= 2100 ? year : null;
}
