import type { z } from 'zod';
import type { FieldError } from '../components/ErrorSummary';
import { hasInvisibleCharacter, INVISIBLE_CHARACTER_MESSAGE } from './invisible';

/** `values` are the fields as posted, to show the form again as the person left it. */
export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; errors: FieldError[]; values: Record<string, string> };

/** Validates a posted form with zod; every problem becomes an error summary entry linked to its field. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormResult<z.output<S>> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (key !== 'csrf' && typeof value === 'string') values[key] = value;
  const invisible = Object.keys(values).filter((key) => hasInvisibleCharacter(values[key]!));
  if (invisible.length > 0)
    return { ok: false, errors: invisible.map((field) => ({ field, message: INVISIBLE_CHARACTER_MESSAGE })), values };
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || undefined;
    const key = field ?? issue.message;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ field, message: issue.message });
  }
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
