import { sql } from 'kysely';
import type { UnitKind } from '../schema';
import type { Scoped } from '../scope.server';

/** A financial year's first and last days (1 April to 31 March). */
export interface YearRange {
  start: string;
  end: string;
}

export interface IncomeCell {
  /** Null for lines billed without a service (manual lines), which count as "Other". */
  serviceId: string | null;
  /** yyyy-mm of the document's tax point. */
  month: string;
  netPence: number;
}

/**
 * Income for a year, net of VAT, by service and month of tax point: final (not void) invoices and
 * recharges add, final credit notes take away. A credit line counts for the service of the line it
 * credits, in the month of the credit note.
 */
export async function listIncomeByServiceAndMonth(tx: Scoped, tenantId: string, year: YearRange) {
  const { rows } = await sql<IncomeCell>`
    select ol.service_id as "serviceId", to_char(d.tax_point, 'YYYY-MM') as month,
           sum(case when d.kind = 'credit_note' then -l.net_pence else l.net_pence end)::bigint as "netPence"
      from billing_documents d
      join billing_document_lines l on l.tenant_id = d.tenant_id and l.document_id = d.id
      left join billing_document_lines credited on credited.tenant_id = l.tenant_id and credited.id = l.credits_line_id
      left join order_lines ol on ol.tenant_id = l.tenant_id
                              and ol.id = coalesce(l.order_line_id, credited.order_line_id)
     where d.tenant_id = ${tenantId} and d.status = 'final'
       and d.tax_point between ${year.start}::date and ${year.end}::date
     group by 1, 2
     order by 2, 1`.execute(tx);
  return rows;
}

export interface ServiceCostFacts {
  serviceId: string;
  code: string;
  name: string;
  status: string;
  incomeBudgetPence: number | null;
  costPence: number | null;
  costPerUnitPence: number | null;
  /** The service's own cost model (salary, productive days, overhead) and unit, for a cost per unit. */
  unitKind: UnitKind;
  unitHours: number | null;
  salaryPence: number | null;
  productiveDays: number | null;
  overheadBasisPoints: number | null;
  /** Hundredths of a unit delivered in the year (records not voided), for the cost per unit. */
  deliveredHundredths: number;
}

/** Every service with its budget and cost for the year (null where not set) and the units delivered in it. */
export async function listServiceCosts(tx: Scoped, tenantId: string, year: YearRange) {
  const { rows } = await sql<ServiceCostFacts>`
    select s.id as "serviceId", s.code, s.name, s.status,
           b.income_budget_pence as "incomeBudgetPence", b.cost_pence as "costPence",
           b.cost_per_unit_pence as "costPerUnitPence",
           s.unit_kind as "unitKind", s.unit_hours::float8 as "unitHours",
           s.cost_salary_pence as "salaryPence", s.cost_productive_days as "productiveDays",
           s.cost_overhead_basis_points as "overheadBasisPoints",
           coalesce((select sum(dl.units_hundredths) from deliveries dl
                       join order_lines ol on ol.tenant_id = dl.tenant_id and ol.id = dl.order_line_id
                      where dl.tenant_id = s.tenant_id and ol.service_id = s.id and dl.status <> 'voided'
                        and dl.delivered_on between ${year.start}::date and ${year.end}::date), 0)::bigint
             as "deliveredHundredths"
      from services s
      left join service_budgets b on b.tenant_id = s.tenant_id and b.service_id = s.id
                                 and b.year_start = ${year.start}::date
     where s.tenant_id = ${tenantId}
     order by s.name, s.code`.execute(tx);
  return rows;
}

export interface TakeUpFacts {
  organisationId: string;
  organisationName: string;
  serviceId: string;
  /** The financial year (its first calendar year) the lines' contract years start in. */
  yearStart: number;
  lines: number;
  orderedPence: number;
}

/**
 * Who bought what in two financial years: order lines taken up (active or completed), each counted
 * in the financial year its contract year starts in, by customer and service.
 */
export async function listTakeUp(tx: Scoped, tenantId: string, from: YearRange, to: YearRange) {
  const { rows } = await sql<TakeUpFacts>`
    select o.organisation_id as "organisationId", org.name as "organisationName", ol.service_id as "serviceId",
           (extract(year from ol.year_start)::int - case when extract(month from ol.year_start) < 4 then 1 else 0 end)
             as "yearStart",
           count(*)::int as lines, sum(ol.total_pence)::bigint as "orderedPence"
      from order_lines ol
      join orders o on o.tenant_id = ol.tenant_id and o.id = ol.order_id
      join organisations org on org.id = o.organisation_id
     where ol.tenant_id = ${tenantId} and ol.status in ('active', 'completed')
       and ol.year_start between ${from.start}::date and ${to.end}::date
     group by 1, 2, 3, 4
     order by 2, 1, 3, 4`.execute(tx);
  return rows;
}

export interface BudgetRow {
  serviceId: string;
  incomeBudgetPence: number | null;
  costPence: number | null;
  costPerUnitPence: number | null;
}

/** The budgets already set for a year; `lock` holds them while a change is compared and written. */
export async function listBudgets(tx: Scoped, tenantId: string, yearStart: string, lock = false) {
  const query = tx
    .selectFrom('service_budgets')
    .select([
      'service_id as serviceId',
      'income_budget_pence as incomeBudgetPence',
      'cost_pence as costPence',
      'cost_per_unit_pence as costPerUnitPence',
    ])
    .where('tenant_id', '=', tenantId)
    .where('year_start', '=', yearStart);
  return (lock ? query.forUpdate() : query).execute();
}

/** Sets one service's budget and cost for a year, whether or not one was set before. */
export async function upsertBudget(
  tx: Scoped,
  tenantId: string,
  yearStart: string,
  row: BudgetRow,
  updatedBy: string | null,
) {
  const values = {
    income_budget_pence: row.incomeBudgetPence,
    cost_pence: row.costPence,
    cost_per_unit_pence: row.costPerUnitPence,
    updated_by: updatedBy,
  };
  await tx
    .insertInto('service_budgets')
    .values({ tenant_id: tenantId, service_id: row.serviceId, year_start: yearStart, ...values })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'service_id', 'year_start']).doUpdateSet({ ...values, updated_at: sql`now()` }),
    )
    .execute();
}

/** The services a budget can be set for, by name: every one, since a retired service may still earn in the year. */
export async function listBudgetServices(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('services')
    .select(['id', 'code', 'name', 'status', 'unit_kind as unitKind'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .orderBy('code')
    .execute();
}
