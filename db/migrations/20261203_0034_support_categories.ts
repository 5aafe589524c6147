import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// Categories of support (issue 13): each council tenant's categories (intensive, targeted and
// universal by level, named and described by the tenant), the funded core days of school
// improvement each carries a year, and each school's placement in a category for an academic year
// with its reason. Placements are append-only: a new decision supersedes the one before it, so
// the history of categories and reasons is kept. Visits that draw down a school's core days
// (later) key on (tenant_id, urn, academic_year) and read the current placement's category.

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
  // One row per level per tenant, made on first use by the app (app/improvement/categories.server.ts
  // holds the defaults: intensive 10, targeted 5, universal 1).
  `create table support_categories (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     level text not null check (level in ('intensive','targeted','universal')),
     position smallint not null check (position between 1 and 9),
     name text not null check (length(btrim(name)) between 1 and 60),
     description text not null default '' check (length(description) <= 500),
     funded_days smallint not null check (funded_days between 0 and 200),
     updated_by uuid references users (id),
     updated_at timestamptz not null default now(),
     primary key (tenant_id, id),
     unique (tenant_id, level),
     unique (tenant_id, name)
   )`,
  ...tenantOwned('support_categories', 'select, insert'),
  `grant update (name, description, funded_days, updated_by, updated_at) on support_categories to ${RUNTIME_ROLE}`,

  // Each decision placing a school in a category for an academic year (the year it ends in, as
  // ks2_results counts: 2027 = 2026/27). The first decision for a school and year supersedes
  // nothing; each later one names the decision it supersedes, and a decision is superseded at most
  // once, so the current placement is the one nothing supersedes, even under concurrent decisions.
  `create table support_placements (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     urn integer not null references schools (urn),
     academic_year smallint not null check (academic_year between 2000 and 2100),
     category_id uuid not null,
     suggested_level text check (suggested_level in ('intensive','targeted','universal')),
     reason text not null check (length(btrim(reason)) between 1 and 2000),
     decided_by uuid not null references users (id),
     decided_at timestamptz not null default now(),
     supersedes uuid,
     primary key (tenant_id, id),
     foreign key (tenant_id, category_id) references support_categories (tenant_id, id),
     foreign key (tenant_id, supersedes) references support_placements (tenant_id, id),
     unique (tenant_id, supersedes)
   )`,
  `create unique index support_placements_first on support_placements (tenant_id, urn, academic_year)
     where supersedes is null`,
  `create index support_placements_school on support_placements (tenant_id, urn, academic_year, decided_at desc)`,
  ...tenantOwned('support_placements', 'select, insert'),
  // A superseded decision must be of the same school and year.
  `create function support_placement_supersedes_same() returns trigger language plpgsql set search_path = public as $$
     begin
       if new.supersedes is not null and not exists (
         select 1 from support_placements p
          where p.tenant_id = new.tenant_id and p.id = new.supersedes
            and p.urn = new.urn and p.academic_year = new.academic_year) then
         raise exception 'a placement can only supersede one of the same school and year';
       end if;
       return new;
     end $$`,
  `create trigger support_placements_same_school before insert on support_placements
     for each row execute function support_placement_supersedes_same()`,
  `create function refuse_placement_change() returns trigger language plpgsql set search_path = public as $$
     begin
       raise exception 'support placements are append-only: record a new decision instead';
     end $$`,
  `create trigger support_placements_append_only before update or delete on support_placements
     for each row execute function refuse_placement_change()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
