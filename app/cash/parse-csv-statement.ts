import { parse } from 'csv-parse/sync';
import { CSV_RECORD_DELIMITERS } from '../forms/csv-file';
import { formatPence } from '../money';
import type { CsvLayout } from './csv-layouts';
import { parseStatementAmount, parseStatementDate } from './statement-values';
import { MAX_PROBLEMS, type StatementLine, type StatementProblem, type StatementRead } from './statement-line';

const key = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

/** Rows a bank puts above the header (account details, a title) are skipped, up to this many. */
const HEADER_SEARCH_ROWS = 10;

interface Columns {
  date: number;
  amount: number | null;
  credit: number | null;
  debit: number | null;
  reference: number | null;
  payerName: number | null;
  description: number[];
  sortCode: number | null;
  accountNumber: number | null;
  currency: number | null;
}

function find(positions: Map<string, number>, names: readonly string[] | undefined): number | null {
  for (const name of names ?? []) {
    const at = positions.get(key(name));
    if (at !== undefined) return at;
  }
  return null;
}

function resolve(header: string[], layout: CsvLayout): Columns | string {
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    if (!positions.has(key(h))) positions.set(key(h), i);
  });
  const columns: Columns = {
    date: find(positions, layout.date) ?? -1,
    amount: find(positions, layout.amount),
    credit: find(positions, layout.credit),
    debit: find(positions, layout.debit),
    reference: find(positions, layout.reference),
    payerName: find(positions, layout.payerName),
    description: (layout.description ?? []).map((n) => positions.get(key(n))).filter((i) => i !== undefined),
    sortCode: find(positions, layout.sortCode),
    accountNumber: find(positions, layout.accountNumber),
    currency: find(positions, layout.currency),
  };
  const missing: string[] = [];
  if (columns.date < 0) missing.push(layout.date[0]!);
  if (columns.amount === null && (columns.credit === null || columns.debit === null)) {
    if (layout.amount) missing.push(layout.amount[0]!);
    else missing.push(...[layout.credit, layout.debit].map((names, i) => names?.[0] ?? (i ? 'Debit' : 'Credit')));
  }
  if (columns.reference === null && columns.payerName === null) missing.push(layout.reference[0]!);
  if (missing.length === 0) return columns;
  const have = header.map((h) => h.trim()).filter(Boolean);
  const named = missing.map((m) => `“${m}”`);
  const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named.at(-1)}` : named[0];
  return `The file has no ${list} column, so it is not a statement in the columns of ${layout.name}. Its columns are: ${have.length ? have.join(', ') : 'none'}. Choose the bank the file came from, or set your column mapping to its columns.`;
}

const cell = (row: string[], at: number | null) => (at === null ? '' : (row[at] ?? '').trim());

/**
 * Reads a CSV statement in the given layout: every line, or every problem (up to MAX_PROBLEMS),
 * each on its line. Lines of nothing are skipped, as are lines with no money moving.
 */
export function parseCsvStatement(text: string, layout: CsvLayout): StatementRead {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      record_delimiter: CSV_RECORD_DELIMITERS,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    return {
      ok: false,
      problems: [
        { line, message: 'this line cannot be read as CSV: check that the file is the bank’s CSV export, unchanged' },
      ],
    };
  }
  const headerAt = records
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex(({ record }) => record.some((h) => layout.date.some((d) => key(d) === key(h))));
  const header = records[Math.max(headerAt, 0)];
  if (!header)
    return { ok: false, problems: [{ line: null, message: 'The file is empty: it has no lines to import' }] };
  const columns = resolve(header.record, layout);
  if (typeof columns === 'string') return { ok: false, problems: [{ line: header.info.lines, message: columns }] };

  const lines: StatementLine[] = [];
  const problems: StatementProblem[] = [];
  let fileAccount = '';
  for (let r = Math.max(headerAt, 0) + 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    if (record.every((v) => v.trim() === '')) continue;
    const line = info.lines;
    const fail = (message: string) => problems.push({ line, message });
    const dateText = cell(record, columns.date);
    const bookedOn = parseStatementDate(dateText);
    if (!bookedOn)
      fail(
        dateText
          ? `the date “${dateText}” is not a real date: write dates like 31/12/2026, 31/12/26 or 2026-12-31`
          : 'the date is missing',
      );
    const currency = cell(record, columns.currency).toUpperCase();
    if (currency && currency !== 'GBP')
      fail(`the amount is in ${currency}: only pounds sterling (GBP) can be imported`);
    let amountPence: number | null = null;
    if (columns.amount !== null) {
      const amountText = cell(record, columns.amount);
      amountPence = parseStatementAmount(amountText);
      if (amountPence === null)
        fail(`the amount “${amountText}” is not an amount in pounds and pence, like 1250.00 or -1250.00`);
    } else {
      const creditText = cell(record, columns.credit);
      const debitText = cell(record, columns.debit);
      const credit = parseStatementAmount(creditText);
      const debit = parseStatementAmount(debitText);
      if (credit === null) fail(`the credit amount “${creditText}” is not an amount in pounds and pence, like 1250.00`);
      else if (credit < 0)
        fail(
          `the credit amount ${formatPence(credit)} is negative: money paid in is a positive amount in the credit column`,
        );
      if (debit === null) fail(`the debit amount “${debitText}” is not an amount in pounds and pence, like 1250.00`);
      if (credit !== null && debit !== null) {
        if (credit > 0 && debit !== 0)
          fail('the line has both a credit and a debit amount: a line is one or the other');
        else amountPence = credit > 0 ? credit : -Math.abs(debit);
      }
    }
    if (problems.length >= MAX_PROBLEMS) break;
    if (!bookedOn || amountPence === null || problems.some((p) => p.line === line)) continue;
    if (amountPence === 0) continue;
    const account = [cell(record, columns.sortCode), cell(record, columns.accountNumber)].filter(Boolean).join(' ');
    fileAccount ||= account;
    lines.push({
      lineNumber: line,
      account,
      bookedOn,
      amountPence,
      reference: cell(record, columns.reference),
      payerName: cell(record, columns.payerName),
      description: columns.description
        .map((i) => cell(record, i))
        .filter(Boolean)
        .join(' '),
      bankReference: '',
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (lines.length === 0)
    return { ok: false, problems: [{ line: null, message: 'The statement has no lines with money paid in or out' }] };
  return { ok: true, lines, account: fileAccount };
}
