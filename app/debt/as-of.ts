import { z } from 'zod';
import type { FieldError } from '../components/ErrorSummary';
import { londonToday, type IsoDate } from '../calendar/contract-year';
import { parseForm } from '../forms/parse-form';

const asOfQuery = z.object({
  asOf: z
    .string()
    .optional()
    .refine((v) => !v || v >= '2000-01-01', 'The date must be in or after the year 2000'),
});

/** The GOV.UK date input (`asOf-day`, `-month`, `-year`) that sets the date debt is aged as of. */
export const AS_OF_FIELD = 'asOf';

export type AsOfResult =
  | { ok: true; asOf: IsoDate; values: Record<string, string> }
  | { ok: false; errors: FieldError[]; values: Record<string, string> };

/** The date from the query string: today when none is given, or what to fix. */
export function readAsOf(request: Request): AsOfResult {
  const form = new FormData();
  for (const [key, value] of new URL(request.url).searchParams) form.append(key, value);
  const parsed = parseForm(asOfQuery, form, { asOf: { words: 'the date', optional: true } });
  if (!parsed.ok) return parsed;
  return { ok: true, asOf: parsed.data.asOf || londonToday(), values: parsed.values };
}

/** The query string that asks for the same date again (for the CSV link and statement links). */
export function asOfQueryString(asOf: IsoDate, today: IsoDate = londonToday()): string {
  if (asOf === today) return '';
  const [year, month, day] = asOf.split('-');
  return `?${new URLSearchParams({ 'asOf-day': String(Number(day)), 'asOf-month': String(Number(month)), 'asOf-year': year! })}`;
}
