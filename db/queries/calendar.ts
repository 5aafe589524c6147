import type { Scoped } from '../scope.server';
import type { CustomerClass, YearKind } from '../schema';
import { DEFAULT_YEAR_KIND } from '../../app/calendar/year-kind-defaults';
import type { AcademicYearTerms } from '../../app/calendar/terms';

/** The contract year type a tenant uses by default for a customer class. */
export async function findYearKindDefault(
  tx: Scoped,
  tenantId: string,
  customerClass: CustomerClass,
): Promise<YearKind> {
  const row = await tx
    .selectFrom('year_kind_defaults')
    .select('year_kind')
    .where('tenant_id', '=', tenantId)
    .where('customer_class', '=', customerClass)
    .executeTakeFirst();
  return row?.year_kind ?? DEFAULT_YEAR_KIND[customerClass];
}

/** The year type for every customer class: the tenant's own where set, the defaults elsewhere. */
export async function listYearKindDefaults(tx: Scoped, tenantId: string): Promise<Record<CustomerClass, YearKind>> {
  const rows = await tx
    .selectFrom('year_kind_defaults')
    .select(['customer_class', 'year_kind'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const kinds = { ...DEFAULT_YEAR_KIND };
  for (const row of rows) kinds[row.customer_class] = row.year_kind;
  return kinds;
}

export async function upsertYearKindDefaults(
  tx: Scoped,
  tenantId: string,
  kinds: Record<CustomerClass, YearKind>,
  userId: string | null,
): Promise<void> {
  await tx
    .insertInto('year_kind_defaults')
    .values(
      (Object.keys(kinds) as CustomerClass[]).map((customerClass) => ({
        tenant_id: tenantId,
        customer_class: customerClass,
        year_kind: kinds[customerClass],
        updated_by: userId,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'customer_class']).doUpdateSet((eb) => ({
        year_kind: eb.ref('excluded.year_kind'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: new Date(),
      })),
    )
    .execute();
}

/** The term dates a tenant has set itself for these academic years (years without a row have none). */
export async function listTermDates(
  tx: Scoped,
  tenantId: string,
  academicYears: readonly number[],
): Promise<AcademicYearTerms[]> {
  if (academicYears.length === 0) return [];
  const rows = await tx
    .selectFrom('term_dates')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('academic_year', 'in', [...academicYears])
    .orderBy('academic_year')
    .execute();
  return rows.map((r) => ({
    academicYear: r.academic_year,
    autumn: { start: r.autumn_starts_on, end: r.autumn_ends_on },
    spring: { start: r.spring_starts_on, end: r.spring_ends_on },
    summer: { start: r.summer_starts_on, end: r.summer_ends_on },
  }));
}

export async function upsertTermDates(
  tx: Scoped,
  tenantId: string,
  terms: AcademicYearTerms,
  userId: string | null,
): Promise<void> {
  const dates = {
    autumn_starts_on: terms.autumn.start,
    autumn_ends_on: terms.autumn.end,
    spring_starts_on: terms.spring.start,
    spring_ends_on: terms.spring.end,
    summer_starts_on: terms.summer.start,
    summer_ends_on: terms.summer.end,
  };
  await tx
    .insertInto('term_dates')
    .values({ tenant_id: tenantId, academic_year: terms.academicYear, ...dates, updated_by: userId })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'academic_year']).doUpdateSet({ ...dates, updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}

/** Stores term dates for years that have none yet; a year the tenant has set keeps its dates. */
export async function insertTermDatesIfMissing(
  tx: Scoped,
  tenantId: string,
  years: readonly AcademicYearTerms[],
): Promise<void> {
  if (years.length === 0) return;
  await tx
    .insertInto('term_dates')
    .values(
      years.map((t) => ({
        tenant_id: tenantId,
        academic_year: t.academicYear,
        autumn_starts_on: t.autumn.start,
        autumn_ends_on: t.autumn.end,
        spring_starts_on: t.spring.start,
        spring_ends_on: t.spring.end,
        summer_starts_on: t.summer.start,
        summer_ends_on: t.summer.end,
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'academic_year']).doNothing())
    .execute();
}
