import type { YearKind } from '../../db/schema';

/** Calendar dates are ISO strings (yyyy-mm-dd) in Europe/London; no time zone arithmetic on them. */
export type IsoDate = string;

/** A yyyy-mm-dd string naming a day that exists (not 30 February). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Today's date in Europe/London. `TRADED_TODAY` (yyyy-mm-dd) fixes it, for tests and for demos of
 * a particular point in the year (a buy-back window, the end of a term).
 */
// One formatter each, made once: a new Intl.DateTimeFormat per call costs milliseconds and native
// memory that billing runs, which date every charge, felt as ~1 GB (npm run bench:billing).
const LONDON_ISO_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function londonToday(now?: Date): IsoDate {
  const fixed = typeof process !== 'undefined' ? process.env.TRADED_TODAY : undefined;
  if (!now && fixed && isRealDate(fixed)) return fixed;
  return LONDON_ISO_DAY.format(now ?? new Date());
}

const START_MONTH: Record<YearKind, number> = { academic: 9, financial: 4 };

/** The contract year containing a date: academic 1 September – 31 August, financial 1 April – 31 March. */
export function contractYearOf(date: IsoDate, kind: YearKind): { start: IsoDate; end: IsoDate } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const startYear = m >= START_MONTH[kind] ? y : y - 1;
  return contractYearStarting(startYear, kind);
}

export function contractYearStarting(startYear: number, kind: YearKind): { start: IsoDate; end: IsoDate } {
  const month = START_MONTH[kind];
  const endMonth = month - 1;
  const endDay = kind === 'academic' ? 31 : 31;
  return {
    start: `${startYear}-${String(month).padStart(2, '0')}-01`,
    end: `${startYear + 1}-${String(endMonth).padStart(2, '0')}-${endDay}`,
  };
}

export function contractYearLabel(kind: YearKind, start: IsoDate): string {
  const y = Number(start.slice(0, 4));
  return `${y}/${String((y + 1) % 100).padStart(2, '0')} ${kind === 'academic' ? 'academic' : 'financial'} year`;
}

export function isValidYearStart(kind: YearKind, start: IsoDate): boolean {
  return /^\d{4}-\d{2}-01$/.test(start) && Number(start.slice(5, 7)) === START_MONTH[kind];
}

export function isWithin(date: IsoDate, year: { start: IsoDate; end: IsoDate }): boolean {
  return date >= year.start && date <= year.end;
}

/** Dates already put in words: a billing run writes the same few hundred dates on thousands of lines. */
const longDates = new Map<IsoDate, string>();

export function formatDate(date: IsoDate): string {
  let words = longDates.get(date);
  if (words === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    words = LONG_DATE.format(new Date(Date.UTC(y, m - 1, d)));
    if (longDates.size >= 10_000) longDates.clear();
    longDates.set(date, words);
  }
  return words;
}
