import type { z } from 'zod';
import type { FieldError } from '../components/ErrorSummary';
import { readDateParts } from '../calendar/calendar-forms';
import { hasInvisibleCharacter, INVISIBLE_CHARACTER_MESSAGE } from './invisible';

/** `values` are the fields as posted, to show the form again as the person left it. */
export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; errors: FieldError[]; values: Record<string, string> };

/**
 * A date asked for with a GOV.UK date input (`<name>-day`, `-month`, `-year`): the words for its
 * messages ("the date the work was done"), and whether it may be left blank.
 */
export interface DateField {
  words: string;
  optional?: boolean;
}

/**
 * Turns each date input's three fields into one ISO date under its own name, before the schema
 * sees the form; a date that is incomplete or not real is an error on that field, in the GOV.UK
 * pattern's words. (A client that posts the ISO date itself, with no parts, is taken at its word:
 * the schema still checks it.)
 */
function readDateFields(values: Record<string, string>, dates: Record<string, DateField>): Map<string, string> {
  const problems = new Map<string, string>();
  for (const [name, rule] of Object.entries(dates)) {
    const parts = { day: values[`${name}-day`], month: values[`${name}-month`], year: values[`${name}-year`] };
    if (parts.day === undefined && parts.month === undefined && parts.year === undefined) continue;
    const given = { day: parts.day ?? '', month: parts.month ?? '', year: parts.year ?? '' };
    if (rule.optional && !given.day.trim() && !given.month.trim() && !given.year.trim()) {
      values[name] = '';
      continue;
    }
    const read = readDateParts(given, rule.words);
    if (read.ok) values[name] = read.date;
    else {
      // Not a date, so the schema refuses the field where it stands in the form; the message is this one.
      values[name] = 'not a date';
      problems.set(name, read.message);
    }
  }
  return problems;
}

/** Validates a posted form with zod; every problem becomes an error summary entry linked to its field. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
  dates: Record<string, DateField> = {},
): FormResult<z.output<S>> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (key !== 'csrf' && typeof value === 'string') values[key] = value;
  const invisible = Object.keys(values).filter((key) => hasInvisibleCharacter(values[key]!));
  if (invisible.length > 0)
    return { ok: false, errors: invisible.map((field) => ({ field, message: INVISIBLE_CHARACTER_MESSAGE })), values };
  const dateProblems = readDateFields(values, dates);
  const result = schema.safeParse(values);
  if (result.success && dateProblems.size === 0) return { ok: true, data: result.data, values };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of result.success ? [] : result.error.issues) {
    const field = issue.path.map(String).join('.') || undefined;
    const key = field ?? issue.message;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ field, message: (field && dateProblems.get(field)) ?? issue.message });
  }
  for (const [field, message] of dateProblems) if (!seen.has(field)) errors.push({ field, message });
  return { ok: false, errors, values };
}

export function fieldError(errors: FieldError[] | undefined, field: string): string | undefined {
  return errors?.find((e) => e.field === field)?.message;
}

/** Validates a GET form (a filter, a download) from the request's query string, like a posted one. */
export function parseQuery<S extends z.ZodType>(schema: S, request: Request): FormResult<z.output<S>> {
  const form = new FormData();
  for (const [key, value] of new URL(request.url).searchParams) form.append(key, value);
  return parseForm(schema, form);
}
