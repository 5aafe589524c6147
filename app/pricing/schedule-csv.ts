import { parse } from 'csv-parse/sync';
import type { CustomerClass } from '../../db/schema';
import { CUSTOMER_CLASSES } from '../catalogue/service-input';
import { CSV_RECORD_DELIMITERS, csvDocument } from '../forms/csv-file';
import { parsePriceFields, priceToFields, PRICE_FIELDS, type PriceFields } from './price-fields';
import type { PriceModel } from './price-model';

export const SCHEDULE_CSV_COLUMNS = ['service_code', 'customer_class', ...PRICE_FIELDS] as const;

export interface ScheduleRow {
  serviceCode: string;
  customerClass: CustomerClass;
  price: PriceModel;
}

/** One row per service and customer class, every field quoted; opens in any spreadsheet. */
export function scheduleToCsv(rows: ScheduleRow[]): string {
  const sorted = [...rows].sort(
    (a, b) =>
      a.serviceCode.localeCompare(b.serviceCode) ||
      CUSTOMER_CLASSES.indexOf(a.customerClass) - CUSTOMER_CLASSES.indexOf(b.customerClass),
  );
  return csvDocument(
    SCHEDULE_CSV_COLUMNS,
    sorted.map((row) => {
      const fields = priceToFields(row.price);
      return [row.serviceCode, row.customerClass, ...PRICE_FIELDS.map((f) => fields[f])];
    }),
  );
}

export interface CsvProblem {
  line: number;
  message: string;
}

/** Every bad row is reported; the caller saves nothing unless there are none. */
export function parseScheduleCsv(
  text: string,
  serviceCodes: ReadonlySet<string>,
): { ok: true; rows: ScheduleRow[] } | { ok: false; problems: CsvProblem[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      record_delimiter: CSV_RECORD_DELIMITERS,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    return {
      ok: false,
      problems: [{ line: 1, message: `The file is not a readable CSV: ${(error as Error).message}` }],
    };
  }
  const header = records[0]?.map((h) => h.trim().toLowerCase());
  if (!header)
    return {
      ok: false,
      problems: [{ line: 1, message: 'The file is empty: export a schedule to see the columns it needs' }],
    };
  // Columns added later are optional, so price lists saved before them still import.
  const missing = SCHEDULE_CSV_COLUMNS.filter((c) => !header.includes(c) && c !== 'included_units');
  const unknown = header.filter((h) => !(SCHEDULE_CSV_COLUMNS as readonly string[]).includes(h));
  if (missing.length || unknown.length)
    return {
      ok: false,
      problems: [
        {
          line: 1,
          message:
            [
              missing.length ? `missing columns: ${missing.join(', ')}` : '',
              unknown.length ? `unknown columns: ${unknown.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; ')
              .replace(/^./, (c) => `The first row has the wrong columns (${c}`) +
            '). Export a schedule to get the right columns.',
        },
      ],
    };
  const problems: CsvProblem[] = [];
  const rows: ScheduleRow[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, index) => {
    const line = index + 2;
    if (record.length !== header.length) {
      problems.push({ line, message: `Row has ${record.length} values but the header has ${header.length} columns` });
      return;
    }
    const cell = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
    const code = cell.service_code!.toUpperCase();
    const customerClass = cell.customer_class as CustomerClass;
    if (!serviceCodes.has(code)) problems.push({ line, message: `No service has the code "${cell.service_code}"` });
    if (!CUSTOMER_CLASSES.includes(customerClass))
      problems.push({
        line,
        message: `Customer class "${cell.customer_class}" is not one of ${CUSTOMER_CLASSES.join(', ')}`,
      });
    const key = `${code}/${customerClass}`;
    if (seen.has(key))
      problems.push({ line, message: `${code} for ${customerClass} is priced twice (also on line ${seen.get(key)})` });
    seen.set(key, line);
    const parsed = parsePriceFields(cell as PriceFields);
    if (!parsed.ok) for (const p of parsed.problems) problems.push({ line, message: `${p.field}: ${p.message}` });
    else rows.push({ serviceCode: code, customerClass, price: parsed.price });
  });
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
