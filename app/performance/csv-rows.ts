/**
 * Reading a performance data file (KS2 tables, Ofsted outcomes) into a header and rows, or one
 * sentence saying why the file cannot be read at all: not CSV, the wrong encoding, or empty.
 * Pure: no I/O.
 */
import { decodeCsvBytes, notCsvReason } from '../forms/csv-file';

/** `line` is the 1-based line in the file (the header is line 1). */
export interface RowProblem {
  line: number;
  urn?: string;
  reason: string;
}

export interface CsvRow {
  line: number;
  record: string[];
}

/** Header matching ignores case, spaces, punctuation and a stray BOM: "Inspection date" finds "InspectionDate". */
export function headerKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase();
}

/**
 * UTF-16 saved without a byte-order mark reads as text with a NUL after (or before) every
 * letter; it is named as such rather than called binary, so the person knows how to save it.
 */
function utf16WithoutBom(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return false;
  const sample = bytes.subarray(0, Math.min(bytes.length, 512) & ~1);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const pairs = sample.length / 2;
  return (oddNul > pairs * 0.8 && evenNul === 0) || (evenNul > pairs * 0.8 && oddNul === 0);
}

export type ReadCsvResult = { ok: true; header: string[]; rows: CsvRow[] } | { ok: false; fileError: string };

/** Decodes and splits the file; `hint` (what to upload instead) ends every file-level message. */
export function readCsvRows(bytes: Uint8Array, hint: string): ReadCsvResult {
  if (utf16WithoutBom(bytes))
    return {
      ok: false,
      fileError: `This file is in the UTF-16 encoding without a byte-order mark, so it cannot be read as CSV. Save it as "CSV UTF-8" or "CSV (comma delimited)" and upload that. ${hint}`,
    };
  const content = decodeCsvBytes(bytes);
  if (content.trim() === '') return { ok: false, fileError: `The file is empty. ${hint}` };
  const notCsv = notCsvReason(content, hint);
  if (notCsv) return { ok: false, fileError: notCsv };
  const split = splitRecords(content);
  if ('error' in split) return { ok: false, fileError: `The file could not be read as CSV (${split.error}). ${hint}` };
  const [first, ...rest] = split.records;
  if (!first) return { ok: false, fileError: `The file is empty. ${hint}` };
  return { ok: true, header: first.record.map((h) => h.trim()), rows: rest };
}

/**
 * RFC 4180 records, with their line numbers: a national file (13 MB, five million cells) is split
 * in well under a second this way, several times faster than a general CSV parser. Lines end in
 * CRLF, LF or CR; a line without quotes is split on commas as it stands; a quoted value may hold
 * commas, doubled quotes and line breaks. Blank lines are not records.
 */
function splitRecords(content: string): { records: CsvRow[] } | { error: string } {
  const lines = content
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const records: CsvRow[] = [];
  for (let at = 0; at < lines.length; at++) {
    const line = at + 1;
    let text = lines[at]!;
    if (text.indexOf('"') === -1) {
      if (text.trim() !== '' && !/^[,\s]*$/.test(text)) records.push({ line, record: text.split(',') });
      continue;
    }
    const record: string[] = [];
    let value = '';
    let i = 0;
    let quoted = false;
    for (;;) {
      if (i >= text.length) {
        if (!quoted) break;
        // A quoted value runs on to the next line.
        if (at + 1 >= lines.length) return { error: `a quoted value starting on line ${line} is never closed` };
        value += '\n';
        text = lines[++at]!;
        i = 0;
        continue;
      }
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          quoted = false;
        } else value += ch;
        i++;
      } else if (ch === ',') {
        record.push(value);
        value = '';
        i++;
      } else if (ch === '"' && value.trim() === '') {
        quoted = true;
        value = '';
        i++;
      } else {
        value += ch;
        i++;
      }
    }
    record.push(value);
    if (!record.every((v) => v.trim() === '')) records.push({ line, record });
  }
  return { records };
}

/** "A", "A and B", "A, B and C", each in quotes. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** The message for required columns missing from the first row, with a hint when the separator is wrong. */
export function missingColumns(missing: readonly string[], header: readonly string[], hint: string): string {
  const plural = missing.length > 1;
  const separator =
    header.length === 1 && /[;\t|]/.test(header[0] ?? '')
      ? ' The columns seem to be separated by something other than commas.'
      : '';
  return `The file's first row must have the column${plural ? 's' : ''} ${listNames(missing)}, but ${plural ? 'they are' : 'it is'} missing.${separator} ${hint}`;
}

/** One bad row, worded the same by the upload page and the import commands. */
export function describeRowProblem(problem: RowProblem): string {
  return `Line ${problem.line}${problem.urn ? ` (URN ${problem.urn})` : ''}: ${problem.reason}`;
}
