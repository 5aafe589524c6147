import type { IsoDate } from './contract-year';

/** Day arithmetic on ISO calendar dates, done in UTC so no clock change can shift a day. */

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A four-digit year and a month of it: the common case, written out without a Date. */
const plainMonth = (year: number, month: number) =>
  Number.isInteger(year) && Number.isInteger(month) && year >= 1000 && year <= 9999 && month >= 1 && month <= 12;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The date of a year, month and day; a day or month out of range rolls over, as Date.UTC does. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  if (plainMonth(year, month) && Number.isInteger(day) && day >= 1 && day <= 28)
    return `${year}-${pad2(month)}-${pad2(day)}`;
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function utc(date: IsoDate): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const at = utc(date);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return utc(date).getUTCDay();
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  if (plainMonth(year, month))
    return `${year}-${pad2(month)}-${month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]}`;
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The first Monday to Friday on or after a date. */
export function weekdayOnOrAfter(date: IsoDate): IsoDate {
  const dow = dayOfWeek(date);
  return dow === 6 ? addDays(date, 2) : dow === 0 ? addDays(date, 1) : date;
}

/** The last Monday to Friday on or before a date. */
export function weekdayOnOrBefore(date: IsoDate): IsoDate {
  const dow = dayOfWeek(date);
  return dow === 6 ? addDays(date, -1) : dow === 0 ? addDays(date, -2) : date;
}

/** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}
