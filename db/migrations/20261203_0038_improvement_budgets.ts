import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 13: the school improvement budget per year. A council's school improvement service sets
// the year's budget (pence) and how a core day of its funded entitlement is costed: by one of its
// own services' cost (the cost per unit set for the financial year in service_budgets, or else the
// service's cost model, as the income page's cost recovery reads it: one cost model, not two), or
// by a cost per day set here directly, or neither (core days then show as not costed). Each change
// is a new version naming the one it supersedes (append-only: who and when), so the current budget
// is the one nothing supersedes, even when two people save at once.

const RUNTIME_ROLE = 'traded_app';

/** At most £1,000,000,000.00, as service_budgets allows. */
const MAX_PENCE = 100_000_000_000;

function tenantOwned(table: string, privileges: string): string[] {
  return [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy tenant_isolation on ${table} for all to ${RUNTIME_ROLE}
       using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())`,
    `grant ${privileges} on ${table} to ${RUNTIME_ROLE}`,
  ];
}

const statements: string[] = [
  `create table improvement_budgets (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     academic_year smallint not null check (academic_year between 2000 and 2100),
     budget_pence bigint not null check (budget_pence between 0 and ${MAX_PENCE}),
     cost_service_id uuid,
     cost_per_day_pence bigint check (cost_per_day_pence between 0 and ${MAX_PENCE}),
     set_by uuid not null references users (id),
     set_at timestamptz not null default now(),
     supersedes uuid,
     primary key (tenant_id, id),
     foreign key (tenant_id, cost_service_id) references services (tenant_id, id),
     foreign key (tenant_id, supersedes) references improvement_budgets (tenant_id, id),
     unique (tenant_id, supersedes),
     check (cost_service_id is null or cost_per_day_pence is null)
   )`,
  `create unique index improvement_budgets_first on improvement_budgets (tenant_id, academic_year)
     where supersedes is null`,
  ...tenantOwned('improvement_budgets', 'select, insert'),
  `create function improvement_budget_supersedes_same() returns trigger language plpgsql set search_path = public as $$
     begin
       if new.supersedes is not null and not exists (
         select 1 from improvement_budgets b
          where b.tenant_id = new.tenant_id and b.id = new.supersedes
            and b.academic_year = new.academic_year) then
         raise exception 'a budget can only supersede one of the same year';
       end if;
       return new;
     end $$`,
  `create trigger improvement_budgets_same_year before insert on improvement_budgets
     for each row execute function improvement_budget_supersedes_same()`,
  `create function refuse_improvement_budget_change() returns trigger language plpgsql set search_path = public as $$
     begin
       raise exception 'improvement budgets are append-only: set a new version instead';
     end $$`,
  `create trigger improvement_budgets_append_only before update or delete on improvement_budgets
     for each row execute function refuse_improvement_budget_change()`,

  // Brokered support the authority funds is spent as the supporting provider's confirmed days: the
  // calling council's brokerages for a year, their confirmed days by month delivered (the
  // deliveries live in the supporting provider's tenant, which the council cannot read itself).
  // It counts as brokered_support_progress() (migration 0036) does, so the two always agree.
  `create function brokered_support_confirmed_by_month(p_academic_year smallint)
     returns table (brokerage_id uuid, month text, confirmed_hundredths integer)
     language sql stable security definer set search_path = public as $$
     select b.id, to_char(d.delivered_on, 'YYYY-MM'), sum(d.units_hundredths)::integer
       from brokered_supports b
       join deliveries d on d.tenant_id = b.supporting_tenant_id and d.order_line_id = b.order_line_id
                        and d.status = 'confirmed'
      where b.tenant_id = app_tenant_id() and app_tenant_id() is not null
        and b.academic_year = p_academic_year
      group by 1, 2 $$`,
  `revoke all on function brokered_support_confirmed_by_month(smallint) from public`,
  `grant execute on function brokered_support_confirmed_by_month(smallint) to ${RUNTIME_ROLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
