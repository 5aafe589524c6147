/**
 * Pure parser for the DfE Key Stage 2 performance tables file (`england_ks2final.csv`, 311
 * columns) and the reduced layout with the same column names (URN and the measures only).
 *
 * Columns are found by name. Percentages may carry a `%`; "no value" tokens (SUPP, NP, NE, NA,
 * LOWCOV, NEW, x, blank …) are null, never zero. RECTYPE 1 and 2 are schools; other record types
 * are area and national summary rows, skipped and counted. The earlier-year columns of the real
 * file (PTRWM_EXP_24 …) become results for those years too. Any malformed row and nothing is
 * imported: every problem is listed by line.
 */
import { academicYearLabel, FIRST_ACADEMIC_YEAR, LAST_ACADEMIC_YEAR } from './academic-year';
import { describeRowProblem, headerKey, missingColumns, readCsvRows, type RowProblem } from './csv-rows';

export interface Ks2Values {
  eligiblePupils: number | null;
  pupilsOnRoll: number | null;
  ptrwmExp: number | null;
  ptrwmHigh: number | null;
  ptreadExp: number | null;
  ptwrittaExp: number | null;
  ptmatExp: number | null;
  readProg: number | null;
  writProg: number | null;
  matProg: number | null;
}

export interface Ks2Result extends Ks2Values {
  urn: number;
  academicYear: number;
  source: 'year_file' | 'later_file';
}

export interface Ks2File {
  /** The year the file's own academic year ends in (2025 = 2024/25). */
  academicYear: number;
  layout: 'dfe' | 'reduced';
  /** Rows that are schools (RECTYPE 1 or 2, or every row of the reduced layout). */
  schoolRows: number;
  /** Area and national summary rows, skipped. */
  summaryRows: number;
  /** Each school's results for the file's year, then for the earlier years it carries. */
  results: Ks2Result[];
}

export type Ks2ParseResult = { ok: true; file: Ks2File } | { ok: false; fileError?: string; problems: RowProblem[] };

export const KS2_UPLOAD_HINT =
  'Upload the Key Stage 2 file from the DfE performance tables (england_ks2final.csv) as it was downloaded, or a CSV file with its column names.';

/** What the DfE writes for "no value": suppressed, not published, not applicable, no entries, low coverage, new school … */
export const NO_VALUE_TOKENS = ['SUPP', 'NP', 'NA', 'NE', 'LOWCOV', 'NEW', 'X', 'Z', 'C', 'U', 'DNS', ':', '..'];
const NO_VALUE = new Set(NO_VALUE_TOKENS);

type Kind = 'percent' | 'score' | 'count';
const MEASURES: ReadonlyArray<{ field: keyof Ks2Values; column: string; kind: Kind; earlier: boolean }> = [
  { field: 'eligiblePupils', column: 'TELIG', kind: 'count', earlier: true },
  { field: 'pupilsOnRoll', column: 'TOTPUPS', kind: 'count', earlier: false },
  { field: 'ptrwmExp', column: 'PTRWM_EXP', kind: 'percent', earlier: true },
  { field: 'ptrwmHigh', column: 'PTRWM_HIGH', kind: 'percent', earlier: true },
  { field: 'ptreadExp', column: 'PTREAD_EXP', kind: 'percent', earlier: false },
  { field: 'ptwrittaExp', column: 'PTWRITTA_EXP', kind: 'percent', earlier: false },
  { field: 'ptmatExp', column: 'PTMAT_EXP', kind: 'percent', earlier: false },
  { field: 'readProg', column: 'READPROG', kind: 'score', earlier: true },
  { field: 'writProg', column: 'WRITPROG', kind: 'score', earlier: true },
  { field: 'matProg', column: 'MATPROG', kind: 'score', earlier: true },
];
export const KS2_REQUIRED_COLUMNS = ['URN', 'PTRWM_EXP', 'PTRWM_HIGH', 'READPROG', 'WRITPROG', 'MATPROG'] as const;

const PERCENT = /^(\d{1,3}(?:\.\d+)?)\s*%?$/;
const SCORE = /^[-+]?\d{1,3}(?:\.\d+)?$/;
const roundTenth = (n: number) => Math.round(n * 10) / 10;

/** One cell: a number, null for "no value", or a reason it is neither. */
function readValue(column: string, kind: Kind, raw: string | undefined): number | null | { reason: string } {
  const v = (raw ?? '').trim();
  if (v === '' || NO_VALUE.has(v.toUpperCase())) return null;
  if (kind === 'percent') {
    const match = PERCENT.exec(v);
    if (!match) return { reason: `${column} "${v}" is not a percentage or a "no value" code such as SUPP or NP` };
    const n = Number(match[1]);
    if (n > 100) return { reason: `${column} is ${v}, more than 100%` };
    return roundTenth(n);
  }
  if (kind === 'score') {
    if (!SCORE.test(v))
      return { reason: `${column} "${v}" is not a progress score or a "no value" code such as SUPP or NP` };
    const n = Number(v);
    if (Math.abs(n) > 99.9) return { reason: `${column} is ${v}, outside the range a progress score can take` };
    return roundTenth(n);
  }
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
    return { reason: `${column} "${v}" is not a whole number or a "no value" code such as SUPP or NP` };
  return Number(v);
}

/** The earlier years a DfE file carries, from its PTRWM_EXP_NN columns: 24 → 2024 (2023/24). */
function earlierYears(keys: ReadonlySet<string>): number[] {
  const years: number[] = [];
  for (const key of keys) {
    const match = /^PTRWMEXP(\d{2})$/.exec(key);
    if (match) years.push(2000 + Number(match[1]));
  }
  return years.sort((a, b) => b - a);
}

/**
 * Parses the bytes of a KS2 file. `academicYear` is the year it is for (the year the academic
 * year ends in); it may be left out when the file says so itself through its earlier-year columns.
 */
export function parseKs2(bytes: Uint8Array, options: { academicYear?: number | null } = {}): Ks2ParseResult {
  const read = readCsvRows(bytes, KS2_UPLOAD_HINT);
  if (!read.ok) return { ok: false, fileError: read.fileError, problems: [] };
  const { header, rows } = read;

  const position = new Map<string, number>();
  header.forEach((h, i) => {
    const key = headerKey(h);
    if (!position.has(key)) position.set(key, i);
  });
  const missing = KS2_REQUIRED_COLUMNS.filter((c) => !position.has(headerKey(c)));
  if (missing.length > 0)
    return { ok: false, fileError: missingColumns(missing, header, KS2_UPLOAD_HINT), problems: [] };

  const earlier = earlierYears(new Set(position.keys()));
  const implied = earlier.length > 0 ? earlier[0]! + 1 : null;
  const given = options.academicYear ?? null;
  if (given !== null && implied !== null && given !== implied)
    return {
      ok: false,
      fileError: `This file is for ${academicYearLabel(implied)} (its earlier-year columns are for ${earlier.map(academicYearLabel).join(' and ')}), not ${academicYearLabel(given)}. Choose ${academicYearLabel(implied)}, or upload the file for ${academicYearLabel(given)}.`,
      problems: [],
    };
  const academicYear = given ?? implied;
  if (academicYear === null)
    return {
      ok: false,
      fileError:
        'The file does not say which academic year its results are for: give the year (for example 2022/23; on the command line, --year 2022/23) and import it again.',
      problems: [],
    };
  if (academicYear < FIRST_ACADEMIC_YEAR || academicYear > LAST_ACADEMIC_YEAR)
    return { ok: false, fileError: `${academicYear} is not an academic year results can be for.`, problems: [] };
  if (rows.length === 0)
    return { ok: false, fileError: `The file has column headings but no rows. ${KS2_UPLOAD_HINT}`, problems: [] };

  const at = (column: string) => position.get(headerKey(column));
  const urnAt = at('URN')!;
  const recTypeAt = at('RECTYPE');
  const columnsFor = (suffix: string, years: 'main' | 'earlier') =>
    MEASURES.filter((m) => years === 'main' || m.earlier).map((m) => {
      const column = suffix ? `${m.column}_${suffix}` : m.column;
      return { ...m, column, index: at(column) };
    });
  const main = columnsFor('', 'main');
  const back = earlier.map((year) => ({ year, columns: columnsFor(String(year % 100).padStart(2, '0'), 'earlier') }));

  const problems: RowProblem[] = [];
  const results: Ks2Result[] = [];
  const firstLine = new Map<number, number>();
  let schoolRows = 0;
  let summaryRows = 0;

  for (const { line, record } of rows) {
    const urnText = (record[urnAt] ?? '').trim();
    const problem = (reason: string) => problems.push(urnText ? { line, urn: urnText, reason } : { line, reason });
    if (record.length > header.length) {
      problem(
        `Row has ${record.length} values but the header has ${header.length} columns, so its values cannot be matched to columns`,
      );
      continue;
    }
    if (recTypeAt !== undefined) {
      const recType = (record[recTypeAt] ?? '').trim();
      if (recType === '') {
        problem('RECTYPE is blank: it must say whether the row is a school (1 or 2) or a summary row');
        continue;
      }
      if (recType !== '1' && recType !== '2') {
        if (urnText !== '') {
          problem(
            `RECTYPE ${recType} marks an area or national summary row, but the row has a URN: a summary row cannot be imported as a school. Check the row's RECTYPE and URN`,
          );
          continue;
        }
        summaryRows++;
        continue;
      }
    }
    if (urnText === '') {
      problem('URN is blank');
      continue;
    }
    const urn = Number(urnText);
    if (!/^\d+$/.test(urnText) || urn <= 0 || !Number.isSafeInteger(urn)) {
      problem(`URN "${urnText}" is not a positive whole number`);
      continue;
    }
    const seen = firstLine.get(urn);
    if (seen !== undefined) {
      problem(`URN ${urn} appears more than once (first on line ${seen})`);
      continue;
    }
    firstLine.set(urn, line);
    schoolRows++;

    const readAll = (columns: ReturnType<typeof columnsFor>) => {
      const values: Ks2Values = {
        eligiblePupils: null,
        pupilsOnRoll: null,
        ptrwmExp: null,
        ptrwmHigh: null,
        ptreadExp: null,
        ptwrittaExp: null,
        ptmatExp: null,
        readProg: null,
        writProg: null,
        matProg: null,
      };
      let ok = true;
      for (const c of columns) {
        if (c.index === undefined) continue;
        const value = readValue(c.column, c.kind, record[c.index]);
        if (value !== null && typeof value === 'object') {
          problem(value.reason);
          ok = false;
        } else values[c.field] = value;
      }
      return ok ? values : null;
    };
    const own = readAll(main);
    if (own) results.push({ urn, academicYear, source: 'year_file', ...own });
    for (const { year, columns } of back) {
      const values = readAll(columns);
      // An earlier year with nothing in it (a school then new, or closed) is no result at all.
      if (values && Object.values(values).some((v) => v !== null))
        results.push({ urn, academicYear: year, source: 'later_file', ...values });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  if (schoolRows === 0)
    return { ok: false, fileError: `The file has no school rows, only summary rows. ${KS2_UPLOAD_HINT}`, problems: [] };
  return {
    ok: true,
    file: { academicYear, layout: recTypeAt === undefined ? 'reduced' : 'dfe', schoolRows, summaryRows, results },
  };
}

export { describeRowProblem };
