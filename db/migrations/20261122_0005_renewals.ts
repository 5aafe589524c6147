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
  // The buy-back window: when schools renew their subscriptions for the next contract year.
  `create table renewal_windows (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     year_kind text not null check (year_kind in ('academic','financial')),
     year_start date not null,
     opens_on date not null,
     closes_on date not null,
     note text not null default '',
     created_by uuid references users (id),
     created_at timestamptz not null default now(),
     primary key (tenant_id, id),
     unique (tenant_id, year_kind, year_start),
     check (closes_on >= opens_on)
   )`,
  ...tenantOwned('renewal_windows', 'select, insert, update'),
  `create policy buyer_windows on renewal_windows for select to ${RUNTIME_ROLE}
     using (app_organisation_id() is not null and exists (select 1 from services s where s.tenant_id = renewal_windows.tenant_id))`,

  `create table renewal_responses (
     tenant_id uuid not null,
     window_id uuid not null,
     previous_line_id uuid not null,
     organisation_id uuid not null references organisations (id),
     decision text not null check (decision in ('renewed','dropped')),
     new_order_id uuid,
     decided_by uuid not null references users (id),
     decided_at timestamptz not null default now(),
     primary key (tenant_id, window_id, previous_line_id),
     foreign key (tenant_id, window_id) references renewal_windows (tenant_id, id),
     foreign key (tenant_id, previous_line_id) references order_lines (tenant_id, id),
     foreign key (tenant_id, new_order_id) references orders (tenant_id, id)
   )`,
  ...tenantOwned('renewal_responses', 'select'),
  `create policy buyer_responses on renewal_responses for all to ${RUNTIME_ROLE}
     using (organisation_id in (select buyer_organisation_ids()))
     with check (organisation_id in (select buyer_organisation_ids()) and decided_by = app_user_id())`,
  `grant insert on renewal_responses to ${RUNTIME_ROLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The renewals migration is not reversible');
}
