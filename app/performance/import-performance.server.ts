import type { Db } from '../../db/client.server';
import {
  finishPerformanceImport,
  insertPerformanceImport,
  knownUrns,
  upsertKs2Results,
  upsertOfstedInspections,
} from '../../db/queries/school-performance';
import type { RowProblem } from './csv-rows';
import { parseKs2 } from './parse-ks2';
import { parseOfsted } from './parse-ofsted';

export interface PerformanceFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportSummary {
  importId: string;
  /** School rows in the file (summary rows not counted). */
  schoolRows: number;
  /** School rows skipped because their URN is not in the schools list. */
  unknownUrns: number;
  /** Area and national summary rows skipped (KS2). */
  summaryRows: number;
  /** Results (KS2: one per school and year) or inspections written for the first time, changed, or already as the file says. */
  inserted: number;
  updated: number;
  unchanged: number;
}

export type Ks2ImportResult =
  | ({ ok: true; academicYear: number; years: number[] } & ImportSummary)
  | { ok: false; fileError?: string; problems: RowProblem[] };

export type OfstedImportResult =
  ({ ok: true } & ImportSummary) | { ok: false; fileError?: string; problems: RowProblem[] };

/**
 * Imports a KS2 performance tables file: checked whole first (any malformed row and nothing is
 * written), then, in one transaction, each school's results upserted by URN and year. Rows for
 * schools not in the schools list are skipped and counted. National reference data: platform
 * administration on the owner's handle.
 */
export async function importKs2(
  db: Db,
  file: PerformanceFile,
  options: { academicYear?: number | null; importedBy?: string | null } = {},
): Promise<Ks2ImportResult> {
  const parsed = parseKs2(file.bytes, { academicYear: options.academicYear });
  if (!parsed.ok) return parsed;
  const { academicYear, results, schoolRows, summaryRows } = parsed.file;
  return db.transaction().execute(async (tx) => {
    const fileUrns = [...new Set(results.map((r) => r.urn))];
    const known = await knownUrns(tx, fileUrns);
    const kept = results.filter((r) => known.has(r.urn));
    const unknownUrns = schoolRows - known.size;
    const importId = await insertPerformanceImport(tx, {
      kind: 'ks2',
      academicYear,
      fileName: file.name,
      importedBy: options.importedBy ?? null,
      schoolRows,
      unknownUrns,
      summaryRows,
    });
    const counts = await upsertKs2Results(tx, kept, importId);
    await finishPerformanceImport(tx, importId, counts);
    const years = [...new Set(kept.map((r) => r.academicYear))].sort((a, b) => b - a);
    return { ok: true as const, importId, academicYear, years, schoolRows, unknownUrns, summaryRows, ...counts };
  });
}

/** Imports Ofsted inspection outcomes the same way: all or nothing, upserted by URN and date. */
export async function importOfsted(
  db: Db,
  file: PerformanceFile,
  options: { importedBy?: string | null; today?: string } = {},
): Promise<OfstedImportResult> {
  const parsed = parseOfsted(file.bytes, options.today);
  if (!parsed.ok) return parsed;
  const { inspections } = parsed;
  return db.transaction().execute(async (tx) => {
    const fileUrns = [...new Set(inspections.map((r) => r.urn))];
    const known = await knownUrns(tx, fileUrns);
    const kept = inspections.filter((r) => known.has(r.urn));
    const skipped = inspections.length - kept.length;
    const importId = await insertPerformanceImport(tx, {
      kind: 'ofsted',
      academicYear: null,
      fileName: file.name,
      importedBy: options.importedBy ?? null,
      schoolRows: inspections.length,
      unknownUrns: skipped,
      summaryRows: 0,
    });
    const counts = await upsertOfstedInspections(tx, kept, importId);
    await finishPerformanceImport(tx, importId, counts);
    return {
      ok: true as const,
      importId,
      schoolRows: inspections.length,
      unknownUrns: skipped,
      summaryRows: 0,
      ...counts,
    };
  });
}
