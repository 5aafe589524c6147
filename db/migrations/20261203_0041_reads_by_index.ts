import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 11: the pages people use all day read through indexes at national scale.
//
// What a buyer may see, read once per query through an index, whatever the size of the national
// catalogue. Migration 0031's policies call buyer_offers(app_organisation_id()), an SQL
// function the planner inlines into every query on services, charge_schedules and schedule_prices:
// each such query was planned afresh with the buyer's audiences and catalogue_offers' own policy
// (~20 ms of planning for the catalogue's price lookup at national scale), and catalogue_offers was
// read by a scan filtered by that policy rather than its audience index.
//
// acting_buyer_offers() is the same set for the buyer acting (app.organisation_id), computed by
// the function's owner: the buyer's audiences (the same rows the buyer may read itself: its own
// organisation, its trust's schools, its own partner council accounts) and then an index range of
// catalogue_offers per audience. PL/pgSQL keeps its plan for the connection. It takes no argument,
// so no caller can ask for another organisation's offers. buyer_offers(p_org) stays as the rule.

const RUNTIME_ROLE = 'traded_app';

const statements: string[] = [
  `create function acting_buyer_offers() returns table (tenant_id uuid, service_id uuid)
     language plpgsql stable security definer set search_path = public rows 300 as $$
     begin
       if app_organisation_id() is null then return; end if;
       return query select o.tenant_id, o.service_id from buyer_offers(app_organisation_id()) o;
     end $$`,
  `revoke all on function acting_buyer_offers() from public`,
  `grant execute on function acting_buyer_offers() to ${RUNTIME_ROLE}`,

  `drop policy buyer_catalogue on services`,
  `create policy buyer_catalogue on services for select to ${RUNTIME_ROLE}
     using (status = 'published' and app_organisation_id() is not null
            and (tenant_id, id) in (select o.tenant_id, o.service_id from acting_buyer_offers() o))`,
  `drop policy buyer_catalogue on charge_schedules`,
  `create policy buyer_catalogue on charge_schedules for select to ${RUNTIME_ROLE}
     using (status = 'published' and app_organisation_id() is not null
            and tenant_id in (select o.tenant_id from acting_buyer_offers() o))`,
  `drop policy buyer_catalogue on schedule_prices`,
  `create policy buyer_catalogue on schedule_prices for select to ${RUNTIME_ROLE}
     using (app_organisation_id() is not null
            and exists (select 1 from charge_schedules cs
                        where cs.tenant_id = schedule_prices.tenant_id and cs.id = schedule_prices.schedule_id
                          and cs.status = 'published')
            and (tenant_id, service_id) in (select o.tenant_id, o.service_id from acting_buyer_offers() o))`,

  // The acting buyer's organisations are itself, or a trust and its schools: a handful, not the
  // thousand rows the planner assumes of a set-returning function. Told so, a policy testing
  // "organisation_id in (select buyer_organisation_ids())" looks the few up by index rather than
  // hashing every customer account (who may see a person: 3.3 ms a call at national scale).
  `alter function buyer_organisation_ids() rows 5`,

  // The lists people open all day start from an index, not a scan of every provider's orders: a
  // buyer's orders placed on its behalf (a council brokering for a school), a provider's newest
  // orders first, and the lines of a buyer's orders across providers.
  `create index orders_placed_by on orders (placed_by_organisation_id) where placed_by_organisation_id is not null`,
  `create index orders_newest on orders (tenant_id, submitted_at desc)`,
  `create index order_lines_order on order_lines (order_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
