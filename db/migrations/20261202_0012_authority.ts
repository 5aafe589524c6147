import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const RUNTIME_ROLE = 'traded_app';

/** The columns a row changed, by name (to_jsonb of both rows, so columns added later are covered). */
const CHANGED = `changed_columns(to_jsonb(old), to_jsonb(new))`;

const statements: string[] = [
  // ---------------------------------------------------------------------------------------------
  // Helpers. Refusals all carry SQLSTATE 42501 (insufficient_privilege), like a missing grant.
  `create function refuse(p_message text) returns void language plpgsql set search_path = public as $$
     begin raise exception '%', p_message using errcode = 'insufficient_privilege'; end $$`,
  `create function changed_columns(p_old jsonb, p_new jsonb) returns text[] language sql immutable
     set search_path = public as $$
     select coalesce(array_agg(n.key order by n.key), '{}'::text[])
       from jsonb_each(p_new) n where n.value is distinct from p_old -> n.key $$`,
  // Whoever acts for the row's own tenant (or the owner: migrations, jobs, seeding) is the provider;
  // the runtime role with any other scope acts as a buyer, also when a tenant is in scope too.
  `create function acts_as_provider(p_tenant uuid) returns boolean language sql stable
     set search_path = public as $$
     select current_user <> '${RUNTIME_ROLE}' or p_tenant = app_tenant_id() $$`,

  // The checks below read other rows as the owner (security definer), so they see the same rows
  // whoever acts. FORCE makes a non-superuser owner subject to row-level security: it may read.
  `do $$ declare t text; begin
     foreach t in array array['orders','order_lines','order_variations','agreements','customer_accounts',
                              'services','charge_schedules'] loop
       execute format('create policy authority_reader on %I for select to %I using (true)', t, current_user);
     end loop;
   end $$`,

  // A provider sells to an organisation: it holds a customer account for it, or offers it a
  // published service (the catalogue's one rule).
  `create function may_order_from(p_tenant uuid, p_organisation uuid) returns boolean
     language sql stable security definer set search_path = public as $$
     select exists (select 1 from customer_accounts c where c.tenant_id = p_tenant and c.organisation_id = p_organisation)
         or exists (select 1 from services s where s.tenant_id = p_tenant and s.status = 'published'
                                               and buyer_may_see(s.tenant_id, s.sold_to, p_organisation)) $$`,
  `create function buyer_may_order_from(p_tenant uuid) returns boolean
     language sql stable security definer set search_path = public as $$
     select exists (select 1 from buyer_organisation_ids() b(id) where may_order_from(p_tenant, b.id)) $$`,
  // The buyer in scope has dealings with a provider: an order, an agreement or an account there.
  `create function buyer_deals_with(p_tenant uuid) returns boolean
     language sql stable security definer set search_path = public as $$
     select app_organisation_id() is not null and (
          exists (select 1 from orders o where o.tenant_id = p_tenant
                    and (o.organisation_id in (select buyer_organisation_ids())
                         or o.placed_by_organisation_id = app_organisation_id()))
       or exists (select 1 from agreements a where a.tenant_id = p_tenant
                    and a.commissioner_organisation_id in (select buyer_organisation_ids()))
       or exists (select 1 from customer_accounts c where c.tenant_id = p_tenant
                    and c.organisation_id in (select buyer_organisation_ids()))) $$`,
  // An order's state, and whether this transaction changed its row (a cancellation in progress).
  `create function order_state(p_tenant uuid, p_order uuid)
     returns table (status text, proposed_by text, changed_now boolean)
     language sql stable security definer set search_path = public as $$
     select o.status, o.proposed_by, o.xmin = pg_current_xact_id()::xid
       from orders o where o.tenant_id = p_tenant and o.id = p_order $$`,
  // What a line stands at now: its latest accepted variation, else what was first agreed.
  `create function line_current_total(p_tenant uuid, p_line uuid) returns bigint
     language sql stable security definer set search_path = public as $$
     select coalesce(
       (select v.total_after_pence from order_variations v
         where v.tenant_id = p_tenant and v.order_line_id = p_line and v.status = 'accepted'
         order by v.accepted_on desc nulls last, v.decided_at desc nulls last limit 1),
       (select l.total_pence from order_lines l where l.tenant_id = p_tenant and l.id = p_line)) $$`,
  `create function agreement_commissioned_by(p_tenant uuid, p_agreement uuid, p_organisation uuid) returns boolean
     language sql stable security definer set search_path = public as $$
     select exists (select 1 from agreements a where a.tenant_id = p_tenant and a.id = p_agreement
                                                 and a.commissioner_organisation_id = p_organisation) $$`,
  `create function schedule_is_published(p_tenant uuid, p_schedule uuid) returns boolean
     language sql stable security definer set search_path = public as $$
     select exists (select 1 from charge_schedules s where s.tenant_id = p_tenant and s.id = p_schedule
                                                       and s.status = 'published') $$`,
  `revoke all on function may_order_from(uuid, uuid), buyer_may_order_from(uuid), buyer_deals_with(uuid),
     order_state(uuid, uuid), line_current_total(uuid, uuid), agreement_commissioned_by(uuid, uuid, uuid),
     schedule_is_published(uuid, uuid) from public`,
  `grant execute on function may_order_from(uuid, uuid), buyer_may_order_from(uuid), buyer_deals_with(uuid),
     order_state(uuid, uuid), line_current_total(uuid, uuid), agreement_commissioned_by(uuid, uuid, uuid),
     schedule_is_published(uuid, uuid) to ${RUNTIME_ROLE}`,

  // ---------------------------------------------------------------------------------------------
  // What a buyer may do to orders: place one in its first state with a provider that sells to it,
  // approve or reject one waiting for approval (never its own), cancel one that is still open.
  `create function orders_authority() returns trigger language plpgsql set search_path = public as $$
     declare changed text[];
     begin
       if acts_as_provider(new.tenant_id) then return new; end if;
       if tg_op = 'INSERT' then
         if new.status not in ('awaiting_approval','awaiting_provider') then
           perform refuse('A buyer places an order only to wait for approval or for the provider, not ' || new.status);
         end if;
         if new.proposed_by <> 'buyer' or new.submitted_by is distinct from app_user_id()
            or new.placed_by_organisation_id is distinct from app_organisation_id()
            or num_nonnulls(new.approved_by, new.approved_at, new.decided_by, new.decided_at,
                            new.closed_by, new.closed_at, new.closed_reason) > 0 then
           perform refuse('A buyer places an order in its own name, undecided');
         end if;
         if not may_order_from(new.tenant_id, new.organisation_id) then
           perform refuse('That provider does not sell to this organisation');
         end if;
         if new.agreement_id is not null
            and not agreement_commissioned_by(new.tenant_id, new.agreement_id, new.organisation_id) then
           perform refuse('That agreement is not this organisation''s');
         end if;
         return new;
       end if;
       changed := ${CHANGED};
       if changed = '{}' then return new; end if;
       if not changed <@ array['status','approved_by','approved_at','closed_reason','closed_by','closed_at','accepted_on'] then
         perform refuse('A buyer cannot change ' || array_to_string(changed, ', ') || ' of an order');
       end if;
       -- The day an order was accepted is set only as a buyer agrees a provider's proposal.
       if 'accepted_on' = any(changed) and (new.status <> 'accepted' or new.accepted_on is null) then
         perform refuse('A buyer sets the day an order was accepted only as it accepts one');
       end if;
       if ('approved_by' = any(changed) and new.approved_by is distinct from app_user_id())
          or ('closed_by' = any(changed) and new.closed_by is distinct from app_user_id()) then
         perform refuse('A buyer acts on an order only in its own name');
       end if;
       if old.status = 'awaiting_approval'
          and new.status = (case old.proposed_by when 'provider' then 'accepted' else 'awaiting_provider' end) then
         if new.approved_by is null or new.approved_at is null or new.approved_by = old.submitted_by then
           perform refuse('An order is approved by an approver who did not place it');
         end if;
       elsif old.status = 'awaiting_approval' and new.status = 'rejected' then
         if new.closed_by is null or new.closed_at is null or new.closed_by = old.submitted_by then
           perform refuse('An order is rejected by an approver who did not place it');
         end if;
       elsif old.status in ('awaiting_approval','awaiting_provider','accepted') and new.status = 'cancelled' then
         if new.closed_by is null or new.closed_at is null then
           perform refuse('A cancellation says who cancelled and when');
         end if;
       else
         perform refuse('A buyer cannot move an order from ' || old.status || ' to ' || new.status);
       end if;
       return new;
     end $$`,
  `create trigger orders_authority before insert or update on orders
     for each row execute function orders_authority()`,

  // Lines: added only to an order in its first state; afterwards a buyer only carries them along
  // with the order (rejected, accepted when it agrees a provider's proposal, cancelled with the
  // charge its terms give, never more than the line is worth).
  `create function order_lines_authority() returns trigger language plpgsql set search_path = public as $$
     declare changed text[]; o record;
     begin
       if acts_as_provider(new.tenant_id) then return new; end if;
       select * into o from order_state(new.tenant_id, new.order_id);
       if tg_op = 'INSERT' then
         if o.status is null or o.status not in ('awaiting_approval','awaiting_provider') then
           perform refuse('Lines are added only to an order that has just been placed');
         end if;
         if new.status <> 'pending' or new.cancellation_charge_pence <> 0 or new.assigned_to is not null then
           perform refuse('A new order line is pending, uncharged and unassigned');
         end if;
         return new;
       end if;
       changed := ${CHANGED};
       if changed = '{}' then return new; end if;
       if not changed <@ array['status','cancellation_charge_pence'] then
         perform refuse('A buyer cannot change ' || array_to_string(changed, ', ') || ' of an order line');
       end if;
       if old.status = 'pending' and new.status = 'rejected' and o.status = 'rejected'
          and not 'cancellation_charge_pence' = any(changed) then
         return new;
       end if;
       if old.status = 'pending' and new.status = 'active' and o.status = 'accepted' and o.proposed_by = 'provider'
          and not 'cancellation_charge_pence' = any(changed) then
         return new;
       end if;
       if old.status in ('pending','active','cancelled') and new.status = 'cancelled'
          and o.status = 'cancelled' and o.changed_now then
         if new.cancellation_charge_pence > line_current_total(new.tenant_id, new.id) then
           perform refuse('A cancellation charge cannot exceed what the line is worth');
         end if;
         return new;
       end if;
       perform refuse('A buyer cannot move an order line from ' || old.status || ' to ' || new.status);
       return new;
     end $$`,
  `create trigger order_lines_authority before insert or update on order_lines
     for each row execute function order_lines_authority()`,

  // Delivery records: a buyer confirms or disputes a logged record, once, in its own name.
  `create function deliveries_authority() returns trigger language plpgsql set search_path = public as $$
     declare changed text[];
     begin
       if acts_as_provider(new.tenant_id) then return new; end if;
       if tg_op = 'INSERT' then perform refuse('Only the provider records delivery'); end if;
       changed := ${CHANGED};
       if changed = '{}' then return new; end if;
       if old.status = 'logged' and new.status = 'confirmed'
          and changed <@ array['status','confirmed_by','confirmed_at']
          and new.confirmed_by = app_user_id() and new.confirmed_at is not null then
         return new;
       end if;
       if old.status = 'logged' and new.status = 'disputed'
          and changed <@ array['status','disputed_by','disputed_at','dispute_reason']
          and new.disputed_by = app_user_id() and new.disputed_at is not null
          and nullif(trim(new.dispute_reason), '') is not null then
         return new;
       end if;
       perform refuse('A buyer only confirms or disputes a logged delivery record, in its own name');
       return new;
     end $$`,
  `create trigger deliveries_authority before insert or update on deliveries
     for each row execute function deliveries_authority()`,

  // Variations: a buyer asks for one (waiting for approval or for the provider), and its approver
  // approves or rejects it; only the provider accepts.
  `create function order_variations_authority() returns trigger language plpgsql set search_path = public as $$
     declare changed text[];
     begin
       if acts_as_provider(new.tenant_id) then return new; end if;
       if tg_op = 'INSERT' then
         if new.status not in ('awaiting_approval','awaiting_provider') then
           perform refuse('A buyer asks for a change only to wait for approval or for the provider, not ' || new.status);
         end if;
         if new.requested_by is distinct from app_user_id()
            or num_nonnulls(new.approved_by, new.approved_at, new.decided_by, new.decided_at, new.closed_reason) > 0 then
           perform refuse('A buyer asks for a change in its own name, undecided');
         end if;
         return new;
       end if;
       changed := ${CHANGED};
       if changed = '{}' then return new; end if;
       if old.status = 'awaiting_approval' and new.status = 'awaiting_provider'
          and changed <@ array['status','approved_by','approved_at']
          and new.approved_by = app_user_id() and new.approved_by <> old.requested_by and new.approved_at is not null then
         return new;
       end if;
       if old.status = 'awaiting_approval' and new.status = 'rejected'
          and changed <@ array['status','approved_by','approved_at','decided_by','decided_at','closed_reason']
          and coalesce(new.decided_by, new.approved_by) = app_user_id()
          and coalesce(new.decided_by, new.approved_by) <> old.requested_by then
         return new;
       end if;
       perform refuse('A buyer only approves or rejects a change waiting for its approval');
       return new;
     end $$`,
  `create trigger order_variations_authority before insert or update on order_variations
     for each row execute function order_variations_authority()`,

  // A buyer appends to a provider's audit log only where it has dealings, and only as itself.
  `drop policy buyer_appends on audit_events`,
  `create policy buyer_appends on audit_events for insert to ${RUNTIME_ROLE}
     with check (app_organisation_id() is not null and actor_user_id = app_user_id() and buyer_deals_with(tenant_id))`,

  // ---------------------------------------------------------------------------------------------
  // Final facts, for everyone, the owner included.
  `create function order_lines_final() returns trigger language plpgsql set search_path = public as $$
     begin
       if coalesce((select status from order_state(old.tenant_id, old.order_id)), 'awaiting_provider')
          in ('awaiting_approval','awaiting_provider') then
         return coalesce(new, old);
       end if;
       if tg_op = 'DELETE' then perform refuse('A line of an agreed order is never deleted'); end if;
       if row(new.order_id, new.line_number, new.service_id, new.service_code, new.service_name, new.unit_kind,
              new.schedule_id, new.year_kind, new.year_start, new.quantity, new.package_code, new.price, new.quote,
              new.total_pence, new.allowance_hundredths, new.overage_unit_price_pence,
              new.cancellation_notice_days, new.late_cancellation_percent)
          is distinct from
          row(old.order_id, old.line_number, old.service_id, old.service_code, old.service_name, old.unit_kind,
              old.schedule_id, old.year_kind, old.year_start, old.quantity, old.package_code, old.price, old.quote,
              old.total_pence, old.allowance_hundredths, old.overage_unit_price_pence,
              old.cancellation_notice_days, old.late_cancellation_percent) then
         perform refuse('The terms of an agreed order line never change: record a variation instead');
       end if;
       return new;
     end $$`,
  `create trigger order_lines_final before update or delete on order_lines
     for each row execute function order_lines_final()`,

  `create function order_variations_final() returns trigger language plpgsql set search_path = public as $$
     begin
       if tg_op = 'DELETE' then perform refuse('A change to a line is never deleted'); end if;
       if old.status = 'accepted' then perform refuse('An accepted change never changes: ask for a new one'); end if;
       return new;
     end $$`,
  `create trigger order_variations_final before update or delete on order_variations
     for each row execute function order_variations_final()`,

  // A confirmed, corrected or voided record is final (a correction is a new record); a disputed one
  // only ends in an outcome.
  `create function deliveries_final() returns trigger language plpgsql set search_path = public as $$
     begin
       if tg_op = 'DELETE' then
         if old.status <> 'logged' then perform refuse('A delivery record that has been answered is never deleted'); end if;
         return old;
       end if;
       if old.status in ('confirmed','corrected','voided') and to_jsonb(new) is distinct from to_jsonb(old) then
         perform refuse('A ' || old.status || ' delivery record never changes: record a correction instead');
       end if;
       if old.status = 'disputed' and (new.status not in ('disputed','confirmed','corrected','voided')
          or row(new.order_line_id, new.delivered_on, new.units_hundredths, new.corrects_delivery_id)
             is distinct from row(old.order_line_id, old.delivered_on, old.units_hundredths, old.corrects_delivery_id)) then
         perform refuse('A disputed delivery record ends only in an outcome: it stands, is corrected or is voided');
       end if;
       return new;
     end $$`,
  `create trigger deliveries_final before update or delete on deliveries
     for each row execute function deliveries_final()`,

  // Agreed prices: a change is a new agreed version, never an edit.
  `alter table agreement_prices add column version integer not null default 1 check (version >= 1)`,
  `alter table agreement_prices add column agreed_at timestamptz not null default now()`,
  `alter table agreement_prices drop constraint agreement_prices_pkey`,
  `alter table agreement_prices add primary key (tenant_id, agreement_id, service_id, version)`,
  `revoke update, delete on agreement_prices from ${RUNTIME_ROLE}`,
  `create function agreement_prices_final() returns trigger language plpgsql set search_path = public as $$
     begin perform refuse('An agreed price never changes: agree a new version'); return null; end $$`,
  `create trigger agreement_prices_final before update or delete on agreement_prices
     for each row execute function agreement_prices_final()`,

  // Published schedule prices: neither out of nor into a published schedule (old and new both).
  `create or replace function schedule_prices_immutable() returns trigger language plpgsql
     set search_path = public as $$
     begin
       if tg_op in ('UPDATE','DELETE') and schedule_is_published(old.tenant_id, old.schedule_id) then
         raise exception 'Prices in a published charge schedule cannot be changed: create a new version'
           using errcode = 'insufficient_privilege';
       end if;
       if tg_op in ('INSERT','UPDATE') and schedule_is_published(new.tenant_id, new.schedule_id) then
         raise exception 'Prices in a published charge schedule cannot be changed: create a new version'
           using errcode = 'insufficient_privilege';
       end if;
       return coalesce(new, old);
     end $$`,

  // The audit log: TRUNCATE refused as well as UPDATE and DELETE.
  `create trigger audit_events_no_truncate before truncate on audit_events
     for each statement execute function audit_events_append_only()`,

  // ---------------------------------------------------------------------------------------------
  // References readable across providers: each tenant's own prefix.
  `alter table tenants add column reference_prefix text`,
  `do $$
     declare t record; base text; candidate text; i integer;
     begin
       for t in select id, slug from tenants order by created_at, slug loop
         base := case t.slug
           when 'southampton' then 'SOTON' when 'isle-of-wight' then 'IOW' when 'portsmouth' then 'PORTS'
           when 'walsall' then 'WALS' when 'peterborough' then 'PBORO'
           else upper(left(regexp_replace(t.slug, '[^a-z]', '', 'g'), 6)) end;
         if length(base) < 2 then base := rpad(base, 2, 'X'); end if;
         candidate := base;
         i := 0;
         while exists (select 1 from tenants where reference_prefix = candidate) loop
           candidate := left(base, 4) || chr(65 + (i / 26) % 26) || chr(65 + i % 26);
           i := i + 1;
         end loop;
         update tenants set reference_prefix = candidate where id = t.id;
       end loop;
     end $$`,
  `alter table tenants alter column reference_prefix set not null`,
  `alter table tenants add constraint tenants_reference_prefix_format check (reference_prefix ~ '^[A-Z]{2,6}$')`,
  `alter table tenants add constraint tenants_reference_prefix_key unique (reference_prefix)`,

  // Counters: race-free (one counter row per tenant, taken under its row lock), and only for the
  // tenant in scope or, for a buyer placing an order, a provider that sells to it.
  `create or replace function next_order_reference(p_tenant uuid) returns text
     language plpgsql security definer set search_path = public as $$
     declare n integer; prefix text;
     begin
       if p_tenant is null or not (p_tenant is not distinct from app_tenant_id() or buyer_may_order_from(p_tenant)) then
         perform refuse('Order references are taken only for the provider in scope');
       end if;
       select reference_prefix into prefix from tenants where id = p_tenant;
       insert into order_counters (tenant_id, last_number) values (p_tenant, 1)
       on conflict (tenant_id) do update set last_number = order_counters.last_number + 1
       returning last_number into n;
       return prefix || '-ORD-' || lpad(n::text, greatest(5, length(n::text)), '0');
     end $$`,
  `create table agreement_counters (
     tenant_id uuid primary key references tenants (id),
     last_number integer not null default 0
   )`,
  `alter table agreement_counters enable row level security`,
  `alter table agreement_counters force row level security`,
  `create policy owner_only on agreement_counters for all using (current_user <> '${RUNTIME_ROLE}')`,
  `insert into agreement_counters (tenant_id, last_number)
     select tenant_id, max(coalesce(substring(reference from '([0-9]+)$')::integer, 0)) from agreements group by tenant_id`,
  `create or replace function next_agreement_reference(p_tenant uuid) returns text
     language plpgsql security definer set search_path = public as $$
     declare n integer; prefix text;
     begin
       if p_tenant is null or p_tenant is distinct from app_tenant_id() then
         perform refuse('Agreement references are taken only for the provider in scope');
       end if;
       select reference_prefix into prefix from tenants where id = p_tenant;
       insert into agreement_counters (tenant_id, last_number) values (p_tenant, 1)
       on conflict (tenant_id) do update set last_number = agreement_counters.last_number + 1
       returning last_number into n;
       return prefix || '-AGR-' || lpad(n::text, greatest(3, length(n::text)), '0');
     end $$`,

  // ---------------------------------------------------------------------------------------------
  // Keys ready for Citus: tenant_id leads every key of a tenant table.
  `alter table invitations drop constraint invitations_token_hash_key`,
  `alter table invitations add constraint invitations_token_hash_key unique (tenant_id, token_hash)`,
  `alter table basket_items drop constraint basket_items_pkey`,
  `alter table basket_items add primary key (tenant_id, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
