import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import type { SupportLevel } from '../tables/support-categories';

/** A tenant's categories of support and its schools' placements in them (RLS: the tenant's own). */

export interface CategoryRow {
  id: string;
  level: SupportLevel;
  position: number;
  name: string;
  description: string;
  fundedDays: number;
}

export async function listCategoryRows(tx: Scoped, tenantId: string): Promise<CategoryRow[]> {
  return tx
    .selectFrom('support_categories')
    .select(['id', 'level', 'position', 'name', 'description', 'funded_days as fundedDays'])
    .where('tenant_id', '=', tenantId)
    .orderBy('position')
    .execute();
}

export async function insertCategoriesIfMissing(
  tx: Scoped,
  tenantId: string,
  rows: ReadonlyArray<Omit<CategoryRow, 'id'>>,
): Promise<void> {
  await tx
    .insertInto('support_categories')
    .values(
      rows.map((r) => ({
        tenant_id: tenantId,
        level: r.level,
        position: r.position,
        name: r.name,
        description: r.description,
        funded_days: r.fundedDays,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function updateCategoryRow(
  tx: Scoped,
  tenantId: string,
  id: string,
  values: { name: string; description: string; fundedDays: number },
  userId: string,
) {
  await tx
    .updateTable('support_categories')
    .set({
      name: values.name,
      description: values.description,
      funded_days: values.fundedDays,
      updated_by: userId,
      updated_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export interface PlacementRow {
  id: string;
  urn: number;
  academicYear: number;
  categoryId: string;
  level: SupportLevel;
  categoryName: string;
  fundedDays: number;
  suggestedLevel: SupportLevel | null;
  reason: string;
  decidedBy: string;
  decidedAt: Date;
  supersedes: string | null;
  current: boolean;
}

function placements(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('support_placements as p')
    .innerJoin('support_categories as c', (j) =>
      j.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.category_id'),
    )
    .innerJoin('users as u', 'u.id', 'p.decided_by')
    .select([
      'p.id',
      'p.urn',
      'p.academic_year as academicYear',
      'p.category_id as categoryId',
      'c.level',
      'c.name as categoryName',
      'c.funded_days as fundedDays',
      'p.suggested_level as suggestedLevel',
      'p.reason',
      'u.name as decidedBy',
      'p.decided_at as decidedAt',
      'p.supersedes',
      sql<boolean>`not exists (
        select 1 from support_placements later
         where later.tenant_id = p.tenant_id and later.supersedes = p.id)`.as('current'),
    ])
    .where('p.tenant_id', '=', tenantId);
}

/** Every decision for one school, newest first (all years). */
export async function listSchoolPlacements(tx: Scoped, tenantId: string, urn: number): Promise<PlacementRow[]> {
  return placements(tx, tenantId)
    .where('p.urn', '=', urn)
    .orderBy('p.academic_year', 'desc')
    .orderBy('p.decided_at', 'desc')
    .execute();
}

/** The current placement of each school placed for the year. */
export async function listCurrentPlacements(tx: Scoped, tenantId: string, academicYear: number) {
  const rows = await placements(tx, tenantId).where('p.academic_year', '=', academicYear).execute();
  return rows.filter((r) => r.current);
}

export async function insertPlacement(
  tx: Scoped,
  row: {
    tenantId: string;
    urn: number;
    academicYear: number;
    categoryId: string;
    suggestedLevel: SupportLevel | null;
    reason: string;
    decidedBy: string;
    supersedes: string | null;
  },
): Promise<string> {
  const inserted = await tx
    .insertInto('support_placements')
    .values({
      tenant_id: row.tenantId,
      urn: row.urn,
      academic_year: row.academicYear,
      category_id: row.categoryId,
      suggested_level: row.suggestedLevel,
      reason: row.reason,
      decided_by: row.decidedBy,
      supersedes: row.supersedes,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** The latest inspection of each school, with the quality of education for inspections without an overall grade. */
export async function latestInspections(tx: Scoped, urns: number[]) {
  if (urns.length === 0) return [];
  const { rows } = await sql<{
    urn: number;
    inspectionDate: string;
    overallEffectiveness: string | null;
    qualityOfEducation: string | null;
  }>`
    select distinct on (urn) urn, inspection_date::text as "inspectionDate",
           overall_effectiveness as "overallEffectiveness", quality_of_education as "qualityOfEducation"
      from ofsted_inspections where urn = any(${urns}::integer[])
     order by urn, inspection_date desc`.execute(tx);
  return rows;
}

/** Each school organisation's contact officers at this tenant, by URN. */
export async function contactOfficersByUrn(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('contact_officers as co')
    .innerJoin('organisations as o', 'o.id', 'co.organisation_id')
    .innerJoin('users as u', 'u.id', 'co.user_id')
    .select(['o.urn', 'co.user_id as userId', 'u.name'])
    .where('co.tenant_id', '=', tenantId)
    .where('o.urn', 'is not', null)
    .execute();
}
