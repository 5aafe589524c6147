import { z } from 'zod';
import { readDateParts } from './calendar-forms';
import type { IsoDate } from './contract-year';

/** The six fields of a "first day" and "last day" pair of GOV.UK date inputs, named from-… and to-…. */
const part = z.string().optional().default('');
export const dayRangeFields = {
  'from-day': part,
  'from-month': part,
  'from-year': part,
  'to-day': part,
  'to-month': part,
  'to-year': part,
};

type RangeValues = { [K in keyof typeof dayRangeFields]: string };

export interface DayRangeRules {
  /** Whether both days must be given (otherwise a blank date input means no limit). */
  required: boolean;
  /** The longest period allowed, in days, with the message when it is longer. */
  maxDays?: { days: number; message: string };
}

/**
 * A period from its two date inputs, or the problems with it, each on its own field (`from`, `to`):
 * what is missing or not a real date, a last day before the first, a period that is too long.
 */
export function readDayRange(
  v: RangeValues,
  rules: DayRangeRules,
):
  | { ok: true; from?: IsoDate; to?: IsoDate }
  | { ok: false; problems: Array<{ field: 'from' | 'to'; message: string }> } {
  const read = (name: 'from' | 'to', words: string) => {
    const parts = { day: v[`${name}-day`], month: v[`${name}-month`], year: v[`${name}-year`] };
    if (!rules.required && !parts.day.trim() && !parts.month.trim() && !parts.year.trim())
      return { ok: true as const, date: undefined };
    return readDateParts(parts, words);
  };
  const from = read('from', 'the first day');
  const to = read('to', 'the last day');
  const problems: Array<{ field: 'from' | 'to'; message: string }> = [];
  if (!from.ok) problems.push({ field: 'from', message: from.message });
  if (!to.ok) problems.push({ field: 'to', message: to.message });
  if (!from.ok || !to.ok) return { ok: false, problems };
  if (from.date && to.date && to.date < from.date)
    return {
      ok: false,
      problems: [{ field: 'to', message: 'The last day must be the same as or after the first day' }],
    };
  if (rules.maxDays && from.date && to.date) {
    const days = (Date.parse(to.date) - Date.parse(from.date)) / 86_400_000 + 1;
    if (days > rules.maxDays.days) return { ok: false, problems: [{ field: 'to', message: rules.maxDays.message }] };
  }
  return { ok: true, from: from.date, to: to.date };
}
