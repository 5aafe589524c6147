import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

/**
 * What a council's school improvement gave each school in each academic year, and who gave it, for
 * the impact pages. Every read is the tenant's own (RLS) except brokered support, whose delivery and
 * feedback live in the supporting provider's tenant and are read through brokered_support_progress().
 * Years are academic years by the year they end in (2027 = 2026/27); `urn` null means every school.
 */

/** A date's academic year, as the year it ends in. */
const yearOf = (column: string) =>
  sql<number>`(extract(year from ${sql.raw(column)})::int + case when extract(month from ${sql.raw(column)}) >= 9 then 1 else 0 end)`;

const forSchool = (column: string, urn: number | null) =>
  urn === null ? sql`true` : sql`${sql.raw(column)} = ${urn}::integer`;

export interface VisitSum {
  urn: number;
  academicYear: number;
  practitionerId: string;
  practitioner: string | null;
  visits: number;
  daysHundredths: number;
  fundedHundredths: number;
  tradedHundredths: number;
}

/** The council's own visits (not voided), by school, year and practitioner. */
export async function sumVisits(tx: Scoped, tenantId: string, urn: number | null): Promise<VisitSum[]> {
  const { rows } = await sql<VisitSum>`
    select v.urn, v.academic_year as "academicYear", v.practitioner_id as "practitionerId", u.name as practitioner,
           count(*)::int as visits, sum(v.days_hundredths)::int as "daysHundredths",
           sum(v.funded_hundredths)::int as "fundedHundredths", sum(v.traded_hundredths)::int as "tradedHundredths"
      from improvement_visits v
      left join users u on u.id = v.practitioner_id
     where v.tenant_id = ${tenantId} and v.voided_at is null and ${forSchool('v.urn', urn)}
     group by v.urn, v.academic_year, v.practitioner_id, u.name`.execute(tx);
  return rows.map((r) => ({ ...r, urn: Number(r.urn), academicYear: Number(r.academicYear) }));
}

export interface DeliverySum {
  urn: number;
  academicYear: number;
  practitionerId: string;
  practitioner: string | null;
  daysHundredths: number;
}

/**
 * Traded school improvement days the council delivered to each school (confirmed records on its
 * school improvement lines counted in days), leaving out the traded part of a visit, which its
 * visit already counts.
 */
export async function sumTradedDeliveries(tx: Scoped, tenantId: string, urn: number | null): Promise<DeliverySum[]> {
  const { rows } = await sql<DeliverySum>`
    select org.urn, ${yearOf('d.delivered_on')} as "academicYear", d.practitioner_id as "practitionerId",
           u.name as practitioner, sum(d.units_hundredths)::int as "daysHundredths"
      from deliveries d
      join order_lines l on l.tenant_id = d.tenant_id and l.id = d.order_line_id
      join services s on s.tenant_id = l.tenant_id and s.id = l.service_id
      join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
      join organisations org on org.id = o.organisation_id
      left join users u on u.id = d.practitioner_id
     where d.tenant_id = ${tenantId} and d.status = 'confirmed' and l.unit_kind = 'day'
       and s.category = 'school_improvement' and org.urn is not null and ${forSchool('org.urn', urn)}
       and not exists (select 1 from improvement_visits v where v.tenant_id = d.tenant_id and v.delivery_id = d.id)
     group by org.urn, 2, d.practitioner_id, u.name`.execute(tx);
  return rows.map((r) => ({ ...r, urn: Number(r.urn), academicYear: Number(r.academicYear) }));
}

export interface FeedbackRow {
  urn: number;
  academicYear: number;
  lineId: string;
  rating: number;
  whatChanged: string;
  givenOn: string;
  /** Who delivered on the line (by deliveries or visits), to credit the feedback to. */
  practitionerIds: string[];
}

/** Feedback schools gave on the council's school improvement lines, by the year it was given. */
export async function listSchoolFeedback(tx: Scoped, tenantId: string, urn: number | null): Promise<FeedbackRow[]> {
  const { rows } = await sql<FeedbackRow>`
    select org.urn, ${yearOf("(f.given_at at time zone 'Europe/London')::date")} as "academicYear",
           f.order_line_id as "lineId", f.rating, f.what_changed as "whatChanged",
           ((f.given_at at time zone 'Europe/London')::date)::text as "givenOn",
           coalesce((select array_agg(distinct p.id) from (
               select d.practitioner_id as id from deliveries d
                where d.tenant_id = l.tenant_id and d.order_line_id = l.id and d.status <> 'voided'
               union
               select v.practitioner_id from improvement_visits v
                where v.tenant_id = l.tenant_id and v.order_line_id = l.id and v.voided_at is null) p),
             '{}')::text[] as "practitionerIds"
      from feedback f
      join order_lines l on l.tenant_id = f.tenant_id and l.id = f.order_line_id
      join services s on s.tenant_id = l.tenant_id and s.id = l.service_id
      join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
      join organisations org on org.id = o.organisation_id
     where f.tenant_id = ${tenantId} and s.category = 'school_improvement'
       and org.urn is not null and ${forSchool('org.urn', urn)}
     order by f.given_at`.execute(tx);
  return rows.map((r) => ({ ...r, urn: Number(r.urn), academicYear: Number(r.academicYear) }));
}

export interface BrokeredRow {
  id: string;
  reference: string;
  urn: number;
  academicYear: number;
  providerId: string;
  provider: string;
  serviceName: string;
  daysHundredths: number;
  fundedBy: string;
  lineStatus: string | null;
  confirmedHundredths: number;
  feedbackCount: number;
  ratingSum: number;
}

/** The council's brokered support, with how each stands at its provider. */
export async function listBrokeredSupport(tx: Scoped, tenantId: string, urn: number | null): Promise<BrokeredRow[]> {
  const { rows } = await sql<BrokeredRow>`
    select b.id, b.reference, b.urn, b.academic_year as "academicYear", b.supporting_tenant_id as "providerId",
           t.name as provider, b.service_name as "serviceName", b.days_hundredths as "daysHundredths",
           b.funded_by as "fundedBy", p.line_status as "lineStatus",
           coalesce(p.confirmed_hundredths, 0)::int as "confirmedHundredths",
           coalesce(p.feedback_count, 0)::int as "feedbackCount", coalesce(p.rating_sum, 0)::int as "ratingSum"
      from brokered_supports b
      join tenants t on t.id = b.supporting_tenant_id
      left join brokered_support_progress() p on p.brokerage_id = b.id
     where b.tenant_id = ${tenantId} and ${forSchool('b.urn', urn)}
     order by b.academic_year, b.brokered_at`.execute(tx);
  return rows.map((r) => ({ ...r, urn: Number(r.urn), academicYear: Number(r.academicYear) }));
}

export interface ReviewSum {
  urn: number;
  academicYear: number;
  reviews: number;
  actions: number;
  completed: number;
  overdue: number;
}

/** Progress review groups by school and year, with their actions open, complete and overdue. */
export async function sumReviews(
  tx: Scoped,
  tenantId: string,
  urn: number | null,
  today: string,
): Promise<ReviewSum[]> {
  const { rows } = await sql<ReviewSum>`
    select r.urn, r.academic_year as "academicYear", count(distinct r.id)::int as reviews, count(a.id)::int as actions,
           count(a.completed_on)::int as completed,
           count(a.id) filter (where a.completed_on is null and a.due_on < ${today}::date)::int as overdue
      from progress_reviews r
      left join progress_review_actions a on a.tenant_id = r.tenant_id and a.review_id = r.id
     where r.tenant_id = ${tenantId} and ${forSchool('r.urn', urn)}
     group by r.urn, r.academic_year`.execute(tx);
  return rows.map((r) => ({ ...r, urn: Number(r.urn), academicYear: Number(r.academicYear) }));
}

export interface PlacementSum {
  urn: number;
  academicYear: number;
  level: string;
  categoryName: string;
  reason: string;
}

/** Each school's current placement per year. */
export async function currentPlacements(tx: Scoped, tenantId: string, urn: number | null): Promise<PlacementSum[]> {
  const { rows } = await sql<PlacementSum>`
    select p.urn, p.academic_year as "academicYear", c.level, c.name as "categoryName", p.reason
      from support_placements p
      join support_categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
     where p.tenant_id = ${tenantId} and ${forSchool('p.urn', urn)}
       and not exists (select 1 from support_placements later
                        where later.tenant_id = p.tenant_id and later.supersedes = p.id)`.execute(tx);
  return rows.map((r) => ({ ...r, urn: Number(r.urn), academicYear: Number(r.academicYear) }));
}

export interface ResultRow {
  urn: number;
  academicYear: number;
  ptrwmExp: number | null;
  ptrwmHigh: number | null;
  readProg: number | null;
  writProg: number | null;
  matProg: number | null;
  eligiblePupils: number | null;
}

/** KS2 results of these schools, every year (national reference data). */
export async function resultsOf(tx: Scoped, urns: number[]): Promise<ResultRow[]> {
  if (urns.length === 0) return [];
  const { rows } = await sql<ResultRow>`
    select urn, academic_year as "academicYear", ptrwm_exp::float8 as "ptrwmExp", ptrwm_high::float8 as "ptrwmHigh",
           read_prog::float8 as "readProg", writ_prog::float8 as "writProg", mat_prog::float8 as "matProg",
           eligible_pupils as "eligiblePupils"
      from ks2_results where urn = any(${urns}::integer[])`.execute(tx);
  return rows.map((r) => ({ ...r, urn: Number(r.urn), academicYear: Number(r.academicYear) }));
}

/** The names of these schools. */
export async function schoolNames(tx: Scoped, urns: number[]): Promise<Map<number, string>> {
  if (urns.length === 0) return new Map();
  const { rows } = await sql<{ urn: number; name: string }>`
    select urn, name from schools where urn = any(${urns}::integer[])`.execute(tx);
  return new Map(rows.map((r) => [Number(r.urn), r.name]));
}
