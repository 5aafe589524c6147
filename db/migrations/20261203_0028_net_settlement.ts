import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// Net settlement between authorities (issue 10). Two councils that supply each other (each a
// tenant, each a customer of the other) settle what they owe each other by netting: the smaller of
// the two outstanding amounts is recorded on both sides as a payment by 'netting', allocated to
// each side's oldest open invoices, in one transaction, so both ledgers agree.

const RUNTIME_ROLE = 'traded_app';

const statements: string[] = [
  `alter table payments drop constraint payments_method_check`,
  `alter table payments add constraint payments_method_check
     check (method in ('bank_transfer','bacs','cheque','card','stripe','netting'))`,

  // One settlement, one id, a row on each side: each tenant sees its own row through row-level
  // security, and the shared id ties the two together.
  `create table net_settlements (
     tenant_id uuid not null references tenants (id),
     id uuid not null,
     partner_tenant_id uuid not null references tenants (id),
     partner_organisation_id uuid not null references organisations (id),
     period_start date not null,
     period_end date not null,
     amount_pence bigint not null check (amount_pence > 0),
     payment_id uuid not null,
     reference text not null check (length(reference) <= 100),
     settled_by uuid references users (id),
     settled_by_tenant_id uuid not null references tenants (id),
     settled_at timestamptz not null default now(),
     primary key (tenant_id, id),
     foreign key (tenant_id, payment_id) references payments (tenant_id, id),
     check (period_start <= period_end),
     check (partner_tenant_id <> tenant_id)
   )`,
  `alter table net_settlements enable row level security`,
  `alter table net_settlements force row level security`,
  `create policy tenant_isolation on net_settlements for all to ${RUNTIME_ROLE}
     using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())`,
  `grant select on net_settlements to ${RUNTIME_ROLE}`,
  `create trigger net_settlements_append_only before update or delete on net_settlements
     for each row execute function refuse_financial_change()`,

  // The final invoices and recharges one tenant issued to one organisation in a period, with what
  // is paid and credited against each: the one rule both the statement and the netting read.
  `create function netting_documents(p_supplier uuid, p_customer uuid, p_from date, p_to date)
     returns table (document_id uuid, number text, kind text, issued_on date, due_on date,
                    total_pence bigint, paid_pence bigint, credited_pence bigint, outstanding_pence bigint)
     language sql stable set search_path = public as $$
     select d.id, d.number, d.kind, d.issued_on, d.due_on, d.total_pence, x.paid, x.credited,
            d.total_pence - x.paid - x.credited
       from billing_documents d
       cross join lateral (
         select coalesce((select sum(a.amount_pence) from payment_allocations a
                           where a.tenant_id = d.tenant_id and a.document_id = d.id), 0)::bigint as paid,
                coalesce((select sum(c.total_pence) from billing_documents c
                           where c.tenant_id = d.tenant_id and c.credits_document_id = d.id
                             and c.status = 'final'), 0)::bigint as credited) x
      where d.tenant_id = p_supplier and d.organisation_id = p_customer
        and d.status = 'final' and d.kind <> 'credit_note'
        and d.issued_on between p_from and p_to
      order by d.issued_on, d.number $$`,
  `revoke all on function netting_documents(uuid, uuid, date, date) from public`,

  // Who may net with whom: finance (or an admin) of the tenant in scope, with a council that is a
  // tenant here, each a customer of the other. Returns the two councils' organisations.
  `create function netting_parties(p_partner uuid, out our_organisation uuid, out partner_organisation uuid)
     language plpgsql stable set search_path = public as $$
     declare v_tenant uuid := app_tenant_id();
     begin
       if v_tenant is null or app_user_id() is null or not exists (
            select 1 from tenant_memberships m
             where m.tenant_id = v_tenant and m.user_id = app_user_id() and m.role in ('admin','finance')) then
         perform refuse('Only finance of one of the two councils may see or settle their account by netting');
       end if;
       select t.organisation_id into our_organisation from tenants t where t.id = v_tenant;
       select t.organisation_id into partner_organisation from tenants t where t.id = p_partner and t.id <> v_tenant;
       if partner_organisation is null
          or not exists (select 1 from customer_accounts c where c.tenant_id = v_tenant and c.organisation_id = partner_organisation)
          or not exists (select 1 from customer_accounts c where c.tenant_id = p_partner and c.organisation_id = our_organisation) then
         perform refuse('That council is not a partner that you and it each supply');
       end if;
     end $$`,
  `revoke all on function netting_parties(uuid) from public`,

  // The statement between the tenant in scope and a partner: every document each invoiced the
  // other in the period ('ours': we invoiced them; 'theirs': they invoiced us).
  `create function net_settlement_statement(p_partner uuid, p_from date, p_to date)
     returns table (side text, document_id uuid, number text, kind text, issued_on date, due_on date,
                    total_pence bigint, paid_pence bigint, credited_pence bigint, outstanding_pence bigint)
     language plpgsql stable security definer set search_path = public as $$
     declare p record;
     begin
       select * into p from netting_parties(p_partner);
       return query
         select 'ours'::text, n.* from netting_documents(app_tenant_id(), p.partner_organisation, p_from, p_to) n
         union all
         select 'theirs'::text, n.* from netting_documents(p_partner, p.our_organisation, p_from, p_to) n;
     end $$`,
  `revoke all on function net_settlement_statement(uuid, date, date) from public`,
  `grant execute on function net_settlement_statement(uuid, date, date) to ${RUNTIME_ROLE}`,

  // Settles by netting: the amount the person saw (the smaller outstanding side) is paid on both
  // sides at once, each allocated to that side's oldest open documents of the period. Refused when
  // nothing is left to net or the figures moved since the statement was drawn.
  `create function settle_by_netting(p_partner uuid, p_from date, p_to date, p_amount bigint) returns uuid
     language plpgsql security definer set search_path = public as $$
     declare
       p record;
       v_tenant uuid := app_tenant_id();
       v_ours bigint;
       v_theirs bigint;
       v_net bigint;
       v_id uuid := gen_random_uuid();
       v_reference text;
       v_today date := (now() at time zone 'Europe/London')::date;
       v_side record;
       v_payment uuid;
       v_left bigint;
       v_take bigint;
       d record;
     begin
       select * into p from netting_parties(p_partner);
       if p_from is null or p_to is null or p_from > p_to then perform refuse('Give a period whose last day is after its first'); end if;
       -- One netting between a pair at a time, then each side's customer money in a fixed order (the
       -- same locks payments take), so nothing else moves the figures while they are checked.
       perform pg_advisory_xact_lock(hashtextextended('netting:' || least(v_tenant, p_partner)::text
                                                      || greatest(v_tenant, p_partner)::text, 0));
       for v_side in select * from (values (v_tenant, p.partner_organisation), (p_partner, p.our_organisation)) s(t, o)
                      order by 1 loop
         perform pg_advisory_xact_lock(hashtextextended(v_side.t::text || v_side.o::text, 0));
       end loop;
       select coalesce(sum(outstanding_pence), 0) into v_ours
         from netting_documents(v_tenant, p.partner_organisation, p_from, p_to) where outstanding_pence > 0;
       select coalesce(sum(outstanding_pence), 0) into v_theirs
         from netting_documents(p_partner, p.our_organisation, p_from, p_to) where outstanding_pence > 0;
       v_net := least(v_ours, v_theirs);
       if v_net <= 0 then
         perform refuse('Nothing is left to net: one of the two councils owes the other nothing for this period');
       end if;
       if p_amount is distinct from v_net then
         perform refuse(format('The amounts owed have changed since the statement was drawn: %s pence can be netted now', v_net));
       end if;
       v_reference := 'Netting ' || upper(left(v_id::text, 8));
       for v_side in select * from (values (v_tenant, p.partner_organisation, p_partner),
                                           (p_partner, p.our_organisation, v_tenant)) s(t, o, partner) loop
         insert into payments (tenant_id, organisation_id, received_on, amount_pence, method, reference, recorded_by)
         values (v_side.t, v_side.o, v_today, v_net, 'netting', v_reference, app_user_id())
         returning id into v_payment;
         v_left := v_net;
         for d in select * from netting_documents(v_side.t, v_side.o, p_from, p_to) where outstanding_pence > 0 loop
           exit when v_left = 0;
           v_take := least(v_left, d.outstanding_pence);
           insert into payment_allocations (tenant_id, payment_id, document_id, amount_pence, allocated_by)
           values (v_side.t, v_payment, d.document_id, v_take, app_user_id());
           v_left := v_left - v_take;
         end loop;
         insert into net_settlements (tenant_id, id, partner_tenant_id, partner_organisation_id, period_start, period_end,
                                      amount_pence, payment_id, reference, settled_by, settled_by_tenant_id)
         values (v_side.t, v_id, v_side.partner, v_side.o, p_from, p_to, v_net, v_payment, v_reference,
                 app_user_id(), v_tenant);
       end loop;
       return v_id;
     end $$`,
  `revoke all on function settle_by_netting(uuid, date, date, bigint) from public`,
  `grant execute on function settle_by_netting(uuid, date, date, bigint) to ${RUNTIME_ROLE}`,

  // Those functions run as the owner, which FORCE subjects to row-level security too (a superuser
  // owner bypasses it anyway): it reads both tenants' documents and writes both sides' payments.
  `do $$ declare t text; begin
     foreach t in array array['payments','payment_allocations','net_settlements','tenant_memberships'] loop
       execute format('create policy owner_nets on %I for all to %I using (true) with check (true)', t, current_user);
     end loop;
   end $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
