import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import type { Scoped } from '../scope.server';
import type { Ks2Source, OfstedJudgement, PerformanceImportKind } from '../tables/school-performance';

/**
 * KS2 results and Ofsted inspections are national reference data, written by platform
 * administration only (the import commands, the seed, the platform page) on the owner's handle in
 * one transaction; the runtime role reads them. Thresholds are the tenant's own, through RLS.
 */
type PlatformTx = Kysely<Database>;

export interface Ks2Row {
  urn: number;
  academicYear: number;
  source: Ks2Source;
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

export interface OfstedRow {
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

export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Which of these URNs are in the schools list. */
export async function knownUrns(tx: PlatformTx, urns: number[]): Promise<Set<number>> {
  if (urns.length === 0) return new Set();
  const { rows } = await sql<{ urn: number }>`
    select urn from schools where urn = any(${urns}::integer[])`.execute(tx);
  return new Set(rows.map((r) => Number(r.urn)));
}

export async function insertPerformanceImport(
  tx: PlatformTx,
  record: {
    kind: PerformanceImportKind;
    academicYear: number | null;
    fileName: string;
    importedBy: string | null;
    schoolRows: number;
    unknownUrns: number;
    summaryRows: number;
  },
): Promise<string> {
  const row = await tx
    .insertInto('performance_imports')
    .values({
      kind: record.kind,
      academic_year: record.academicYear,
      file_name: record.fileName,
      imported_by: record.importedBy,
      school_rows: record.schoolRows,
      unknown_urns: record.unknownUrns,
      summary_rows: record.summaryRows,
      inserted: 0,
      updated: 0,
      unchanged: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishPerformanceImport(tx: PlatformTx, id: string, counts: ImportCounts) {
  await tx.updateTable('performance_imports').set(counts).where('id', '=', id).execute();
}

const KS2_COMPARED = [
  'source',
  'eligible_pupils',
  'pupils_on_roll',
  'ptrwm_exp',
  'ptrwm_high',
  'ptread_exp',
  'ptwritta_exp',
  'ptmat_exp',
  'read_prog',
  'writ_prog',
  'mat_prog',
] as const;

const counted = (rows: Array<{ inserted: boolean }>) => {
  let inserted = 0;
  for (const row of rows) if (row.inserted) inserted++;
  return { inserted, updated: rows.length - inserted };
};

/**
 * Upserts results by URN and year. A year's own file replaces what a later file carried back for
 * it, never the other way round; a row that would not change is not written, so a rerun changes
 * nothing.
 */
export async function upsertKs2Results(tx: PlatformTx, results: Ks2Row[], importId: string): Promise<ImportCounts> {
  let inserted = 0;
  let updated = 0;
  for (let i = 0; i < results.length; i += 1000) {
    const batch = results.slice(i, i + 1000);
    const rows = await tx
      .insertInto('ks2_results')
      .values(
        batch.map((r) => ({
          urn: r.urn,
          academic_year: r.academicYear,
          source: r.source,
          eligible_pupils: r.eligiblePupils,
          pupils_on_roll: r.pupilsOnRoll,
          ptrwm_exp: r.ptrwmExp,
          ptrwm_high: r.ptrwmHigh,
          ptread_exp: r.ptreadExp,
          ptwritta_exp: r.ptwrittaExp,
          ptmat_exp: r.ptmatExp,
          read_prog: r.readProg,
          writ_prog: r.writProg,
          mat_prog: r.matProg,
          import_id: importId,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['urn', 'academic_year'])
          .doUpdateSet((eb) => ({
            ...Object.fromEntries(KS2_COMPARED.map((c) => [c, eb.ref(`excluded.${c}`)])),
            import_id: eb.ref('excluded.import_id'),
            imported_at: sql<Date>`now()`,
          }))
          .where(
            sql<boolean>`(ks2_results.source = 'later_file' or excluded.source = 'year_file')
              and (${sql.join(KS2_COMPARED.map((c) => sql.ref(`ks2_results.${c}`)))})
                  is distinct from (${sql.join(KS2_COMPARED.map((c) => sql.ref(`excluded.${c}`)))})`,
          ),
      )
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .execute();
    const c = counted(rows);
    inserted += c.inserted;
    updated += c.updated;
  }
  return { inserted, updated, unchanged: results.length - inserted - updated };
}

const OFSTED_COMPARED = [
  'overall_effectiveness',
  'quality_of_education',
  'behaviour_and_attitudes',
  'personal_development',
  'leadership_and_management',
  'early_years',
  'sixth_form',
] as const;

/** Upserts inspections by URN and date; an unchanged inspection is not written. */
export async function upsertOfstedInspections(
  tx: PlatformTx,
  inspections: OfstedRow[],
  importId: string,
): Promise<ImportCounts> {
  let inserted = 0;
  let updated = 0;
  for (let i = 0; i < inspections.length; i += 1000) {
    const batch = inspections.slice(i, i + 1000);
    const rows = await tx
      .insertInto('ofsted_inspections')
      .values(
        batch.map((r) => ({
          urn: r.urn,
          inspection_date: r.inspectionDate,
          overall_effectiveness: r.overallEffectiveness,
          quality_of_education: r.qualityOfEducation,
          behaviour_and_attitudes: r.behaviourAndAttitudes,
          personal_development: r.personalDevelopment,
          leadership_and_management: r.leadershipAndManagement,
          early_years: r.earlyYears,
          sixth_form: r.sixthForm,
          import_id: importId,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['urn', 'inspection_date'])
          .doUpdateSet((eb) => ({
            ...Object.fromEntries(OFSTED_COMPARED.map((c) => [c, eb.ref(`excluded.${c}`)])),
            import_id: eb.ref('excluded.import_id'),
            imported_at: sql<Date>`now()`,
          }))
          .where(
            sql<boolean>`(${sql.join(OFSTED_COMPARED.map((c) => sql.ref(`ofsted_inspections.${c}`)))})
              is distinct from (${sql.join(OFSTED_COMPARED.map((c) => sql.ref(`excluded.${c}`)))})`,
          ),
      )
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .execute();
    const c = counted(rows);
    inserted += c.inserted;
    updated += c.updated;
  }
  return { inserted, updated, unchanged: inspections.length - inserted - updated };
}

export async function listPerformanceImports(tx: PlatformTx, limit = 20) {
  return tx
    .selectFrom('performance_imports as i')
    .leftJoin('users as u', 'u.id', 'i.imported_by')
    .select([
      'i.id',
      'i.kind',
      'i.academic_year as academicYear',
      'i.file_name as fileName',
      'u.name as by',
      'i.imported_at as importedAt',
      'i.school_rows as schoolRows',
      'i.inserted',
      'i.updated',
      'i.unchanged',
      'i.unknown_urns as unknownUrns',
      'i.summary_rows as summaryRows',
    ])
    .orderBy('i.imported_at', 'desc')
    .limit(limit)
    .execute();
}

export async function countPerformanceData(tx: PlatformTx) {
  const { rows } = await sql<{ results: number; schools: number; inspections: number }>`
    select (select count(*)::int from ks2_results) as results,
           (select count(distinct urn)::int from ks2_results) as schools,
           (select count(*)::int from ofsted_inspections) as inspections`.execute(tx);
  return rows[0]!;
}

// --- read by a tenant's staff (runtime role) ---------------------------------------------------

const num = (column: string) => sql<number | null>`${sql.ref(column)}::float8`;

export interface Thresholds {
  ptrwmExpFloor: number;
  progressLimit: number;
  setByTenant: boolean;
}

/** The DfE's floor standard from 2016 (65% at the expected standard; progress below -5). */
export const DEFAULT_THRESHOLDS = { ptrwmExpFloor: 65, progressLimit: -5 } as const;

export async function findThresholds(tx: Scoped, tenantId: string): Promise<Thresholds> {
  const row = await tx
    .selectFrom('improvement_thresholds')
    .select(['ptrwm_exp_floor', num('progress_limit').as('progress_limit')])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_THRESHOLDS, setByTenant: false };
  return { ptrwmExpFloor: row.ptrwm_exp_floor, progressLimit: Number(row.progress_limit), setByTenant: true };
}

export async function saveThresholds(
  tx: Scoped,
  tenantId: string,
  values: { ptrwmExpFloor: number; progressLimit: number },
  userId: string,
) {
  await tx
    .insertInto('improvement_thresholds')
    .values({
      tenant_id: tenantId,
      ptrwm_exp_floor: values.ptrwmExpFloor,
      progress_limit: values.progressLimit,
      updated_by: userId,
    })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({
        ptrwm_exp_floor: values.ptrwmExpFloor,
        progress_limit: values.progressLimit,
        updated_by: userId,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

/**
 * The schools a provider works with: those in its own area, and any other school it has a
 * customer account for. A school outside both is not the provider's to look at (404).
 */
function tenantSchools(tx: Scoped, tenantId: string) {
  return tx.selectFrom('schools as s').where((eb) =>
    eb.or([
      eb('s.la_code', '=', eb.selectFrom('tenants').select('la_code').where('id', '=', tenantId)),
      eb.exists(
        eb
          .selectFrom('customer_accounts as ca')
          .innerJoin('organisations as o', 'o.id', 'ca.organisation_id')
          .select(sql`1`.as('one'))
          .where('ca.tenant_id', '=', tenantId)
          .whereRef('o.urn', '=', 's.urn'),
      ),
    ]),
  );
}

export async function findTenantSchool(tx: Scoped, tenantId: string, urn: number) {
  return tenantSchools(tx, tenantId)
    .select([
      's.urn',
      's.name',
      's.la_code as laCode',
      's.la_name as laName',
      's.phase',
      's.type_of_establishment as typeOfEstablishment',
      's.town',
      's.postcode',
      's.pupils',
    ])
    .where('s.urn', '=', urn)
    .executeTakeFirst();
}

/** The provider's schools with their latest KS2 result and latest inspection. */
export async function listTenantSchools(tx: Scoped, tenantId: string) {
  return tenantSchools(tx, tenantId)
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('ks2_results as k')
          .select([
            'k.academic_year',
            num('k.ptrwm_exp').as('ptrwm_exp'),
            num('k.read_prog').as('read_prog'),
            num('k.writ_prog').as('writ_prog'),
            num('k.mat_prog').as('mat_prog'),
          ])
          .whereRef('k.urn', '=', 's.urn')
          .orderBy('k.academic_year', 'desc')
          .limit(1)
          .as('k'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('ofsted_inspections as i')
          .select(['i.inspection_date', 'i.overall_effectiveness'])
          .whereRef('i.urn', '=', 's.urn')
          .orderBy('i.inspection_date', 'desc')
          .limit(1)
          .as('i'),
      (join) => join.onTrue(),
    )
    .select([
      's.urn',
      's.name',
      's.phase',
      'k.academic_year as ks2Year',
      'k.ptrwm_exp as ptrwmExp',
      'k.read_prog as readProg',
      'k.writ_prog as writProg',
      'k.mat_prog as matProg',
      sql<string | null>`i.inspection_date::text`.as('inspectionDate'),
      'i.overall_effectiveness as overallEffectiveness',
    ])
    .orderBy('s.name')
    .execute();
}

export async function listKs2Results(tx: Scoped, urn: number) {
  return tx
    .selectFrom('ks2_results')
    .select([
      'academic_year as academicYear',
      'source',
      'eligible_pupils as eligiblePupils',
      'pupils_on_roll as pupilsOnRoll',
      num('ptrwm_exp').as('ptrwmExp'),
      num('ptrwm_high').as('ptrwmHigh'),
      num('ptread_exp').as('ptreadExp'),
      num('ptwritta_exp').as('ptwrittaExp'),
      num('ptmat_exp').as('ptmatExp'),
      num('read_prog').as('readProg'),
      num('writ_prog').as('writProg'),
      num('mat_prog').as('matProg'),
    ])
    .where('urn', '=', urn)
    .orderBy('academic_year')
    .execute();
}

export async function listOfstedInspections(tx: Scoped, urn: number) {
  return tx
    .selectFrom('ofsted_inspections')
    .select([
      sql<string>`inspection_date::text`.as('inspectionDate'),
      'overall_effectiveness as overallEffectiveness',
      'quality_of_education as qualityOfEducation',
      'behaviour_and_attitudes as behaviourAndAttitudes',
      'personal_development as personalDevelopment',
      'leadership_and_management as leadershipAndManagement',
      'early_years as earlyYears',
      'sixth_form as sixthForm',
    ])
    .where('urn', '=', urn)
    .orderBy('inspection_date', 'desc')
    .execute();
}
