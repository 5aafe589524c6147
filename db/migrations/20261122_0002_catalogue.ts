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
  `create table services (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     code text not null check (code ~ '^[A-Z0-9][A-Z0-9-]{1,19}$'),
     name text not null check (length(name) between 1 and 200),
     category text not null check (category in ('school_improvement','educational_psychology','sen_inclusion','governor_services','hr','finance','other')),
     description text not null default '',
     included text not null default '',
     delivered_by text not null default '',
     statutory boolean not null default false,
     unit_kind text not null check (unit_kind in ('hour','session','day','meeting','place','pupil','package')),
     unit_hours numeric(4,2) check (unit_hours > 0),
     cost_centre text,
     subjective_code text,
     vat_by_class jsonb not null,
     cancellation_terms text not null default '',
     sold_to jsonb not null,
     overage_policy text not null default 'charge' check (overage_policy in ('charge','refuse')),
     cost_salary_pence bigint check (cost_salary_pence >= 0),
     cost_productive_days integer check (cost_productive_days between 1 and 366),
     cost_overhead_basis_points integer check (cost_overhead_basis_points between 0 and 100000),
     status text not null default 'draft' check (status in ('draft','published','retired')),
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     primary key (tenant_id, id),
     unique (tenant_id, code)
   )`,
  ...tenantOwned('services', 'select, insert, update'),

  // Which buyer organisations a service is offered to: the one rule, in the database.
  `create function buyer_may_see(p_tenant uuid, p_sold_to jsonb, p_org uuid) returns boolean
     language sql stable as $$
     select exists (
       select 1
       from organisations o
       join tenants t on t.id = p_tenant
       left join schools s on s.urn = o.urn
       where (o.id = p_org or o.trust_id = p_org)
         and (
           (o.kind = 'school' and (
               (coalesce((p_sold_to->>'ownArea')::boolean, false) and s.la_code = t.la_code)
            or coalesce(p_sold_to->'authorities', '[]'::jsonb) ? s.la_code
            or coalesce((p_sold_to->>'anySchool')::boolean, false)))
           or (o.kind = 'council' and coalesce((p_sold_to->>'partnerCouncils')::boolean, false)
               and exists (select 1 from customer_accounts c
                           where c.tenant_id = p_tenant and c.organisation_id = o.id
                             and c.customer_class = 'partner_council'))
         )
     ) $$`,
  `create policy buyer_catalogue on services for select to ${RUNTIME_ROLE}
     using (status = 'published' and app_organisation_id() is not null
            and buyer_may_see(tenant_id, sold_to, app_organisation_id()))`,

  `create table charge_schedules (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     year_kind text not null check (year_kind in ('academic','financial')),
     year_start date not null,
     version integer not null check (version >= 1),
     status text not null default 'draft' check (status in ('draft','published')),
     effective_from date not null,
     supersedes_id uuid,
     note text not null default '',
     created_at timestamptz not null default now(),
     created_by uuid references users (id),
     published_at timestamptz,
     published_by uuid references users (id),
     primary key (tenant_id, id),
     unique (tenant_id, year_kind, year_start, version),
     foreign key (tenant_id, supersedes_id) references charge_schedules (tenant_id, id),
     check ((year_kind = 'academic' and extract(month from year_start) = 9 and extract(day from year_start) = 1)
         or (year_kind = 'financial' and extract(month from year_start) = 4 and extract(day from year_start) = 1)),
     check ((status = 'published') = (published_at is not null))
   )`,
  `create unique index charge_schedules_one_draft on charge_schedules (tenant_id, year_kind, year_start) where status = 'draft'`,
  ...tenantOwned('charge_schedules', 'select, insert, update, delete'),

  `create table schedule_prices (
     tenant_id uuid not null,
     schedule_id uuid not null,
     service_id uuid not null,
     customer_class text not null check (customer_class in ('own_maintained','academy','other_la_school','partner_council','independent_other')),
     price jsonb not null,
     primary key (tenant_id, schedule_id, service_id, customer_class),
     foreign key (tenant_id, schedule_id) references charge_schedules (tenant_id, id) on delete cascade,
     foreign key (tenant_id, service_id) references services (tenant_id, id)
   )`,
  ...tenantOwned('schedule_prices', 'select, insert, update, delete'),

  // A buyer reads published schedules of providers that offer it something, and only the prices
  // of services it may see (the subqueries run under the same policies).
  `create policy buyer_catalogue on charge_schedules for select to ${RUNTIME_ROLE}
     using (status = 'published' and app_organisation_id() is not null
            and exists (select 1 from services s where s.tenant_id = charge_schedules.tenant_id))`,
  `create policy buyer_catalogue on schedule_prices for select to ${RUNTIME_ROLE}
     using (app_organisation_id() is not null
            and exists (select 1 from charge_schedules cs
                        where cs.tenant_id = schedule_prices.tenant_id and cs.id = schedule_prices.schedule_id
                          and cs.status = 'published')
            and exists (select 1 from services s
                        where s.tenant_id = schedule_prices.tenant_id and s.id = schedule_prices.service_id))`,

  // A published schedule never changes in place: a new version supersedes it.
  `create function charge_schedules_immutable() returns trigger language plpgsql as $$
     begin
       if tg_op = 'DELETE' then
         if old.status = 'published' then raise exception 'A published charge schedule cannot be deleted'; end if;
         return old;
       end if;
       if old.status = 'published' then raise exception 'A published charge schedule cannot be changed: create a new version'; end if;
       return new;
     end $$`,
  `create trigger charge_schedules_immutable before update or delete on charge_schedules
     for each row execute function charge_schedules_immutable()`,
  `create function schedule_prices_immutable() returns trigger language plpgsql as $$
     declare s text;
     begin
       select status into s from charge_schedules
        where tenant_id = coalesce(new.tenant_id, old.tenant_id) and id = coalesce(new.schedule_id, old.schedule_id);
       if s = 'published' then raise exception 'Prices in a published charge schedule cannot be changed: create a new version'; end if;
       return coalesce(new, old);
     end $$`,
  `create trigger schedule_prices_immutable before insert or update or delete on schedule_prices
     for each row execute function schedule_prices_immutable()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The catalogue migration is not reversible');
}
