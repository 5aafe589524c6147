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
  // A framework between a provider authority and a commissioning council over contract years,
  // with its own agreed charges. Commissioned lines are orders that belong to it.
  `create table agreements (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     reference text not null,
     commissioner_organisation_id uuid not null references organisations (id),
     title text not null check (length(title) between 1 and 200),
     year_kind text not null check (year_kind in ('academic','financial')),
     first_year_start date not null,
     years integer not null check (years between 1 and 5),
     status text not null default 'active' check (status in ('active','ended')),
     provider_contact_name text not null,
     provider_contact_email text not null,
     commissioner_contact_name text not null,
     commissioner_contact_email text not null,
     notes text not null default '',
     created_by uuid references users (id),
     created_at timestamptz not null default now(),
     primary key (tenant_id, id),
     unique (tenant_id, reference)
   )`,
  ...tenantOwned('agreements', 'select, insert, update'),
  `create policy commissioner_agreements on agreements for select to ${RUNTIME_ROLE}
     using (commissioner_organisation_id in (select buyer_organisation_ids()))`,

  `create table agreement_prices (
     tenant_id uuid not null,
     agreement_id uuid not null,
     service_id uuid not null,
     price jsonb not null,
     primary key (tenant_id, agreement_id, service_id),
     foreign key (tenant_id, agreement_id) references agreements (tenant_id, id),
     foreign key (tenant_id, service_id) references services (tenant_id, id)
   )`,
  ...tenantOwned('agreement_prices', 'select, insert, update'),
  `create policy commissioner_prices on agreement_prices for select to ${RUNTIME_ROLE}
     using (exists (select 1 from agreements a where a.tenant_id = agreement_prices.tenant_id and a.id = agreement_prices.agreement_id))`,

  `alter table orders add column agreement_id uuid`,
  `alter table orders add column proposed_by text not null default 'buyer' check (proposed_by in ('buyer','provider'))`,
  `alter table orders add constraint orders_agreement_fk foreign key (tenant_id, agreement_id) references agreements (tenant_id, id)`,
  `alter table orders add column period text not null default ''`,
  `alter table order_lines alter column schedule_id drop not null`,

  `create or replace function next_agreement_reference(p_tenant uuid) returns text
     language plpgsql security definer set search_path = public as $$
     declare n integer;
     begin
       select count(*) + 1 into n from agreements where tenant_id = p_tenant;
       return 'AGR-' || lpad(n::text, 3, '0');
     end $$`,
  `revoke all on function next_agreement_reference(uuid) from public`,
  `grant execute on function next_agreement_reference(uuid) to ${RUNTIME_ROLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The agreements migration is not reversible');
}
