import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import type { VisitType } from '../tables/improvement-visits';

/** School improvement visits and what they draw on (RLS: the tenant's own rows). */

function visits(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('improvement_visits as v')
    .innerJoin('users as p', 'p.id', 'v.practitioner_id')
    .innerJoin('users as r', 'r.id', 'v.recorded_by')
    .leftJoin('users as vb', 'vb.id', 'v.voided_by')
    .leftJoin('order_lines as l', (j) =>
      j.onRef('l.tenant_id', '=', 'v.tenant_id').onRef('l.id', '=', 'v.order_line_id'),
    )
    .leftJoin('orders as o', (j) => j.onRef('o.tenant_id', '=', 'l.tenant_id').onRef('o.id', '=', 'l.order_id'))
    .leftJoin('deliveries as d', (j) => j.onRef('d.tenant_id', '=', 'v.tenant_id').onRef('d.id', '=', 'v.delivery_id'))
    .select([
      'v.id',
      'v.urn',
      'v.academic_year as academicYear',
      sql<string>`v.visited_on::text`.as('visitedOn'),
      'v.visit_type as visitType',
      'v.practitioner_id as practitionerId',
      'p.name as practitionerName',
      'v.days_hundredths as daysHundredths',
      'v.funded_hundredths as fundedHundredths',
      'v.traded_hundredths as tradedHundredths',
      'v.order_line_id as orderLineId',
      'v.delivery_id as deliveryId',
      'v.traded_day_rate_pence as tradedDayRatePence',
      'v.note',
      'v.agreed_actions as agreedActions',
      'r.name as recordedBy',
      'v.recorded_at as recordedAt',
      'v.voided_at as voidedAt',
      'vb.name as voidedBy',
      'v.void_reason as voidReason',
      'l.service_name as lineServiceName',
      'l.line_number as lineNumber',
      'o.reference as orderReference',
      'd.status as deliveryStatus',
    ])
    .where('v.tenant_id', '=', tenantId);
}

export type VisitRow = Awaited<ReturnType<typeof listSchoolVisits>>[number];

export async function listSchoolVisits(tx: Scoped, tenantId: string, urn: number, academicYear: number) {
  return visits(tx, tenantId)
    .where('v.urn', '=', urn)
    .where('v.academic_year', '=', academicYear)
    .orderBy('v.visited_on')
    .orderBy('v.recorded_at')
    .execute();
}

export async function findVisit(tx: Scoped, tenantId: string, visitId: string) {
  return visits(tx, tenantId).where('v.id', '=', visitId).executeTakeFirst();
}

/** Funded hundredths a school has drawn in a year (voided visits aside). */
export async function fundedDrawn(tx: Scoped, tenantId: string, urn: number, academicYear: number) {
  const row = await tx
    .selectFrom('improvement_visits')
    .select(sql<number>`coalesce(sum(funded_hundredths), 0)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('urn', '=', urn)
    .where('academic_year', '=', academicYear)
    .where('voided_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The same lock the database's triggers take, so reading what is left and writing the visit is one step. */
export async function lockSchoolYear(tx: Scoped, tenantId: string, urn: number, academicYear: number) {
  await sql`select improvement_entitlement_lock(${tenantId}::uuid, ${urn}::integer, ${academicYear}::integer)`.execute(
    tx,
  );
}

/** The school's current category for the year, with its funded days; undefined when not placed. */
export async function currentCategory(tx: Scoped, tenantId: string, urn: number, academicYear: number) {
  return tx
    .selectFrom('support_placements as p')
    .innerJoin('support_categories as c', (j) =>
      j.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.category_id'),
    )
    .select(['c.id', 'c.name', 'c.level', 'c.funded_days as fundedDays'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.urn', '=', urn)
    .where('p.academic_year', '=', academicYear)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('support_placements as n')
            .select(sql`1`.as('x'))
            .whereRef('n.tenant_id', '=', 'p.tenant_id')
            .whereRef('n.supersedes', '=', 'p.id'),
        ),
      ),
    )
    .executeTakeFirst();
}

/**
 * The school's accepted (active) school improvement lines with this provider, bought by the day,
 * whose contract year takes in the date.
 */
export async function schoolImprovementLines(tx: Scoped, tenantId: string, urn: number, onDate: string) {
  return tx
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', (j) => j.onRef('o.tenant_id', '=', 'l.tenant_id').onRef('o.id', '=', 'l.order_id'))
    .innerJoin('organisations as org', 'org.id', 'o.organisation_id')
    .innerJoin('services as s', (j) => j.onRef('s.tenant_id', '=', 'l.tenant_id').onRef('s.id', '=', 'l.service_id'))
    .select(['l.id', 'l.service_name as serviceName', 'l.line_number as lineNumber', 'o.reference as orderReference'])
    .where('l.tenant_id', '=', tenantId)
    .where('org.urn', '=', urn)
    .where('l.status', '=', 'active')
    .where('l.unit_kind', '=', 'day')
    .where('s.category', '=', 'school_improvement')
    .where('l.year_start', '<=', onDate)
    .where(sql<boolean>`(l.year_start + interval '1 year') > ${onDate}::date`)
    .orderBy('o.reference')
    .orderBy('l.line_number')
    .execute();
}

/** The school as a customer of this provider: its organisation and account, when it has them. */
export async function schoolAsCustomer(tx: Scoped, tenantId: string, urn: number) {
  return tx
    .selectFrom('schools as s')
    .leftJoin('organisations as org', (j) => j.onRef('org.urn', '=', 's.urn').on('org.kind', '=', 'school'))
    .leftJoin('customer_accounts as a', (j) =>
      j.onRef('a.organisation_id', '=', 'org.id').on('a.tenant_id', '=', tenantId),
    )
    .select([
      's.urn',
      's.la_code as laCode',
      's.type_group as typeGroup',
      's.type_of_establishment as typeOfEstablishment',
      'a.customer_class as accountClass',
    ])
    .where('s.urn', '=', urn)
    .executeTakeFirst();
}

/** The provider's published school improvement services sold by the day (the traded day's price). */
export async function schoolImprovementDayServices(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('services')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('category', '=', 'school_improvement')
    .where('unit_kind', '=', 'day')
    .where('status', '=', 'published')
    .orderBy('code')
    .execute();
}

export async function insertVisit(
  tx: Scoped,
  v: {
    tenantId: string;
    urn: number;
    academicYear: number;
    visitedOn: string;
    visitType: VisitType;
    practitionerId: string;
    daysHundredths: number;
    fundedHundredths: number;
    tradedHundredths: number;
    orderLineId: string | null;
    deliveryId: string | null;
    tradedDayRatePence: number | null;
    note: string;
    agreedActions: string;
    recordedBy: string;
  },
) {
  const row = await tx
    .insertInto('improvement_visits')
    .values({
      tenant_id: v.tenantId,
      urn: v.urn,
      academic_year: v.academicYear,
      visited_on: v.visitedOn,
      visit_type: v.visitType,
      practitioner_id: v.practitionerId,
      days_hundredths: v.daysHundredths,
      funded_hundredths: v.fundedHundredths,
      traded_hundredths: v.tradedHundredths,
      order_line_id: v.orderLineId,
      delivery_id: v.deliveryId,
      traded_day_rate_pence: v.tradedDayRatePence,
      note: v.note,
      agreed_actions: v.agreedActions,
      recorded_by: v.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function lockVisit(tx: Scoped, tenantId: string, visitId: string) {
  return tx
    .selectFrom('improvement_visits')
    .select(['id', 'urn', 'academic_year', 'delivery_id', 'voided_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', visitId)
    .forUpdate()
    .executeTakeFirst();
}

export async function voidVisitRow(tx: Scoped, tenantId: string, visitId: string, by: string, reason: string) {
  const result = await tx
    .updateTable('improvement_visits')
    .set({ voided_at: new Date(), voided_by: by, void_reason: reason })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', visitId)
    .where('voided_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A delivery record the school has not yet answered, voided because the visit it came from was
 * voided: the same outcome a dispute ends in when the work did not happen.
 */
export async function voidUnansweredDelivery(
  tx: Scoped,
  tenantId: string,
  deliveryId: string,
  by: string,
  note: string,
) {
  const now = new Date();
  const result = await tx
    .updateTable('deliveries')
    .set({ status: 'voided', resolution_outcome: 'voided', resolved_by: by, resolved_at: now, resolution_note: note })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deliveryId)
    .where('status', '=', 'logged')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Schools currently placed in a category (any year) that have drawn more funded hundredths than
 * `fundedDays` would give, most drawn first.
 */
export async function schoolsDrawnBeyond(tx: Scoped, tenantId: string, categoryId: string, fundedDays: number) {
  const { rows } = await sql<{ urn: number; name: string; academicYear: number; drawn: number }>`
    select p.urn, s.name, p.academic_year as "academicYear", d.drawn::int as drawn
      from support_placements p
      join schools s on s.urn = p.urn
      cross join lateral (select coalesce(sum(v.funded_hundredths), 0) as drawn from improvement_visits v
                           where v.tenant_id = p.tenant_id and v.urn = p.urn and v.academic_year = p.academic_year
                             and v.voided_at is null) d
     where p.tenant_id = ${tenantId} and p.category_id = ${categoryId}
       and not exists (select 1 from support_placements n where n.tenant_id = p.tenant_id and n.supersedes = p.id)
       and d.drawn > ${fundedDays * 100}
     order by d.drawn desc, s.name`.execute(tx);
  return rows.map((r) => ({ ...r, urn: Number(r.urn), drawn: Number(r.drawn) }));
}
