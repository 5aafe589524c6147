import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 11 (the pages people use all day): the functions the database calls on nearly every
// request keep their plans for the connection. A SQL function the planner cannot inline (one
// running as its owner, or a set-returning one called outside FROM) plans its query afresh every
// time a statement calls it; PL/pgSQL prepares it once per connection and then only runs it. With
// `track_functions` on, under bench:http's load at national scale: finding the session behind the
// cookie (every signed-in request) 0.20 ms a call, whether a person may be seen (each person on a
// page) 0.23 ms, the buyer's own organisations (each statement whose policy asks) 0.12 ms, a
// brokered order's brokerage 0.51 ms; a simple signed-in page's database time is about 2 ms.
//
// Same bodies, same meaning, same owners' rights and search paths; only the language changes.

const statements: string[] = [
  `create or replace function session_find(p_id text)
     returns table (session_id text, expires_at timestamptz, absolute_expires_at timestamptz,
                    active_context text, user_id uuid, email text, name text)
     language plpgsql stable security definer set search_path = pg_catalog, public rows 1000 as $$
     #variable_conflict use_column
     begin
       return query
       select s.id, s.expires_at, s.absolute_expires_at, s.active_context, u.id, u.email, u.name
         from sessions s join users u on u.id = s.user_id
        where s.id = p_id;
     end $$`,

  `create or replace function person_visible(p_user uuid) returns boolean
     language plpgsql stable security definer set search_path = pg_catalog, public as $$
     begin
       return p_user = app_user_id()
         or exists (
           select 1 from tenant_memberships m
            where m.user_id = p_user
              and (m.tenant_id = app_tenant_id()
                   or m.tenant_id in (select tenant_id from tenant_memberships where user_id = app_user_id())
                   or m.tenant_id in (select c.tenant_id from customer_accounts c
                                       where c.organisation_id in (select buyer_organisation_ids()))))
         or exists (
           select 1 from organisation_memberships m
            where m.user_id = p_user
              and (m.organisation_id in (select buyer_organisation_ids())
                   or m.organisation_id in (select organisation_id from organisation_memberships
                                             where user_id = app_user_id())
                   or m.organisation_id in (select c.organisation_id from customer_accounts c
                                             where c.tenant_id = app_tenant_id())
                   or m.organisation_id in (select o.trust_id from organisations o
                                             join customer_accounts c on c.organisation_id = o.id
                                            where c.tenant_id = app_tenant_id() and o.trust_id is not null)));
     end $$`,

  `create or replace function brokering_person_visible(p_user uuid) returns boolean
     language plpgsql stable security definer set search_path = public as $$
     begin
       return exists (
         select 1 from brokered_supports b
          where b.brokered_by = p_user
            and (b.supporting_tenant_id = app_tenant_id()
                 or exists (select 1 from orders o
                             where o.tenant_id = b.supporting_tenant_id and o.id = b.order_id
                               and o.organisation_id in (select buyer_organisation_ids()))));
     end $$`,

  `create or replace function buyer_organisation_ids() returns setof uuid
     language plpgsql stable rows 5 as $$
     begin
       return query
       select app_organisation_id() where app_organisation_id() is not null
       union
       select id from organisations where trust_id = app_organisation_id();
     end $$`,

  `create or replace function order_brokerage(p_order uuid)
     returns table (council_name text, school_name text, urn integer, reference text, funded_by text, reason text)
     language plpgsql stable security definer set search_path = public rows 1000 as $$
     #variable_conflict use_column
     begin
       return query
       select t.name, s.name, b.urn, b.reference, b.funded_by, b.reason
         from brokered_supports b
         join tenants t on t.id = b.tenant_id
         join schools s on s.urn = b.urn
        where b.order_id = p_order
          and ((b.supporting_tenant_id = app_tenant_id() and app_tenant_id() is not null)
               or exists (select 1 from orders o
                           where o.tenant_id = b.supporting_tenant_id and o.id = b.order_id
                             and o.organisation_id in (select buyer_organisation_ids())));
     end $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
