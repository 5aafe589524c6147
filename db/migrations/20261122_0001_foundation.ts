import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const RUNTIME_ROLE = 'traded_app';

/** ENABLE + FORCE row-level security with a fail-closed tenant policy (no tenant set: no rows). */
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
  `do $$ begin
     create role ${RUNTIME_ROLE} nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
   exception when duplicate_object then null;
   end $$`,
  // The connecting (owner) role must be able to SET ROLE to the runtime role.
  `do $$ begin
     if not (select rolsuper from pg_roles where rolname = current_user) then
       execute format('grant ${RUNTIME_ROLE} to %I', current_user);
     end if;
   end $$`,
  `grant usage on schema public to ${RUNTIME_ROLE}`,

  `create function app_tenant_id() returns uuid language sql stable
     as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$`,
  `create function app_user_id() returns uuid language sql stable
     as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$`,
  `create function app_organisation_id() returns uuid language sql stable
     as $$ select nullif(current_setting('app.organisation_id', true), '')::uuid $$`,

  // National reference data (a Citus reference table): Get Information about Schools.
  `create table schools (
     urn integer primary key check (urn > 0),
     la_code text not null check (la_code ~ '^[0-9]{3}$'),
     la_name text,
     establishment_number text,
     name text not null,
     type_of_establishment text,
     type_group text not null check (type_group in ('la_maintained','academy','free_school','special','independent','other')),
     status text not null,
     phase text,
     pupils integer check (pupils >= 0),
     trust_code text,
     trust_name text,
     street text,
     town text,
     postcode text,
     open_date date,
     imported_at timestamptz not null default now()
   )`,
  `create index schools_la_code on schools (la_code)`,
  `grant select on schools to ${RUNTIME_ROLE}`,

  // Buyers and providers alike are organisations: schools, trusts and councils.
  `create table organisations (
     id uuid primary key default gen_random_uuid(),
     kind text not null check (kind in ('school','trust','council')),
     name text not null,
     urn integer unique references schools (urn),
     la_code text check (la_code ~ '^[0-9]{3}$'),
     trust_id uuid references organisations (id),
     trust_key text unique,
     created_at timestamptz not null default now(),
     check ((kind = 'school') = (urn is not null)),
     check ((kind = 'trust') = (trust_key is not null))
   )`,
  `create unique index organisations_council_la on organisations (la_code) where kind = 'council'`,
  `create index organisations_trust on organisations (trust_id)`,
  `grant select on organisations to ${RUNTIME_ROLE}`,

  `create table tenants (
     id uuid primary key default gen_random_uuid(),
     slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
     name text not null,
     organisation_id uuid not null unique references organisations (id),
     la_code text not null check (la_code ~ '^[0-9]{3}$'),
     address text not null,
     postcode text not null,
     vat_number text,
     vat_number_is_demo boolean not null default false,
     payment_terms_days integer not null default 30 check (payment_terms_days between 0 and 365),
     invoice_prefix text not null,
     contact_email text not null,
     created_at timestamptz not null default now()
   )`,
  `grant select on tenants to ${RUNTIME_ROLE}`,

  // Platform identity: people and their sessions span organisations.
  `create table users (
     id uuid primary key default gen_random_uuid(),
     email text not null,
     name text not null,
     password_hash text,
     created_at timestamptz not null default now(),
     password_changed_at timestamptz
   )`,
  `create unique index users_email on users (lower(email))`,
  `grant select, insert, update on users to ${RUNTIME_ROLE}`,

  `create table sessions (
     id text primary key,
     user_id uuid not null references users (id) on delete cascade,
     created_at timestamptz not null default now(),
     expires_at timestamptz not null,
     absolute_expires_at timestamptz not null,
     active_context text
   )`,
  `create index sessions_user on sessions (user_id)`,
  `grant select, insert, update, delete on sessions to ${RUNTIME_ROLE}`,

  `create table sign_in_attempts (
     id bigint generated always as identity primary key,
     email text not null,
     address text not null,
     succeeded boolean not null,
     attempted_at timestamptz not null default now()
   )`,
  `create index sign_in_attempts_email on sign_in_attempts (lower(email), attempted_at)`,
  `create index sign_in_attempts_address on sign_in_attempts (address, attempted_at)`,
  `grant select, insert on sign_in_attempts to ${RUNTIME_ROLE}`,

  // Buyer-side roles: a person acting for a school, trust or council.
  `create table organisation_memberships (
     organisation_id uuid not null references organisations (id),
     user_id uuid not null references users (id),
     role text not null check (role in ('business_manager','approver','trust_finance','council_commissioner')),
     created_at timestamptz not null default now(),
     primary key (organisation_id, user_id)
   )`,
  `create index organisation_memberships_user on organisation_memberships (user_id)`,
  `alter table organisation_memberships enable row level security`,
  `alter table organisation_memberships force row level security`,
  `create policy own_memberships on organisation_memberships for select to ${RUNTIME_ROLE}
     using (user_id = app_user_id() or organisation_id = app_organisation_id())`,
  `grant select on organisation_memberships to ${RUNTIME_ROLE}`,

  // Tenant-owned tables: tenant_id leads every key.
  `create table tenant_memberships (
     tenant_id uuid not null references tenants (id),
     user_id uuid not null references users (id),
     role text not null check (role in ('admin','service_manager','practitioner','finance')),
     created_at timestamptz not null default now(),
     primary key (tenant_id, user_id)
   )`,
  `create index tenant_memberships_user on tenant_memberships (user_id)`,
  ...tenantOwned('tenant_memberships', 'select, insert, update, delete'),
  // A person may list their own memberships across tenants (to switch between them), nothing more.
  `create policy own_memberships on tenant_memberships for select to ${RUNTIME_ROLE}
     using (user_id = app_user_id())`,

  `create table invitations (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     email text not null,
     role text not null check (role in ('admin','service_manager','practitioner','finance')),
     token_hash text not null unique,
     invited_by uuid references users (id),
     created_at timestamptz not null default now(),
     expires_at timestamptz not null,
     accepted_at timestamptz,
     revoked_at timestamptz,
     primary key (tenant_id, id)
   )`,
  ...tenantOwned('invitations', 'select, insert, update'),

  `create table customer_accounts (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     organisation_id uuid not null references organisations (id),
     customer_class text not null check (customer_class in ('own_maintained','academy','other_la_school','partner_council','independent_other')),
     settlement_method text not null check (settlement_method in ('recharge','invoice')),
     po_required boolean not null default false,
     account_code text,
     billing_contact_name text,
     billing_contact_email text,
     created_at timestamptz not null default now(),
     primary key (tenant_id, id),
     unique (tenant_id, organisation_id)
   )`,
  `create index customer_accounts_organisation on customer_accounts (organisation_id)`,
  ...tenantOwned('customer_accounts', 'select, insert, update'),
  // A buyer sees its own accounts with every provider (and a trust those of its schools).
  `create policy buyer_accounts on customer_accounts for select to ${RUNTIME_ROLE}
     using (organisation_id = app_organisation_id()
            or organisation_id in (select id from organisations where trust_id = app_organisation_id()))`,

  // Append-only: no update or delete, not even by the owner.
  `create table audit_events (
     tenant_id uuid not null references tenants (id),
     id bigint generated always as identity,
     occurred_at timestamptz not null default now(),
     actor_user_id uuid references users (id),
     action text not null,
     subject_type text not null,
     subject_id text not null,
     detail jsonb not null default '{}'::jsonb,
     primary key (tenant_id, id)
   )`,
  ...tenantOwned('audit_events', 'select, insert'),
  `create function audit_events_append_only() returns trigger language plpgsql as $$
     begin raise exception 'audit_events is append-only'; end $$`,
  `create trigger audit_events_append_only before update or delete on audit_events
     for each row execute function audit_events_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration is not reversible');
}
