import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// Service budgets and cost models per year, for cost recovery (issue 10).

const RUNTIME_ROLE = 'traded_app';

/** At most £1,000,000,000.00: far beyond any service, and well inside JavaScript's safe integers. */
const MAX_PENCE = 100_000_000_000;

const statements: string[] = [
  // What the provider expects a service to earn in a financial year, and what delivering it costs:
  // a yearly cost (staff, on-costs, overheads) and, optionally, a cost for each unit delivered.
  // Blank means not set. A plan, not a financial fact: it may be changed, each change audited, but
  // never deleted by the runtime role (its money columns say so).
  `create table service_budgets (
     tenant_id uuid not null references tenants (id),
     service_id uuid not null,
     year_start date not null check (extract(month from year_start) = 4 and extract(day from year_start) = 1),
     income_budget_pence bigint check (income_budget_pence between 0 and ${MAX_PENCE}),
     cost_pence bigint check (cost_pence between 0 and ${MAX_PENCE}),
     cost_per_unit_pence bigint check (cost_per_unit_pence between 0 and ${MAX_PENCE}),
     updated_by uuid references users (id),
     updated_at timestamptz not null default now(),
     primary key (tenant_id, service_id, year_start),
     foreign key (tenant_id, service_id) references services (tenant_id, id)
   )`,
  `alter table service_budgets enable row level security`,
  `alter table service_budgets force row level security`,
  `create policy tenant_isolation on service_budgets for all to ${RUNTIME_ROLE}
     using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())`,
  `grant select, insert on service_budgets to ${RUNTIME_ROLE}`,
  `grant update (income_budget_pence, cost_pence, cost_per_unit_pence, updated_by, updated_at) on service_budgets to ${RUNTIME_ROLE}`,

  // Income reads final documents by tax point, and take-up reads lines by contract year.
  `create index billing_documents_final_by_tax_point on billing_documents (tenant_id, tax_point) where status = 'final'`,
  `create index order_lines_by_year_start on order_lines (tenant_id, year_start)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
