import type { BankPreset } from '../../db/tables/bank-statements';
import { decodeCsvBytes, notCsvReason } from '../forms/csv-file';
import { CSV_LAYOUTS, layoutOfMapping, type ColumnMapping } from './csv-layouts';
import { parseCamt053 } from './parse-camt053';
import { parseCsvStatement } from './parse-csv-statement';
import type { StatementRead } from './statement-line';

const EXPORT_HINT = 'Export the statement from your bank again, as CSV or camt.053 XML, and upload that file.';

/** UTF-16 without a byte order mark: every other byte of plain text is a NUL. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.length < 8) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2) oddNuls++;
    else evenNuls++;
  }
  const half = sample.length / 2;
  return evenNuls > half * 0.8 || oddNuls > half * 0.8;
}

const refuse = (message: string, line: number | null = null): StatementRead => ({
  ok: false,
  problems: [{ line, message }],
});

/**
 * Reads the bytes of an uploaded statement in the chosen preset: UTF-8 with or without a BOM,
 * UTF-16 with a BOM, or Windows-1252; any line ending. A binary file, a file in an encoding that
 * cannot be read, or XML given as CSV (and the other way round) is refused with what to do.
 */
export function readStatementFile(bytes: Uint8Array, preset: BankPreset, mapping: ColumnMapping | null): StatementRead {
  if (bytes.length === 0) return refuse('The file is empty. ' + EXPORT_HINT);
  if (looksLikeUtf16(bytes))
    return refuse(
      'The file is saved as UTF-16 without a byte order mark, an encoding that cannot be read. Save it as “CSV UTF-8” or “CSV (comma delimited)”, or export it from your bank again.',
    );
  const text = decodeCsvBytes(bytes);
  const binary = notCsvReason(text, EXPORT_HINT);
  const isXml = /^\s*<(\?xml|([A-Za-z0-9_]+:)?Document[\s>])/.test(text);
  if (preset === 'camt053') {
    if (!isXml)
      return refuse(
        binary && !binary.includes('XML')
          ? binary
          : 'The file is not XML, so it is not a camt.053 statement: choose the bank it came from if it is CSV.',
      );
  } else if (isXml)
    return refuse('The file is XML, not CSV: if it is an ISO 20022 camt.053 statement, choose “camt.053 XML”.');
  else if (binary) return refuse(binary);
  const unreadable = text.indexOf('\uFFFD');
  if (unreadable !== -1)
    return refuse(
      'the line has characters that cannot be read, so the file is in the wrong encoding or damaged: save it as “CSV UTF-8” or export it from your bank again',
      text.slice(0, unreadable).split(/\r\n|\n|\r/).length,
    );
  if (preset === 'camt053') return parseCamt053(text);
  if (preset === 'mapping') {
    if (!mapping) return refuse('Set your column mapping before importing a statement with it.');
    return parseCsvStatement(text, layoutOfMapping(mapping));
  }
  return parseCsvStatement(text, CSV_LAYOUTS[preset]);
}
