import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// What a buyer may see, set-based (issue 11). The rule of migration 0002 (buyer_may_see) is split
// into its two halves, each written once: the audiences a service is offered to (from its sold_to
// and its provider's area) and the audiences a buyer organisation belongs to. buyer_may_see is now
// their meeting; catalogue_offers keeps the first half for every published service, so a buyer's
// catalogue is an index lookup of its own audiences instead of a function call per service.

const RUNTIME_ROLE = 'traded_app';

const statements: string[] = [
  // The audiences a service is offered to: any school; schools in an area (the provider's own, or
  // another authority named); partner councils (those holding a partner council account with it).
  `create function service_audiences(p_tenant uuid, p_sold_to jsonb)
     returns table (audience text, la_code text) language sql stable as $$
     select 'any_school'::text, ''::text where coalesce((p_sold_to->>'anySchool')::boolean, false)
     union
     select 'school_in_area', t.la_code from tenants t
      where t.id = p_tenant and t.la_code is not null and coalesce((p_sold_to->>'ownArea')::boolean, false)
     union
     select 'school_in_area', a.value #>> '{}'
       from jsonb_array_elements(case when jsonb_typeof(p_sold_to->'authorities') = 'array'
                                      then p_sold_to->'authorities' else '[]'::jsonb end) a
      where jsonb_typeof(a.value) = 'string'
     union
     select 'partner_council', '' where coalesce((p_sold_to->>'partnerCouncils')::boolean, false) $$`,

  // The audiences a buyer belongs to: a school (or each school of a trust) is any school and a
  // school in its own area; a council is a partner council to each provider holding it as one.
  // Runs as the caller, so it reads organisations and accounts under the caller's own policies.
  `create function buyer_audiences(p_org uuid)
     returns table (audience text, la_code text, tenant_id uuid) language sql stable as $$
     select 'any_school'::text, ''::text, null::uuid
       from organisations o where (o.id = p_org or o.trust_id = p_org) and o.kind = 'school'
     union
     select 'school_in_area', s.la_code, null::uuid
       from organisations o join schools s on s.urn = o.urn
      where (o.id = p_org or o.trust_id = p_org) and o.kind = 'school' and s.la_code is not null
     union
     select 'partner_council', '', c.tenant_id
       from organisations o
       join customer_accounts c on c.organisation_id = o.id and c.customer_class = 'partner_council'
      where (o.id = p_org or o.trust_id = p_org) and o.kind = 'council' $$`,

  // The one rule, now the meeting of the two halves (callers and policies of 0002, 0011 and 0012
  // keep calling it by the same signature).
  `create or replace function buyer_may_see(p_tenant uuid, p_sold_to jsonb, p_org uuid) returns boolean
     language sql stable as $$
     select exists (
       select 1 from service_audiences(p_tenant, p_sold_to) a
         join buyer_audiences(p_org) b on b.audience = a.audience and b.la_code = a.la_code
        where b.tenant_id is null or b.tenant_id = p_tenant) $$`,

  `create table catalogue_offers (
     tenant_id uuid not null,
     service_id uuid not null,
     audience text not null check (audience in ('any_school', 'school_in_area', 'partner_council')),
     la_code text not null default '',
     primary key (tenant_id, service_id, audience, la_code),
     foreign key (tenant_id, service_id) references services (tenant_id, id) on delete cascade
   )`,
  // A buyer's catalogue starts here: its few audiences, each an index range of services.
  `create index catalogue_offers_by_audience on catalogue_offers (audience, la_code, tenant_id, service_id)`,
  `alter table catalogue_offers enable row level security`,
  `alter table catalogue_offers force row level security`,
  `create policy tenant_isolation on catalogue_offers for select to ${RUNTIME_ROLE}
     using (tenant_id = app_tenant_id())`,
  `create policy buyer_catalogue on catalogue_offers for select to ${RUNTIME_ROLE}
     using (app_organisation_id() is not null
            and ((audience, la_code) in (select b.audience, b.la_code from buyer_audiences(app_organisation_id()) b
                                          where b.tenant_id is null)
                 or (audience, la_code, tenant_id) in (select b.audience, b.la_code, b.tenant_id
                                                         from buyer_audiences(app_organisation_id()) b
                                                        where b.tenant_id is not null)))`,
  // Read only: the rows follow the services' own writes, through the triggers below.
  `grant select on catalogue_offers to ${RUNTIME_ROLE}`,
  // The triggers run as the owner, which FORCE makes subject to row-level security (a superuser
  // owner bypasses this anyway).
  `do $$ begin
     execute format('create policy catalogue_keeper on catalogue_offers for all to %I using (true) with check (true)', current_user);
   end $$`,

  `create function catalogue_offers_refresh(p_tenant uuid, p_service uuid) returns void
     language plpgsql security definer set search_path = public as $$
     begin
       delete from catalogue_offers where tenant_id = p_tenant and service_id = p_service;
       insert into catalogue_offers (tenant_id, service_id, audience, la_code)
       select s.tenant_id, s.id, a.audience, a.la_code
         from services s cross join lateral service_audiences(s.tenant_id, s.sold_to) a
        where s.tenant_id = p_tenant and s.id = p_service and s.status = 'published';
     end $$`,
  `revoke all on function catalogue_offers_refresh(uuid, uuid) from public`,

  `create function services_keep_offers() returns trigger
     language plpgsql security definer set search_path = public as $$
     begin
       perform catalogue_offers_refresh(new.tenant_id, new.id);
       return null;
     end $$`,
  `revoke all on function services_keep_offers() from public`,
  `create trigger services_keep_offers after insert or update of status, sold_to on services
     for each row execute function services_keep_offers()`,

  // A provider's own area decides who its own-area services reach.
  `create function tenants_keep_offers() returns trigger
     language plpgsql security definer set search_path = public as $$
     begin
       perform catalogue_offers_refresh(s.tenant_id, s.id) from services s where s.tenant_id = new.id;
       return null;
     end $$`,
  `revoke all on function tenants_keep_offers() from public`,
  `create trigger tenants_keep_offers after update of la_code on tenants
     for each row when (old.la_code is distinct from new.la_code) execute function tenants_keep_offers()`,

  `insert into catalogue_offers (tenant_id, service_id, audience, la_code)
   select s.tenant_id, s.id, a.audience, a.la_code
     from services s cross join lateral service_audiences(s.tenant_id, s.sold_to) a
    where s.status = 'published'`,

  // The services a buyer is offered, as a set: its audiences, then the offers in each.
  `create function buyer_offers(p_org uuid) returns table (tenant_id uuid, service_id uuid)
     language sql stable as $$
     select distinct co.tenant_id, co.service_id
       from buyer_audiences(p_org) b
       join catalogue_offers co on co.audience = b.audience and co.la_code = b.la_code
                               and (b.tenant_id is null or co.tenant_id = b.tenant_id) $$`,

  // The database still decides what a buyer sees: the same rule, tested once per query as a set
  // (a hashed subplan) rather than once per service row.
  `drop policy buyer_catalogue on services`,
  `create policy buyer_catalogue on services for select to ${RUNTIME_ROLE}
     using (status = 'published' and app_organisation_id() is not null
            and (tenant_id, id) in (select o.tenant_id, o.service_id from buyer_offers(app_organisation_id()) o))`,
  // A buyer reads the published schedules of providers offering it something: the same set, not a
  // search of each provider's services for one the buyer may see.
  `drop policy buyer_catalogue on charge_schedules`,
  `create policy buyer_catalogue on charge_schedules for select to ${RUNTIME_ROLE}
     using (status = 'published' and app_organisation_id() is not null
            and tenant_id in (select o.tenant_id from buyer_offers(app_organisation_id()) o))`,
  `drop policy buyer_catalogue on schedule_prices`,
  `create policy buyer_catalogue on schedule_prices for select to ${RUNTIME_ROLE}
     using (app_organisation_id() is not null
            and exists (select 1 from charge_schedules cs
                        where cs.tenant_id = schedule_prices.tenant_id and cs.id = schedule_prices.schedule_id
                          and cs.status = 'published')
            and (tenant_id, service_id) in (select o.tenant_id, o.service_id from buyer_offers(app_organisation_id()) o))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
