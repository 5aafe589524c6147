/**
 * Pure parser for Ofsted's published inspection outcomes: one row per school inspection, with the
 * URN, the inspection date and the judgements, in words ("Requires improvement") or as Ofsted's
 * grades 1 to 4. Columns are found by name ("InspectionDate" or "Inspection start date").
 * Since September 2024 there is no overall effectiveness grade: blank is null. Any malformed row
 * and nothing is imported.
 */
import type { OfstedJudgement } from '../../db/tables/school-performance';
import { headerKey, missingColumns, readCsvRows, type RowProblem } from './csv-rows';

export interface OfstedRecord {
  urn: number;
  inspectionDate: string;
  overallEffectiveness: OfstedJudgement | null;
  qualityOfEducation: OfstedJudgement | null;
  behaviourAndAttitudes: OfstedJudgement | null;
  personalDevelopment: OfstedJudgement | null;
  leadershipAndManagement: OfstedJudgement | null;
  earlyYears: OfstedJudgement | null;
  sixthForm: OfstedJudgement | null;
}

export type OfstedParseResult =
  { ok: true; inspections: OfstedRecord[] } | { ok: false; fileError?: string; problems: RowProblem[] };

export const OFSTED_UPLOAD_HINT =
  "Upload Ofsted's inspection outcomes for state-funded schools as a CSV file, with a URN, the inspection date and the judgements.";

type Judgement = Exclude<keyof OfstedRecord, 'urn' | 'inspectionDate'>;
/** Each field's column names, the first as the reduced file writes it, then as Ofsted's own file does. */
const COLUMNS: Record<'urn' | 'inspectionDate' | Judgement, string[]> = {
  urn: ['URN'],
  inspectionDate: ['InspectionDate', 'Inspection start date', 'Inspection date'],
  overallEffectiveness: ['OverallEffectiveness'],
  qualityOfEducation: ['QualityOfEducation'],
  behaviourAndAttitudes: ['BehaviourAndAttitudes'],
  personalDevelopment: ['PersonalDevelopment'],
  leadershipAndManagement: ['LeadershipAndManagement', 'Effectiveness of leadership and management'],
  earlyYears: ['EarlyYears', 'Early years provision (where applicable)', 'Early years provision'],
  sixthForm: ['SixthForm', 'Sixth form provision (where applicable)', 'Sixth form provision'],
};
const JUDGEMENTS = Object.keys(COLUMNS).filter((k) => k !== 'urn' && k !== 'inspectionDate') as Judgement[];

const WORDS: Record<string, OfstedJudgement> = {
  OUTSTANDING: 'outstanding',
  GOOD: 'good',
  REQUIRESIMPROVEMENT: 'requires_improvement',
  SATISFACTORY: 'satisfactory',
  INADEQUATE: 'inadequate',
};
/** Ofsted's "no judgement" codes: not applicable (9), NULL, not inspected … */
const NONE = new Set(['', '9', 'NULL', 'NA', 'N/A', 'NOTAPPLICABLE', 'NOTINSPECTED', '-']);

/** Grade 3 was "Satisfactory" before September 2012, "Requires improvement" since. */
function fromGrade(grade: number, date: string | null): OfstedJudgement {
  if (grade === 1) return 'outstanding';
  if (grade === 2) return 'good';
  if (grade === 4) return 'inadequate';
  return date !== null && date < '2012-09-01' ? 'satisfactory' : 'requires_improvement';
}

function readDate(value: string): string | null {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(value)))
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parseOfsted(bytes: Uint8Array, today = new Date().toISOString().slice(0, 10)): OfstedParseResult {
  const read = readCsvRows(bytes, OFSTED_UPLOAD_HINT);
  if (!read.ok) return { ok: false, fileError: read.fileError, problems: [] };
  const { header, rows } = read;
  const position = new Map<string, number>();
  header.forEach((h, i) => {
    const key = headerKey(h);
    if (!position.has(key)) position.set(key, i);
  });
  const at = (field: keyof typeof COLUMNS) =>
    COLUMNS[field].map((c) => position.get(headerKey(c))).find((i) => i !== undefined);
  const missing = (['urn', 'inspectionDate', 'overallEffectiveness'] as const)
    .filter((f) => at(f) === undefined)
    .map((f) => COLUMNS[f][0]!);
  if (missing.length > 0)
    return { ok: false, fileError: missingColumns(missing, header, OFSTED_UPLOAD_HINT), problems: [] };
  if (rows.length === 0)
    return { ok: false, fileError: `The file has column headings but no rows. ${OFSTED_UPLOAD_HINT}`, problems: [] };

  const urnAt = at('urn')!;
  const dateAt = at('inspectionDate')!;
  const judgementAt = JUDGEMENTS.map((field) => ({ field, index: at(field), column: header[at(field) ?? 0] ?? field }));
  const problems: RowProblem[] = [];
  const inspections: OfstedRecord[] = [];
  const firstLine = new Map<string, number>();

  for (const { line, record } of rows) {
    const urnText = (record[urnAt] ?? '').trim();
    const problem = (reason: string) => problems.push(urnText ? { line, urn: urnText, reason } : { line, reason });
    if (record.length > header.length) {
      problem(`Row has ${record.length} values but the header has ${header.length} columns`);
      continue;
    }
    const urn = Number(urnText);
    if (!/^\d+$/.test(urnText) || urn <= 0 || !Number.isSafeInteger(urn)) {
      problem(urnText ? `URN "${urnText}" is not a positive whole number` : 'URN is blank');
      continue;
    }
    const dateText = (record[dateAt] ?? '').trim();
    const date = readDate(dateText);
    if (date === null) {
      problem(
        dateText
          ? `${header[dateAt]} "${dateText}" is not a real date in the form 2024-06-11 or 11/06/2024`
          : `${header[dateAt]} is blank`,
      );
      continue;
    }
    if (date > today) {
      problem(`${header[dateAt]} ${dateText} is in the future`);
      continue;
    }
    const key = `${urn} ${date}`;
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      problem(`The inspection of URN ${urn} on ${date} appears more than once (first on line ${seen})`);
      continue;
    }
    firstLine.set(key, line);
    const inspection: OfstedRecord = {
      urn,
      inspectionDate: date,
      overallEffectiveness: null,
      qualityOfEducation: null,
      behaviourAndAttitudes: null,
      personalDevelopment: null,
      leadershipAndManagement: null,
      earlyYears: null,
      sixthForm: null,
    };
    let ok = true;
    for (const { field, index, column } of judgementAt) {
      if (index === undefined) continue;
      const raw = (record[index] ?? '').trim();
      const key = headerKey(raw);
      if (NONE.has(key)) continue;
      if (WORDS[key]) inspection[field] = WORDS[key];
      else if (/^[1-4]$/.test(raw)) inspection[field] = fromGrade(Number(raw), date);
      else {
        problem(
          `${column} "${raw}" is not an Ofsted judgement (Outstanding, Good, Requires improvement, Inadequate, or a grade 1 to 4)`,
        );
        ok = false;
      }
    }
    if (ok) inspections.push(inspection);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, inspections };
}
