import { sql } from 'kysely';
import type { UnitKind } from '../schema';
import type { Scoped } from '../scope.server';
import type { SupportLevel } from '../tables/support-categories';

/** A council's school improvement budget and what it is spent on (RLS: the tenant's own). */

export interface BudgetVersion {
  id: string;
  academicYear: number;
  budgetPence: number;
  costServiceId: string | null;
  costServiceName: string | null;
  costPerDayPence: number | null;
  setBy: string;
  setAt: Date;
  current: boolean;
}

/** Every version of the year's budget, newest first; the current one is the one nothing supersedes. */
export async function listBudgetVersions(tx: Scoped, tenantId: string, academicYear: number, lock = false) {
  const { rows } = await sql<BudgetVersion>`
    select b.id, b.academic_year as "academicYear", b.budget_pence as "budgetPence",
           b.cost_service_id as "costServiceId", s.name as "costServiceName",
           b.cost_per_day_pence as "costPerDayPence", u.name as "setBy", b.set_at as "setAt",
           not exists (select 1 from improvement_budgets later
                        where later.tenant_id = b.tenant_id and later.supersedes = b.id) as current
      from improvement_budgets b
      join users u on u.id = b.set_by
      left join services s on s.tenant_id = b.tenant_id and s.id = b.cost_service_id
     where b.tenant_id = ${tenantId} and b.academic_year = ${academicYear}
     order by b.set_at desc, b.id
     ${lock ? sql`for update of b` : sql``}`.execute(tx);
  return rows;
}

export async function insertBudgetVersion(
  tx: Scoped,
  tenantId: string,
  values: {
    academicYear: number;
    budgetPence: number;
    costServiceId: string | null;
    costPerDayPence: number | null;
    supersedes: string | null;
  },
  userId: string,
): Promise<string> {
  const row = await tx
    .insertInto('improvement_budgets')
    .values({
      tenant_id: tenantId,
      academic_year: values.academicYear,
      budget_pence: values.budgetPence,
      cost_service_id: values.costServiceId,
      cost_per_day_pence: values.costPerDayPence,
      supersedes: values.supersedes,
      set_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface CostService {
  id: string;
  name: string;
  category: string;
  unitKind: UnitKind;
  unitHours: number | null;
  costPerUnitPence: number | null;
  salaryPence: number | null;
  productiveDays: number | null;
  overheadBasisPoints: number | null;
}

/**
 * The tenant's services delivered in time (hours, sessions, days), whose cost can price a core
 * day, with the cost per unit set for the financial year starting `yearStart` and their cost model.
 */
export async function listCostServices(tx: Scoped, tenantId: string, yearStart: string) {
  const { rows } = await sql<CostService>`
    select s.id, s.name, s.category, s.unit_kind as "unitKind", s.unit_hours::float8 as "unitHours",
           b.cost_per_unit_pence as "costPerUnitPence", s.cost_salary_pence as "salaryPence",
           s.cost_productive_days as "productiveDays", s.cost_overhead_basis_points as "overheadBasisPoints"
      from services s
      left join service_budgets b on b.tenant_id = s.tenant_id and b.service_id = s.id
                                 and b.year_start = ${yearStart}::date
     where s.tenant_id = ${tenantId} and s.unit_kind in ('hour', 'session', 'day')
     order by s.name, s.id`.execute(tx);
  return rows;
}

/** The current placement of each school for the year, with its category's level and funded days. */
const currentPlacements = (tenantId: string, academicYear: number) => sql`
  select p.urn, c.level, c.funded_days
    from support_placements p
    join support_categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
   where p.tenant_id = ${tenantId} and p.academic_year = ${academicYear}
     and not exists (select 1 from support_placements later
                      where later.tenant_id = p.tenant_id and later.supersedes = p.id)`;

export interface CoreDrawnRow {
  level: SupportLevel | null;
  month: string;
  fundedHundredths: number;
}

/** Funded days drawn by the year's visits (not voided), by the school's current category and month. */
export async function listCoreDrawn(tx: Scoped, tenantId: string, academicYear: number) {
  const { rows } = await sql<CoreDrawnRow>`
    with placed as (${currentPlacements(tenantId, academicYear)})
    select placed.level, to_char(v.visited_on, 'YYYY-MM') as month,
           sum(v.funded_hundredths)::bigint as "fundedHundredths"
      from improvement_visits v
      left join placed on placed.urn = v.urn
     where v.tenant_id = ${tenantId} and v.academic_year = ${academicYear}
       and v.voided_at is null and v.funded_hundredths > 0
     group by 1, 2
     order by 2, 1`.execute(tx);
  return rows;
}

export interface EntitlementRow {
  level: SupportLevel;
  fundedDays: number;
  drawnHundredths: number;
}

/** Each placed school's funded days for the year and what its visits (not voided) have drawn. */
export async function listEntitlements(tx: Scoped, tenantId: string, academicYear: number) {
  const { rows } = await sql<EntitlementRow>`
    with placed as (${currentPlacements(tenantId, academicYear)})
    select placed.level, placed.funded_days as "fundedDays",
           coalesce((select sum(v.funded_hundredths) from improvement_visits v
                      where v.tenant_id = ${tenantId} and v.urn = placed.urn
                        and v.academic_year = ${academicYear} and v.voided_at is null), 0)::bigint
             as "drawnHundredths"
      from placed`.execute(tx);
  return rows;
}

export interface BrokeredFundingRow {
  id: string;
  daysHundredths: number;
  dayRatePence: number;
  lineStatus: string | null;
  /** What cancelling its line cost (a late withdrawal's charge), and the month it was cancelled in. */
  cancellationChargePence: number;
  cancelledMonth: string | null;
}

/** The year's brokered support funded by the authority, with how its line stands in the supporting provider. */
export async function listAuthorityBrokerages(tx: Scoped, tenantId: string, academicYear: number) {
  const { rows } = await sql<BrokeredFundingRow>`
    select b.id, b.days_hundredths as "daysHundredths", b.day_rate_pence as "dayRatePence",
           p.line_status as "lineStatus",
           coalesce(p.cancellation_charge_pence, 0)::integer as "cancellationChargePence",
           case when p.line_status = 'cancelled'
                then to_char(coalesce(p.withdrawn_at, now()) at time zone 'Europe/London', 'YYYY-MM') end as "cancelledMonth"
      from brokered_supports b
      left join brokered_support_progress() p on p.brokerage_id = b.id
     where b.tenant_id = ${tenantId} and b.academic_year = ${academicYear} and b.funded_by = 'authority'
     order by b.brokered_at, b.id`.execute(tx);
  return rows;
}

export interface BrokeredConfirmedRow {
  brokerageId: string;
  month: string;
  confirmedHundredths: number;
}

/** Confirmed days of the council's brokerages for the year, by month delivered. */
export async function listBrokeredConfirmed(tx: Scoped, academicYear: number) {
  const { rows } = await sql<BrokeredConfirmedRow>`
    select brokerage_id as "brokerageId", month, confirmed_hundredths as "confirmedHundredths"
      from brokered_support_confirmed_by_month(${academicYear}::smallint)`.execute(tx);
  return rows;
}
