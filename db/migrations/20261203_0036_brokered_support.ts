import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 13: brokered school-to-school support. A council brokers days of support from another
// provider (a teaching school, an academy trust or another council) for one of its schools, at an
// agreed day rate, funded by the authority's budget or bought by the school. The brokerage lives in
// the council's tenant; what it becomes is an ordinary order in the supporting provider's tenant,
// bought by the school or by the council's own organisation, which the provider accepts, delivers,
// and the buyer confirms and reviews as any other. Crossing tenants happens only in the narrow
// security definer functions below, each checking the caller's role in the brokering council.
// Brokerages are append-only: one is ended through its order (cancelled or declined, or withdrawn
// by the council through withdraw_brokerage), which the progress read reports from the order and line. The order, line and service are in another tenant,
// so no foreign key reaches them (keys between tenant tables lead with tenant_id, as Citus needs):
// broker_support writes all of them in one transaction.

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
  `create table brokered_supports (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     reference text not null check (reference ~ '^BRK-[0-9]{4,}$'),
     urn integer not null references schools (urn),
     academic_year smallint not null check (academic_year between 2000 and 2100),
     supporting_tenant_id uuid not null references tenants (id),
     service_id uuid not null,
     service_name text not null,
     days_hundredths integer not null check (days_hundredths > 0 and days_hundredths <= 100000),
     day_rate_pence integer not null check (day_rate_pence >= 0),
     funded_by text not null check (funded_by in ('authority','school')),
     reason text not null check (length(btrim(reason)) between 1 and 2000),
     order_id uuid not null,
     order_line_id uuid not null,
     order_reference text not null,
     brokered_by uuid not null references users (id),
     brokered_at timestamptz not null default now(),
     primary key (tenant_id, id),
     unique (tenant_id, reference),
     unique (tenant_id, order_line_id),
     check (supporting_tenant_id <> tenant_id)
   )`,
  `create index brokered_supports_year on brokered_supports (tenant_id, academic_year, brokered_at)`,
  `create index brokered_supports_school on brokered_supports (tenant_id, urn, academic_year)`,
  ...tenantOwned('brokered_supports', 'select'),
  `create function refuse_brokerage_change() returns trigger language plpgsql set search_path = public as $$
     begin
       raise exception 'brokered support is append-only: cancel its order instead';
     end $$`,
  `create trigger brokered_supports_append_only before update or delete on brokered_supports
     for each row execute function refuse_brokerage_change()`,

  // The brokering council in scope, with the caller a service manager or admin of it.
  `create function brokering_council() returns tenants
     language plpgsql stable set search_path = public as $$
     declare v tenants%rowtype;
     begin
       select t.* into v from tenants t where t.id = app_tenant_id() and t.kind = 'council';
       if not found or app_user_id() is null or not exists (
            select 1 from tenant_memberships m
             where m.tenant_id = v.id and m.user_id = app_user_id() and m.role in ('admin','service_manager')) then
         perform refuse('Only a service manager or admin of the council brokers school-to-school support');
       end if;
       return v;
     end $$`,
  `revoke all on function brokering_council() from public`,

  // The price a provider's published academic-year schedule gives a day of a service for a class
  // of customer: a per-unit price, or the first band's rate; null for any other model.
  `create function brokered_day_rate(p_tenant uuid, p_service uuid, p_class text, p_year_start date)
     returns integer language sql stable set search_path = public as $$
     select case p.price ->> 'model'
              when 'per_unit' then (p.price ->> 'unitPricePence')::integer
              when 'volume_bands' then (p.price -> 'bands' -> 0 ->> 'unitPricePence')::integer
              when 'graduated' then (p.price -> 'bands' -> 0 ->> 'unitPricePence')::integer
            end
       from charge_schedules s
       join schedule_prices p on p.tenant_id = s.tenant_id and p.schedule_id = s.id
      where s.tenant_id = p_tenant and s.status = 'published' and s.year_kind = 'academic'
        and s.year_start = p_year_start and p.service_id = p_service and p.customer_class = p_class
      order by s.version desc limit 1 $$`,
  `revoke all on function brokered_day_rate(uuid, uuid, text, date) from public`,

  // The class the supporting provider gives the payer: the account it holds, else as it would open one.
  `create function brokered_payer_class(p_provider uuid, p_urn integer, p_funded_by text)
     returns text language sql stable set search_path = public as $$
     select coalesce(
       (select c.customer_class from customer_accounts c
         where c.tenant_id = p_provider
           and c.organisation_id = case when p_funded_by = 'school'
                                        then (select o.id from organisations o where o.urn = p_urn and o.kind = 'school')
                                        else (select t.organisation_id from tenants t where t.id = app_tenant_id()) end),
       case when p_funded_by = 'school' then
         (select classify_school(s.la_code, s.type_group, s.type_of_establishment, t.la_code)
            from schools s, tenants t where s.urn = p_urn and t.id = p_provider)
       else 'partner_council' end) $$`,
  `revoke all on function brokered_payer_class(uuid, integer, text) from public`,

  // What the council can broker for a school and a year: every other provider's published
  // services counted in days, with the rate its published price gives the payer.
  `create function brokerage_offers(p_urn integer, p_academic_year smallint, p_funded_by text)
     returns table (supporting_tenant_id uuid, provider_name text, provider_kind text, service_id uuid,
                    service_code text, service_name text, customer_class text, published_rate_pence integer)
     language plpgsql stable security definer set search_path = public as $$
     declare v_council tenants%rowtype;
     begin
       v_council := brokering_council();
       return query
         select t.id, t.name, t.kind, s.id, s.code, s.name, x.class,
                brokered_day_rate(t.id, s.id, x.class, make_date(p_academic_year - 1, 9, 1))
           from tenants t
           join services s on s.tenant_id = t.id and s.status = 'published' and s.unit_kind = 'day'
           cross join lateral (select brokered_payer_class(t.id, p_urn, coalesce(p_funded_by, 'school')) as class) x
          where t.id <> v_council.id
          order by t.name, s.name;
     end $$`,
  `revoke all on function brokerage_offers(integer, smallint, text) from public`,
  `grant execute on function brokerage_offers(integer, smallint, text) to ${RUNTIME_ROLE}`,

  // Brokers support: checks who asks and for what, opens the payer's account with the provider
  // when it has none (classified from GIAS, as a school's first order would), places the order there
  // at the agreed rate awaiting the provider's acceptance, and records the brokerage.
  `create function broker_support(p_urn integer, p_academic_year smallint, p_supporting_tenant uuid,
                                  p_service uuid, p_days_hundredths integer, p_day_rate_pence integer,
                                  p_funded_by text, p_reason text, p_contact_name text, p_contact_email text,
                                  p_working text, p_key uuid)
     returns table (brokerage_id uuid, reference text, order_id uuid, order_line_id uuid, order_reference text)
     language plpgsql security definer set search_path = public as $$
     declare
       v_council tenants%rowtype;
       v_provider tenants%rowtype;
       v_service services%rowtype;
       v_school schools%rowtype;
       v_buyer uuid;
       v_account customer_accounts%rowtype;
       v_class text;
       v_year_start date := make_date(p_academic_year - 1, 9, 1);
       v_total bigint;
       v_schedule uuid;
       v_price jsonb;
       v_quote jsonb;
       v_number integer;
     begin
       v_council := brokering_council();
       if p_academic_year is null or p_academic_year not between 2000 and 2100 then
         perform refuse('Choose the academic year the support is for');
       end if;
       select s.* into v_school from schools s where s.urn = p_urn;
       if not found or not (v_school.la_code = v_council.la_code
            or exists (select 1 from support_placements p where p.tenant_id = v_council.id and p.urn = p_urn)
            or exists (select 1 from customer_accounts c join organisations o on o.id = c.organisation_id
                        where c.tenant_id = v_council.id and o.urn = p_urn)) then
         perform refuse('That school is not one of the council''s schools');
       end if;
       select t.* into v_provider from tenants t where t.id = p_supporting_tenant and t.id <> v_council.id;
       if not found then perform refuse('Choose a provider other than the council itself'); end if;
       select s.* into v_service from services s
        where s.tenant_id = p_supporting_tenant and s.id = p_service and s.status = 'published';
       if not found then perform refuse('Choose one of the provider''s published services'); end if;
       if p_days_hundredths is null or p_days_hundredths <= 0 then perform refuse('Give a number of days above 0'); end if;
       if p_day_rate_pence is null or p_day_rate_pence < 0 then perform refuse('Give the agreed day rate'); end if;
       if p_funded_by is null or p_funded_by not in ('authority','school') then
         perform refuse('Say whether the authority funds the support or the school buys it');
       end if;

       if p_funded_by = 'school' then
         select o.id into v_buyer from organisations o where o.urn = p_urn and o.kind = 'school';
       else
         v_buyer := v_council.organisation_id;
       end if;
       if v_buyer is null then perform refuse('That school has no organisation to buy with'); end if;

       select c.* into v_account from customer_accounts c where c.tenant_id = v_provider.id and c.organisation_id = v_buyer;
       if not found then
         v_class := brokered_payer_class(v_provider.id, p_urn, p_funded_by);
         insert into customer_accounts (tenant_id, organisation_id, customer_class, settlement_method)
         values (v_provider.id, v_buyer, v_class, case when v_class = 'own_maintained' then 'recharge' else 'invoice' end)
         returning * into v_account;
         insert into audit_events (tenant_id, actor_user_id, action, subject_type, subject_id, detail)
         values (v_provider.id, app_user_id(), 'customer_account.opened', 'customer_account', v_account.id::text,
                 jsonb_build_object('organisation', v_buyer, 'reason', 'brokered support', 'brokeredBy', v_council.name));
       end if;

       -- One numbering of brokerages per council at a time.
       perform pg_advisory_xact_lock(hashtextextended('brokerage:' || v_council.id::text, 0));
       -- The same form submitted twice brokers once: the second finds the first's order.
       select b.id, b.reference, b.order_id, b.order_line_id, b.order_reference
         into brokerage_id, reference, order_id, order_line_id, order_reference
         from orders o
         join brokered_supports b on b.tenant_id = v_council.id and b.supporting_tenant_id = o.tenant_id
                                 and b.order_id = o.id
        where o.tenant_id = v_provider.id and o.idempotency_key = 'brokerage:' || p_key::text;
       if found then return next; return; end if;
       select count(*) + 1 into v_number from brokered_supports b where b.tenant_id = v_council.id;
       brokerage_id := gen_random_uuid();
       order_id := gen_random_uuid();
       order_line_id := gen_random_uuid();
       reference := 'BRK-' || lpad(v_number::text, 4, '0');
       -- The provider's next order reference, as next_order_reference takes it (that function
       -- serves only the provider in scope or a buyer, and the council is neither).
       insert into order_counters (tenant_id, last_number) values (v_provider.id, 1)
       on conflict (tenant_id) do update set last_number = order_counters.last_number + 1
       returning last_number into v_number;
       order_reference := v_provider.reference_prefix || '-ORD-' || lpad(v_number::text, greatest(5, length(v_number::text)), '0');

       v_total := (p_days_hundredths::bigint * p_day_rate_pence + 50) / 100;
       select s.id into v_schedule from charge_schedules s
        where s.tenant_id = v_provider.id and s.status = 'published' and s.year_kind = 'academic'
          and s.year_start = v_year_start
        order by s.version desc limit 1;
       v_price := jsonb_build_object('model', 'per_unit', 'unitPricePence', p_day_rate_pence,
                                     'minimumChargePence', 0, 'rounding', 'penny');
       v_quote := jsonb_build_object(
         'lines', jsonb_build_array(jsonb_build_object(
           'description', 'Days at the rate agreed by ' || v_council.name,
           'quantity', ceil(p_days_hundredths / 100.0)::integer,
           'unitPricePence', p_day_rate_pence, 'amountPence', v_total)),
         'working', jsonb_build_array(coalesce(p_working, '')),
         'instalments', '[]'::jsonb);

       insert into orders (tenant_id, id, reference, organisation_id, placed_by_organisation_id, customer_class,
                           settlement_method, contact_name, contact_email, status, submitted_total_pence,
                           idempotency_key, submitted_by)
       values (v_provider.id, order_id, order_reference, v_buyer, v_council.organisation_id, v_account.customer_class,
               v_account.settlement_method, p_contact_name, p_contact_email, 'awaiting_provider', v_total,
               'brokerage:' || coalesce(p_key, brokerage_id)::text, app_user_id());
       insert into order_lines (tenant_id, id, order_id, line_number, service_id, service_code, service_name, unit_kind,
                                schedule_id, year_kind, year_start, quantity, preferred_dates, price, quote, total_pence,
                                allowance_hundredths, overage_unit_price_pence, cancellation_notice_days,
                                late_cancellation_percent)
       values (v_provider.id, order_line_id, order_id, 1, v_service.id, v_service.code, v_service.name, v_service.unit_kind,
               v_schedule, 'academic', v_year_start, ceil(p_days_hundredths / 100.0)::integer, '', v_price, v_quote, v_total,
               p_days_hundredths, null, v_service.cancellation_notice_days, v_service.late_cancellation_percent);
       insert into brokered_supports (tenant_id, id, reference, urn, academic_year, supporting_tenant_id, service_id,
                                      service_name, days_hundredths, day_rate_pence, funded_by, reason, order_id, order_line_id,
                                      order_reference, brokered_by)
       values (v_council.id, brokerage_id, reference, p_urn, p_academic_year, v_provider.id, v_service.id,
               v_service.name, p_days_hundredths, p_day_rate_pence, p_funded_by, btrim(p_reason), order_id, order_line_id,
               order_reference, app_user_id());
       insert into audit_events (tenant_id, actor_user_id, action, subject_type, subject_id, detail)
       values (v_provider.id, app_user_id(), 'order.brokered', 'order', order_id::text,
               jsonb_build_object('reference', order_reference, 'brokeredBy', v_council.name, 'brokerage', reference,
                                  'school', v_school.name, 'fundedBy', p_funded_by, 'daysHundredths', p_days_hundredths,
                                  'dayRatePence', p_day_rate_pence, 'totalPence', v_total));
       return next;
     end $$`,
  `revoke all on function broker_support(integer, smallint, uuid, uuid, integer, integer, text, text, text, text, text, uuid) from public`,
  `grant execute on function broker_support(integer, smallint, uuid, uuid, integer, integer, text, text, text, text, text, uuid) to ${RUNTIME_ROLE}`,

  // How each of the calling council's brokerages stands in the supporting provider's tenant: the
  // line's status, days confirmed and awaiting confirmation, and the feedback given on it.
  // Withdrawn: its order cancelled by someone of the brokering council (withdraw_brokerage below),
  // read from the order rather than stored a second time.
  `create function brokered_support_progress()
     returns table (brokerage_id uuid, line_status text, confirmed_hundredths integer,
                    awaiting_hundredths integer, feedback_count integer, rating_sum integer,
                    withdrawn_at timestamptz, withdrawn_by uuid, withdrawn_reason text,
                    cancellation_charge_pence bigint)
     language sql stable security definer set search_path = public as $$
     select b.id, l.status,
            coalesce((select sum(d.units_hundredths) from deliveries d
                       where d.tenant_id = l.tenant_id and d.order_line_id = l.id and d.status = 'confirmed'), 0)::integer,
            coalesce((select sum(d.units_hundredths) from deliveries d
                       where d.tenant_id = l.tenant_id and d.order_line_id = l.id and d.status in ('logged','disputed')), 0)::integer,
            (select count(*) from feedback f where f.tenant_id = l.tenant_id and f.order_line_id = l.id)::integer,
            coalesce((select sum(f.rating) from feedback f where f.tenant_id = l.tenant_id and f.order_line_id = l.id), 0)::integer,
            w.closed_at, w.closed_by, w.closed_reason, l.cancellation_charge_pence
       from brokered_supports b
       join order_lines l on l.tenant_id = b.supporting_tenant_id and l.id = b.order_line_id
       left join orders w on w.tenant_id = b.supporting_tenant_id and w.id = b.order_id and w.status = 'cancelled'
                         and exists (select 1 from tenant_memberships m where m.tenant_id = b.tenant_id and m.user_id = w.closed_by)
      where b.tenant_id = app_tenant_id() and app_tenant_id() is not null $$`,
  `revoke all on function brokered_support_progress() from public`,
  `grant execute on function brokered_support_progress() to ${RUNTIME_ROLE}`,

  // For the supporting provider, and for the buyer it was brokered for (the school, or the council's
  // own buying side): which council brokered one of its orders, for which school, and why.
  `create function order_brokerage(p_order uuid)
     returns table (council_name text, school_name text, urn integer, reference text, funded_by text, reason text)
     language sql stable security definer set search_path = public as $$
     select t.name, s.name, b.urn, b.reference, b.funded_by, b.reason
       from brokered_supports b
       join tenants t on t.id = b.tenant_id
       join schools s on s.urn = b.urn
      where b.order_id = p_order
        and ((b.supporting_tenant_id = app_tenant_id() and app_tenant_id() is not null)
             or exists (select 1 from orders o
                         where o.tenant_id = b.supporting_tenant_id and o.id = b.order_id
                           and o.organisation_id in (select buyer_organisation_ids()))) $$`,
  `revoke all on function order_brokerage(uuid) from public`,
  `grant execute on function order_brokerage(uuid) to ${RUNTIME_ROLE}`,

  // Withdrawing a brokerage, for a service manager or admin of the council that brokered it: its
  // order and line as they stand, and the terms the cancellation would be under, for the confirm step.
  `create function brokerage_withdrawal_terms(p_brokerage uuid)
     returns table (order_status text, line_status text, starts_on date, year_start date, year_kind text,
                    notice_days integer, late_percent integer, agreed_total_pence bigint, delivery_records integer)
     language plpgsql stable security definer set search_path = public as $$
     declare v_council tenants%rowtype;
     begin
       v_council := brokering_council();
       return query
         select o.status, l.status, l.starts_on, l.year_start, l.year_kind, l.cancellation_notice_days,
                l.late_cancellation_percent, line_current_total(l.tenant_id, l.id),
                (select count(*) from deliveries d join order_lines x on x.tenant_id = d.tenant_id and x.id = d.order_line_id
                  where x.tenant_id = o.tenant_id and x.order_id = o.id)::integer
           from brokered_supports b
           join orders o on o.tenant_id = b.supporting_tenant_id and o.id = b.order_id
           join order_lines l on l.tenant_id = b.supporting_tenant_id and l.id = b.order_line_id
          where b.tenant_id = v_council.id and b.id = p_brokerage;
     end $$`,
  `revoke all on function brokerage_withdrawal_terms(uuid) from public`,
  `grant execute on function brokerage_withdrawal_terms(uuid) to ${RUNTIME_ROLE}`,

  // Withdraws a brokerage as its buyer would cancel the order (app/commissioning/cancel-order.server.ts):
  // refused once the order is final, its contract year has ended or work is logged against it;
  // before the provider accepts it costs nothing, afterwards the line's late-cancellation share
  // when less notice than its terms ask is given before its start. p_today is the app's calendar
  // day, as the buyer's own cancellation takes it; p_charge_pence is the charge the person was
  // shown: a different charge now (the provider accepted meanwhile, say) is refused, not taken.
  `create function withdraw_brokerage(p_brokerage uuid, p_reason text, p_today date, p_charge_pence bigint,
                                      p_working text[])
     returns table (order_id uuid, order_reference text, supporting_tenant_id uuid, accepted boolean,
                    charge_pence bigint)
     language plpgsql security definer set search_path = public as $$
     declare
       v_council tenants%rowtype;
       v_b brokered_supports%rowtype;
       v_order orders%rowtype;
       v_line order_lines%rowtype;
       v_start date;
       v_charge bigint := 0;
       v_reason text := btrim(coalesce(p_reason, ''));
     begin
       v_council := brokering_council();
       select b.* into v_b from brokered_supports b where b.tenant_id = v_council.id and b.id = p_brokerage;
       if not found then perform refuse('That brokerage is not one of the council''s'); end if;
       if length(v_reason) = 0 then perform refuse('Enter a reason for withdrawing the brokerage'); end if;
       if length(v_reason) > 1000 then perform refuse('The reason must be 1,000 characters or fewer'); end if;
       if p_today is null then perform refuse('Give the day the brokerage is withdrawn'); end if;
       select o.* into v_order from orders o where o.tenant_id = v_b.supporting_tenant_id and o.id = v_b.order_id for update;
       select l.* into v_line from order_lines l where l.tenant_id = v_b.supporting_tenant_id and l.id = v_b.order_line_id for update;
       if v_order.status not in ('awaiting_approval','awaiting_provider','accepted') then
         perform refuse('This brokerage''s order is already ' || v_order.status || ', so there is nothing to withdraw');
       end if;
       if (v_line.year_start + interval '1 year' - interval '1 day')::date < p_today then
         perform refuse('The order''s contract year has ended, so it can no longer be withdrawn: ask the provider about a credit note');
       end if;
       if exists (select 1 from deliveries d join order_lines x on x.tenant_id = d.tenant_id and x.id = d.order_line_id
                   where x.tenant_id = v_order.tenant_id and x.order_id = v_order.id) then
         perform refuse('Work has already been logged against this brokerage, so it cannot be withdrawn here: contact the provider about the cancellation terms');
       end if;
       if v_order.status = 'accepted' and v_line.status in ('pending','active') and v_line.cancellation_notice_days is not null then
         v_start := coalesce(v_line.starts_on, v_line.year_start);
         if v_start - p_today < v_line.cancellation_notice_days then
           v_charge := (line_current_total(v_line.tenant_id, v_line.id) * v_line.late_cancellation_percent + 50) / 100;
         end if;
       end if;
       if p_charge_pence is distinct from v_charge then
         perform refuse('What withdrawing costs has changed since it was shown: check the cancellation charge and confirm again');
       end if;

       update orders o set status = 'cancelled', closed_reason = v_reason, closed_by = app_user_id(), closed_at = now()
        where o.tenant_id = v_order.tenant_id and o.id = v_order.id;
       update order_lines l set status = 'cancelled',
              cancellation_charge_pence = case when l.id = v_line.id then v_charge else 0 end
        where l.tenant_id = v_order.tenant_id and l.order_id = v_order.id and l.status in ('pending','active');
       insert into audit_events (tenant_id, actor_user_id, action, subject_type, subject_id, detail)
       values (v_order.tenant_id, app_user_id(), 'order.cancelled', 'order', v_order.id::text,
               jsonb_build_object('reason', v_reason, 'by', 'broker', 'brokeredBy', v_council.name,
                                  'brokerage', v_b.reference, 'cancellationChargePence', v_charge,
                                  'working', to_jsonb(coalesce(p_working, '{}'::text[]))));
       order_id := v_order.id;
       order_reference := v_order.reference;
       supporting_tenant_id := v_order.tenant_id;
       accepted := v_order.status = 'accepted';
       charge_pence := v_charge;
       return next;
     end $$`,
  `revoke all on function withdraw_brokerage(uuid, text, date, bigint, text[]) from public`,
  `grant execute on function withdraw_brokerage(uuid, text, date, bigint, text[]) to ${RUNTIME_ROLE}`,

  // The person who brokered an order is its submitter: the supporting provider's staff, and the
  // buyer it was brokered for, see that person's name and email on the order, as they see a
  // buyer's own submitter (person_visible in migration 0015 knows nothing of brokerage).
  `create function brokering_person_visible(p_user uuid) returns boolean
     language sql stable security definer set search_path = public as $$
     select exists (
       select 1 from brokered_supports b
        where b.brokered_by = p_user
          and (b.supporting_tenant_id = app_tenant_id()
               or exists (select 1 from orders o
                           where o.tenant_id = b.supporting_tenant_id and o.id = b.order_id
                             and o.organisation_id in (select buyer_organisation_ids())))) $$`,
  `revoke all on function brokering_person_visible(uuid) from public`,
  `grant execute on function brokering_person_visible(uuid) to ${RUNTIME_ROLE}`,
  `create policy brokering_people on users for select to ${RUNTIME_ROLE} using (brokering_person_visible(id))`,

  // The functions run as the owner, which FORCE subjects to row-level security too (a superuser
  // owner bypasses it anyway): they read and write both tenants' rows.
  `do $$ declare t text; begin
     foreach t in array array['brokered_supports','orders','order_lines','customer_accounts','audit_events','order_counters',
                              'deliveries','feedback','support_placements','schedule_prices','charge_schedules',
                              'services','tenant_memberships'] loop
       execute format('create policy owner_brokers on %I for all to %I using (true) with check (true)', t, current_user);
     end loop;
   end $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
