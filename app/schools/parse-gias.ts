/**
 * Pure parser for the Department for Education's "Get Information about Schools" (GIAS)
 * establishment extract.
 *
 * Accepts both the real extract (Windows-1252, ~140 quoted columns, `X (code)` / `X (name)`
 * pairs, dates `dd-MM-yyyy`) and trimmed-down files that use the same column names but only a
 * subset of the columns (such as `tenants/schools-5la.csv`, which is UTF-8 and has no `(code)`
 * columns for the type group). Columns are found by name, in any order; unknown columns are
 * ignored.
 *
 * No I/O: callers read the bytes, pass them to `decodeCsvBytes`, then to `parseGias`.
 * Neither function throws for bad input; `parseGias` reports problems in its result.
 */
import { parse, type CastingContext } from 'csv-parse/sync';
import { z } from 'zod';
import { CSV_RECORD_DELIMITERS, notCsvReason } from '../forms/csv-file';

export type EstablishmentTypeGroup = 'la_maintained' | 'academy' | 'free_school' | 'special' | 'independent' | 'other';

export interface SchoolRecord {
  /** Unique reference number: a positive integer. */
  urn: number;
  /** Local authority code, 3 digits, e.g. "852". */
  laCode: string;
  laName: string | null;
  /** The establishment number as it appears in the file (normally 4 digits), or null. */
  establishmentNumber: string | null;
  name: string;
  typeOfEstablishment: string | null;
  typeGroup: EstablishmentTypeGroup;
  /** e.g. "Open"; "Open" when the file has no status column or the value is blank. */
  status: string;
  phase: string | null;
  /** Non-negative integer, or null when blank. */
  pupils: number | null;
  trustCode: string | null;
  trustName: string | null;
  street: string | null;
  town: string | null;
  /** Trimmed, upper-cased, inner whitespace collapsed to single spaces. */
  postcode: string | null;
  /** ISO yyyy-mm-dd. */
  openDate: string | null;
  /**
   * The school's links to other establishments (predecessor, successor …), as GIAS writes them
   * when the download includes links: the last column and every value past it, one link each.
   */
  links: string[];
}

/** `line` is the 1-based line in the file where the row starts (the header is line 1). */
export interface RowProblem {
  line: number;
  urn?: string;
  reason: string;
}

export type ParseResult =
  { ok: true; schools: SchoolRecord[] } | { ok: false; fileError?: string; problems: RowProblem[] };

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

/** The GIAS columns we read, keyed by our field name. */
const COLUMNS = {
  urn: 'URN',
  laCode: 'LA (code)',
  laName: 'LA (name)',
  establishmentNumber: 'EstablishmentNumber',
  name: 'EstablishmentName',
  typeName: 'TypeOfEstablishment (name)',
  typeGroupCode: 'EstablishmentTypeGroup (code)',
  typeGroupName: 'EstablishmentTypeGroup (name)',
  status: 'EstablishmentStatus (name)',
  phase: 'PhaseOfEducation (name)',
  pupils: 'NumberOfPupils',
  trustCode: 'Trusts (code)',
  trustName: 'Trusts (name)',
  street: 'Street',
  town: 'Town',
  postcode: 'Postcode',
  openDate: 'OpenDate',
} as const;

type Field = keyof typeof COLUMNS;
const FIELDS = Object.keys(COLUMNS) as Field[];
const REQUIRED: readonly Field[] = ['urn', 'name', 'laCode'];

/** Header matching ignores case, whitespace and a stray BOM: "LA (Code)" finds "LA (code)". */
function headerKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

type RawRow = Record<Field, string | null>;

// ---------------------------------------------------------------------------------------------
// Value rules
// ---------------------------------------------------------------------------------------------

const TYPE_GROUP_BY_CODE: Record<string, EstablishmentTypeGroup> = {
  '4': 'la_maintained',
  '10': 'academy',
  '11': 'free_school',
  '5': 'special',
  '3': 'independent',
};

/** GIAS's EstablishmentTypeGroup names (lower-cased), plus obvious singular forms. */
const TYPE_GROUP_BY_NAME: Record<string, EstablishmentTypeGroup> = {
  'local authority maintained schools': 'la_maintained',
  'local authority maintained school': 'la_maintained',
  'la maintained schools': 'la_maintained',
  'la maintained': 'la_maintained',
  academies: 'academy',
  academy: 'academy',
  'free schools': 'free_school',
  'free school': 'free_school',
  'special schools': 'special',
  'special school': 'special',
  'independent schools': 'independent',
  'independent school': 'independent',
  // The other GIAS groups are known and map to 'other'.
  colleges: 'other',
  universities: 'other',
  'other types': 'other',
  'welsh schools': 'other',
  'online provider': 'other',
};

/**
 * Last resort when a row has no type group: guess from TypeOfEstablishment (name), following
 * GIAS's own type→group table where a keyword is enough (e.g. "Free schools special" and
 * "University technical college" are Free Schools; "Community special school" is a Special
 * school; "Pupil referral unit" is LA maintained).
 */
function typeGroupFromTypeName(typeName: string | null): EstablishmentTypeGroup {
  if (!typeName) return 'other';
  const t = typeName.toLowerCase();
  if (t.includes('free school') || t.includes('university technical college') || t.includes('studio school')) {
    return 'free_school';
  }
  if (t.includes('academy')) return 'academy';
  if (t.includes('special')) return 'special';
  if (t.includes('independent')) return 'independent';
  if (
    t.includes('community') ||
    t.includes('foundation') ||
    t.includes('voluntary') ||
    t.includes('local authority') ||
    t.includes('pupil referral unit')
  ) {
    return 'la_maintained';
  }
  return 'other';
}

function resolveTypeGroup(code: string | null, name: string | null, typeName: string | null): EstablishmentTypeGroup {
  if (code !== null && /^\d+$/.test(code)) {
    return TYPE_GROUP_BY_CODE[String(Number(code))] ?? 'other';
  }
  if (name !== null) {
    const byName = TYPE_GROUP_BY_NAME[name.toLowerCase().replace(/\s+/g, ' ')];
    if (byName) return byName;
  }
  return typeGroupFromTypeName(typeName);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const DMY = /^(\d{1,2})([-/])(\d{1,2})\2(\d{4})$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** dd-MM-yyyy, dd/MM/yyyy or yyyy-mm-dd → ISO yyyy-mm-dd; a string reason when it can't be read. */
function parseDate(column: string, value: string): { iso: string } | { reason: string } {
  let d: number;
  let m: number;
  let y: number;
  let match = DMY.exec(value);
  if (match) {
    d = Number(match[1]);
    m = Number(match[3]);
    y = Number(match[4]);
  } else if ((match = YMD.exec(value))) {
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else {
    return { reason: `${column} "${value}" is not a date in the form dd-mm-yyyy (for example 01-09-2012)` };
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return { reason: `${column} "${value}" is not a real date` };
  }
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return { iso: `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` };
}

// ---------------------------------------------------------------------------------------------
// Row schema (zod)
// ---------------------------------------------------------------------------------------------

const text = z.string().nullable();

const rowSchema = z
  .object({
    urn: text.transform((v, ctx) => {
      if (v === null) {
        ctx.issues.push({ code: 'custom', message: 'URN is blank', input: v });
        return z.NEVER;
      }
      const n = Number(v);
      if (!/^\d+$/.test(v) || n <= 0 || !Number.isSafeInteger(n)) {
        ctx.issues.push({ code: 'custom', message: `URN "${v}" is not a positive whole number`, input: v });
        return z.NEVER;
      }
      return n;
    }),
    laCode: text.transform((v, ctx) => {
      if (v === null) {
        ctx.issues.push({ code: 'custom', message: 'LA (code) is blank', input: v });
        return z.NEVER;
      }
      if (!/^\d{3}$/.test(v)) {
        ctx.issues.push({ code: 'custom', message: `LA (code) "${v}" is not a 3-digit code`, input: v });
        return z.NEVER;
      }
      return v;
    }),
    laName: text,
    establishmentNumber: text,
    name: text.transform((v, ctx) => {
      if (v === null) {
        ctx.issues.push({ code: 'custom', message: 'EstablishmentName is blank', input: v });
        return z.NEVER;
      }
      return v;
    }),
    typeName: text,
    typeGroupCode: text,
    typeGroupName: text,
    status: text.transform((v) => v ?? 'Open'),
    phase: text,
    pupils: text.transform((v, ctx) => {
      if (v === null) return null;
      if (/^\d+$/.test(v) && Number.isSafeInteger(Number(v))) return Number(v);
      const message = /^-\d+$/.test(v)
        ? `NumberOfPupils "${v}" cannot be negative`
        : `NumberOfPupils "${v}" is not a whole number`;
      ctx.issues.push({ code: 'custom', message, input: v });
      return z.NEVER;
    }),
    trustCode: text,
    trustName: text,
    street: text,
    town: text,
    postcode: text.transform((v) => (v === null ? null : v.replace(/\s+/g, ' ').toUpperCase())),
    openDate: text.transform((v, ctx) => {
      if (v === null) return null;
      const r = parseDate('OpenDate', v);
      if ('iso' in r) return r.iso;
      ctx.issues.push({ code: 'custom', message: r.reason, input: v });
      return z.NEVER;
    }),
  })
  .transform((r): SchoolRecord => ({
    urn: r.urn,
    laCode: r.laCode,
    laName: r.laName,
    establishmentNumber: r.establishmentNumber,
    name: r.name,
    typeOfEstablishment: r.typeName,
    typeGroup: resolveTypeGroup(r.typeGroupCode, r.typeGroupName, r.typeName),
    status: r.status,
    phase: r.phase,
    pupils: r.pupils,
    trustCode: r.trustCode,
    trustName: r.trustName,
    street: r.street,
    town: r.town,
    postcode: r.postcode,
    openDate: r.openDate,
    links: [],
  }));

// ---------------------------------------------------------------------------------------------
// File-level checks
// ---------------------------------------------------------------------------------------------

const UPLOAD_HINT =
  'Download the establishment extract from Get Information about Schools (GIAS) as a CSV file and upload that.';

function fileError(message: string): ParseResult {
  return { ok: false, fileError: message, problems: [] };
}

function listNames(names: string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

interface ParsedRow {
  line: number;
  /** Number of fields in the record as written. */
  width: number;
  raw: RawRow;
  links: string[];
}

/** GIAS's links column ("Linked establishments"): its values run on past the header, one per link. */
function isLinksColumn(name: string | undefined): boolean {
  return name !== undefined && headerKey(name).includes('link');
}

function clean(value: string | undefined): string | null {
  if (value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/**
 * Parse the decoded text of a GIAS establishment extract.
 *
 * Returns every school, or — if the file can't be used — either a `fileError` (not a CSV, or
 * required columns missing) or the full list of row `problems`, so an import can save nothing.
 */
export function parseGias(content: string): ParseResult {
  if (typeof content !== 'string') return fileError(`The file could not be read. ${UPLOAD_HINT}`);
  const body = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (body.trim() === '') return fileError(`The file is empty. ${UPLOAD_HINT}`);
  const notCsv = notCsvReason(body, UPLOAD_HINT);
  if (notCsv) return fileError(notCsv);

  // csv-parse works on bytes; we give it the UTF-8 bytes ourselves so that its `bytes` counter
  // (the offset just after each record) can be turned into the line where each record starts.
  // Its own `lines` counter is the line a record ends on, and miscounts CRLFs inside quotes.
  const buf = Buffer.from(body, 'utf8');
  let cursor = 0; // byte offset the line count below has reached
  let lineAtCursor = 1;
  let recordEnd = 0; // byte offset just after the previous record
  // Lines end in LF or CRLF; a file with no LF at all uses bare CRs (old Mac style).
  const eol = buf.includes(0x0a) ? 0x0a : 0x0d;
  const advanceTo = (target: number) => {
    let p = buf.indexOf(eol, cursor);
    while (p !== -1 && p < target) {
      lineAtCursor++;
      p = buf.indexOf(eol, p + 1);
    }
    cursor = target;
  };

  let header: string[] | null = null;
  let index: Partial<Record<Field, number>> = {};
  let linksAt: number | null = null;
  const rows: ParsedRow[] = [];

  try {
    parse(buf, {
      bom: true,
      record_delimiter: CSV_RECORD_DELIMITERS,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context: CastingContext) => {
        // Start of this record: after the previous one, past any blank lines csv-parse skipped.
        let start = recordEnd;
        while (start < buf.length && (buf[start] === 0x0a || buf[start] === 0x0d)) start++;
        // `bytes` is in the runtime context (csv-parse's info) though not in its typings.
        recordEnd = (context as unknown as { bytes: number }).bytes;
        advanceTo(start);
        const line = lineAtCursor;

        if (header === null) {
          header = record.map((h) => h.trim());
          const positions = new Map<string, number>();
          header.forEach((h, i) => {
            const k = headerKey(h);
            if (!positions.has(k)) positions.set(k, i);
          });
          index = {};
          linksAt = isLinksColumn(header.at(-1)) ? header.length - 1 : null;
          for (const f of FIELDS) {
            const i = positions.get(headerKey(COLUMNS[f]));
            if (i !== undefined) index[f] = i;
          }
          return null;
        }
        // Lines of nothing but separators and spaces are not rows.
        if (record.every((v) => v.trim() === '')) return null;

        const raw = {} as RawRow;
        for (const f of FIELDS) {
          const i = index[f];
          raw[f] = i === undefined ? null : clean(record[i]);
        }
        const links =
          linksAt === null
            ? []
            : record
                .slice(linksAt)
                .map((v) => v.trim())
                .filter(Boolean);
        rows.push({ line, width: record.length, raw, links });
        return null; // rows are collected above; csv-parse need not keep the full records
      },
    });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return fileError(
      `The file could not be read as CSV (${detail}). Check that it is the GIAS establishment extract saved as CSV, without changes. ${UPLOAD_HINT}`,
    );
  }

  // TypeScript cannot see the assignment inside the callback.
  const headerRow = header as string[] | null;
  if (headerRow === null) return fileError(`The file is empty. ${UPLOAD_HINT}`);

  const missing = REQUIRED.filter((f) => index[f] === undefined).map((f) => COLUMNS[f]);
  if (missing.length > 0) {
    const plural = missing.length > 1;
    let hint = '';
    if (headerRow.length === 1 && /[;\t|]/.test(headerRow[0])) {
      hint = ' The columns seem to be separated by something other than commas.';
    }
    return fileError(
      `The file's first row must have the column${plural ? 's' : ''} ${listNames(missing)}, but ${plural ? 'they are' : 'it is'} missing.${hint} ${UPLOAD_HINT}`,
    );
  }
  if (rows.length === 0) {
    return fileError(`The file has column headings but no schools in it. ${UPLOAD_HINT}`);
  }

  const width = headerRow.length;
  const problems: RowProblem[] = [];
  const schools: SchoolRecord[] = [];
  const firstLineByUrn = new Map<number, number>();

  for (const row of rows) {
    const urnText = row.raw.urn ?? undefined;
    const problem = (reason: string) =>
      problems.push(urnText === undefined ? { line: row.line, reason } : { line: row.line, urn: urnText, reason });

    const linksRunOn = linksAt !== null && row.width > width;
    if (row.width !== width && !linksRunOn) {
      problem(
        `Row has ${row.width} value${row.width === 1 ? '' : 's'} but the header has ${width} columns, so its values cannot be matched to columns`,
      );
      continue;
    }
    const result = rowSchema.safeParse(row.raw);
    if (!result.success) {
      for (const issue of result.error.issues) problem(issue.message);
    }
    // Duplicates are checked even when the row has other problems, so every one is reported.
    const urn = urnText !== undefined && /^\d+$/.test(urnText) ? Number(urnText) : 0;
    if (urn > 0) {
      const firstLine = firstLineByUrn.get(urn);
      if (firstLine !== undefined) {
        problem(`URN ${urn} appears more than once (first on line ${firstLine})`);
        continue;
      }
      firstLineByUrn.set(urn, row.line);
    }
    if (result.success) schools.push({ ...result.data, links: row.links });
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, schools };
}
