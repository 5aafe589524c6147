import { z } from 'zod';
import type { FieldError } from '../components/ErrorSummary';
import {
  LEDGER_DATE_FORMATS,
  LEDGER_DELIMITERS,
  LEDGER_PRESETS,
  LEDGER_SOURCE_NAMES,
  type LedgerColumn,
  type LedgerTemplate,
} from './ledger-template';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

const code = (words: string) =>
  z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine((v) => v === '' || /^[A-Z0-9][A-Z0-9/._-]{0,19}$/.test(v), {
      message: `Enter ${words} of up to 20 letters, numbers, /, ., _ or -, or leave it blank`,
    })
    .transform((v) => v || null);

export const presetForm = z.object({
  preset: z.enum(keys(LEDGER_PRESETS), { error: 'Select the ledger your council loads' }),
});

/** The template page's fields other than the columns, which `readLedgerColumns` reads line by line. */
export const templateForm = z.object({
  preset: z.enum(keys(LEDGER_PRESETS), { error: 'Select the ledger your council loads' }),
  delimiter: z.enum(keys(LEDGER_DELIMITERS), { error: 'Select what separates the columns' }),
  dateFormat: z.enum(keys(LEDGER_DATE_FORMATS), { error: 'Select how dates are written' }),
  headerRow: z.enum(['yes', 'no'], { error: 'Select whether the file starts with a row of column headers' }),
  columns: z.string().max(10000, { error: 'The columns must be 10,000 characters or fewer' }),
  manualCostCentre: code('a cost centre'),
  manualSubjectiveCode: code('a subjective code'),
});

const MAX_COLUMNS = 60;
const headerSchema = z
  .string()
  .min(1, { error: 'the column has no header before the =' })
  .max(60, { error: 'the header must be 60 characters or fewer' })
  .refine((h) => !/["\r\n\t]/.test(h), { error: 'the header must not contain quotation marks or tabs' });
const sourceSchema = z.enum(LEDGER_SOURCE_NAMES as [string, ...string[]]);
const fixedSchema = z.string().max(100, { error: 'a fixed value must be 100 characters or fewer' });

export type ColumnsResult = { ok: true; columns: LedgerColumn[] } | { ok: false; errors: FieldError[] };

/**
 * The columns as typed, one a line: `Header = source` or `Header = "fixed value"`. Every problem
 * names its line; a header used twice (ignoring case) names both lines.
 */
export function readLedgerColumns(text: string): ColumnsResult {
  const errors: FieldError[] = [];
  const columns: LedgerColumn[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const problem = (message: string) => errors.push({ field: 'columns', message: `Line ${line}: ${message}` });
    const equals = raw.indexOf('=');
    if (equals < 0) return problem('write the column as Header = source, or Header = "fixed value"');
    const header = headerSchema.safeParse(raw.slice(0, equals).trim());
    if (!header.success) return problem(header.error.issues[0]!.message);
    const right = raw.slice(equals + 1).trim();
    let column: LedgerColumn;
    if (right.startsWith('"')) {
      if (right.length < 2 || !right.endsWith('"'))
        return problem(`the fixed value for ${header.data} needs a closing quotation mark`);
      const value = fixedSchema.safeParse(right.slice(1, -1));
      if (!value.success) return problem(value.error.issues[0]!.message);
      column = { header: header.data, source: 'fixed', value: value.data };
    } else {
      const source = sourceSchema.safeParse(right);
      if (!source.success)
        return problem(
          right === ''
            ? `say where ${header.data} comes from, or give a fixed value in quotation marks`
            : `“${right}” is not a source: use one from the list, or put a fixed value in quotation marks`,
        );
      column = { header: header.data, source: source.data as Exclude<LedgerColumn['source'], 'fixed'> };
    }
    const key = header.data.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return problem(`the column ${header.data} is already on line ${first}: each header once`);
    seen.set(key, line);
    columns.push(column);
  });
  if (errors.length === 0 && columns.length === 0)
    errors.push({ field: 'columns', message: 'Enter at least one column' });
  if (columns.length > MAX_COLUMNS)
    errors.push({ field: 'columns', message: `A template has at most ${MAX_COLUMNS} columns` });
  return errors.length ? { ok: false, errors } : { ok: true, columns };
}

export function templateOf(fields: z.output<typeof templateForm>, columns: LedgerColumn[]): LedgerTemplate {
  return {
    preset: fields.preset,
    delimiter: fields.delimiter,
    dateFormat: fields.dateFormat,
    headerRow: fields.headerRow === 'yes',
    columns,
    manualCostCentre: fields.manualCostCentre,
    manualSubjectiveCode: fields.manualSubjectiveCode,
  };
}
