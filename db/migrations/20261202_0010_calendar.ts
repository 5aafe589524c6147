import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const RUNTIME_ROLE = 'traded_app';

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
  // A provider's own term dates for an academic year (1 September to 31 August, named by the
  // calendar year it starts in). Years without a row use the calendar module's defaults.
  `create table term_dates (
     tenant_id uuid not null references tenants (id),
     academic_year integer not null check (academic_year between 2000 and 2199),
     autumn_starts_on date not null,
     autumn_ends_on date not null,
     spring_starts_on date not null,
     spring_ends_on date not null,
     summer_starts_on date not null,
     summer_ends_on date not null,
     updated_by uuid references users (id),
     updated_at timestamptz not null default now(),
     primary key (tenant_id, academic_year),
     constraint term_dates_inside_year check (
       autumn_starts_on >= make_date(academic_year, 9, 1)
       and summer_ends_on <= make_date(academic_year + 1, 8, 31)),
     constraint term_dates_each_term_ends_after_it_starts check (
       autumn_ends_on >= autumn_starts_on
       and spring_ends_on >= spring_starts_on
       and summer_ends_on >= summer_starts_on),
     constraint term_dates_in_order_without_overlap check (
       spring_starts_on > autumn_ends_on
       and summer_starts_on > spring_ends_on)
   )`,
  ...tenantOwned('term_dates', 'select, insert, update'),

  // The contract year type a provider uses by default for each customer class; classes without a
  // row use DEFAULT_YEAR_KIND in app/calendar/year-kind-defaults.ts.
  `create table year_kind_defaults (
     tenant_id uuid not null references tenants (id),
     customer_class text not null check (customer_class in ('own_maintained','academy','other_la_school','partner_council','independent_other')),
     year_kind text not null check (year_kind in ('academic','financial')),
     updated_by uuid references users (id),
     updated_at timestamptz not null default now(),
     primary key (tenant_id, customer_class)
   )`,
  ...tenantOwned('year_kind_defaults', 'select, insert, update'),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The calendar migration is not reversible');
}
