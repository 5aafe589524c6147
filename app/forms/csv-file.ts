/**
 * Uploaded CSV files as people's tools write them: Excel (Windows-1252 or UTF-8 with a BOM, CRLF
 * or LF or both), GIAS (Windows-1252), LibreOffice (UTF-8). One decoder and one "is this even a
 * CSV file?" check for every upload (schools, charge schedules).
 */

/** Records end in CRLF, LF or CR, even mixed in one file (Excel writes a CRLF header above LF rows). */
export const CSV_RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

/**
 * What Windows-1252 bytes 0x80–0x9F mean (WHATWG Encoding Standard). Node 20.18.3+ and 22.13.0+
 * decode 'windows-1252' as Latin-1, turning these bytes into C1 control characters (e.g. 0x92, the
 * apostrophe in "St Mary’s", becomes U+0092): https://github.com/nodejs/node/issues/56542 and
 * https://github.com/nodejs/node/issues/60888. We map them back; on a fixed Node this is a no-op
 * (the five bytes Windows-1252 leaves undefined map to themselves either way).
 */
const CP1252_C1 =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252')
    .decode(bytes)
    .replace(/[\u0080-\u009F]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]);
}

/**
 * Decode the bytes of an uploaded CSV file: UTF-8 when the bytes are valid UTF-8 (a BOM is
 * stripped), UTF-16 when they start with a UTF-16 BOM (Excel's "Unicode text"), otherwise
 * Windows-1252, which is what GIAS and Excel's "CSV (comma delimited)" write.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  let view: Uint8Array;
  if (bytes instanceof Uint8Array) view = bytes;
  else if ((bytes as unknown) instanceof ArrayBuffer) view = new Uint8Array(bytes as unknown as ArrayBuffer);
  else if (ArrayBuffer.isView(bytes)) {
    const v = bytes as ArrayBufferView;
    view = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  } else return '';

  let text: string;
  if (view.length >= 2 && view[0] === 0xff && view[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(view);
  } else if (view.length >= 2 && view[0] === 0xfe && view[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(view);
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(view);
    } catch {
      text = decodeWindows1252(view);
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A sentence for content that is clearly not a CSV file, or null if it might be one. */
export function notCsvReason(content: string, uploadHint: string): string | null {
  const start = content.slice(0, 64).trimStart();
  if (start.startsWith('%PDF')) return `This file is a PDF, not a CSV file. ${uploadHint}`;
  if (start.startsWith('PK\u0003\u0004')) {
    return `This file is a zip file or an Excel workbook, not a CSV file. If it is a workbook, open it and save it as "CSV (comma delimited)", or ${uploadHint.charAt(0).toLowerCase()}${uploadHint.slice(1)}`;
  }
  if (start.startsWith('{') || start.startsWith('[')) {
    return `This file looks like JSON, not a CSV file. ${uploadHint}`;
  }
  if (/^<(!doctype|html|\?xml)/i.test(start)) {
    return `This file looks like a web page or XML, not a CSV file. ${uploadHint}`;
  }
  // Binary content (images, executables, …) decodes to NULs, control characters and U+FFFD.
  const sample = content.slice(0, 65536);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return `This file contains binary data, so it is not a CSV file. ${uploadHint}`;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) odd++;
  }
  if (odd > 8 && odd > sample.length / 1000) {
    return `This file contains binary data, so it is not a CSV file. ${uploadHint}`;
  }
  return null;
}

/** A value in a CSV cell: text, a number, or nothing. */
export type CsvValue = string | number | null | undefined;

/**
 * One cell, quoted. Text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab
 * or a carriage return) is written with a leading apostrophe, so it opens as the text it is
 * (OWASP "CSV injection"); a plain number, negative or not ("-12.50"), is left as a number.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** A whole CSV file: a header row, then the rows, CRLF line ends (as Excel writes them). */
export function csvDocument(header: readonly string[], rows: readonly CsvValue[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
