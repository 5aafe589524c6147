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

/** A table nobody may change or delete rows of once written: financial facts are appended. */
function appendOnly(table: string): string[] {
  return [
    `create trigger ${table}_append_only before update or delete on ${table}
       for each row execute function refuse_financial_change()`,
  ];
}

const BILLING_PLANS = `'annual','termly','monthly','split_7_5','arrears_monthly','arrears_termly','as_delivered'`;

const statements: string[] = [
  `create function refuse_financial_change() returns trigger language plpgsql set search_path = public as $$
     begin perform refuse(format('%s records are never changed or deleted: record a correction instead', tg_table_name)); return null; end $$`,

  // ---------------------------------------------------------------------------------------------
  // Where payment goes (printed on every invoice) and the VAT number's demo flag stay on tenants,
  // readable by all; secrets never go there (Stripe keys have their own table below).
  `alter table tenants add column bank_name text check (length(bank_name) <= 100)`,
  `alter table tenants add column bank_sort_code text check (bank_sort_code ~ '^[0-9]{2}-[0-9]{2}-[0-9]{2}$')`,
  `alter table tenants add column bank_account_number text check (bank_account_number ~ '^[0-9]{8}$')`,
  `alter table tenants add constraint tenants_invoice_prefix_length check (length(invoice_prefix) <= 6)`,
  `grant update (bank_name, bank_sort_code, bank_account_number, vat_number) on tenants to ${RUNTIME_ROLE}`,

  // ---------------------------------------------------------------------------------------------
  // Billing schedules: the service's default, the line's own (overridable until billing starts).
  // Work bought by the unit (days, hours, sessions, meetings) is billed in arrears each month by
  // default; subscriptions, packages, places and pupils once a year in advance.
  `create function default_billing_plan(p_unit_kind text) returns text language sql immutable
     set search_path = public as $$
     select case when p_unit_kind in ('hour','session','day','meeting') then 'arrears_monthly' else 'annual' end $$`,
  `alter table services add column billing_plan text check (billing_plan in (${BILLING_PLANS}))`,
  `update services set billing_plan = default_billing_plan(unit_kind)`,
  `alter table services alter column billing_plan set not null`,
  `create function services_billing_plan_default() returns trigger language plpgsql set search_path = public as $$
     begin
       new.billing_plan := coalesce(new.billing_plan, default_billing_plan(new.unit_kind));
       return new;
     end $$`,
  `create trigger services_billing_plan_default before insert on services
     for each row execute function services_billing_plan_default()`,
  `alter table order_lines add column billing_plan text check (billing_plan in (${BILLING_PLANS}))`,
  `update order_lines l set billing_plan = coalesce(
       case when l.price ->> 'model' = 'subscription' then l.price ->> 'instalments' end,
       (select s.billing_plan from services s where s.tenant_id = l.tenant_id and s.id = l.service_id))`,
  `alter table order_lines alter column billing_plan set not null`,
  `create function order_lines_billing_plan_default() returns trigger language plpgsql set search_path = public as $$
     begin
       if new.billing_plan is null then
         new.billing_plan := coalesce(
           case when new.price ->> 'model' = 'subscription' then new.price ->> 'instalments' end,
           (select s.billing_plan from services s where s.tenant_id = new.tenant_id and s.id = new.service_id),
           'annual');
       end if;
       return new;
     end $$`,
  `create trigger order_lines_billing_plan_default before insert on order_lines
     for each row execute function order_lines_billing_plan_default()`,

  // ---------------------------------------------------------------------------------------------
  // A billing run is its own job: the worker claims it with a lease, and a run whose worker died
  // is claimed again once the lease runs out. One run at a time per tenant.
  `create table billing_runs (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     period_kind text not null check (period_kind in ('month','term','up_to')),
     period_label text not null check (length(period_label) <= 100),
     period_start date,
     period_end date not null,
     status text not null default 'queued' check (status in ('queued','running','finished','failed')),
     customers_total integer,
     customers_done integer not null default 0,
     documents_made integer not null default 0,
     lines_made integer not null default 0,
     errors jsonb not null default '[]'::jsonb,
     outcome text,
     lease_until timestamptz,
     attempts integer not null default 0,
     started_by uuid references users (id),
     started_at timestamptz not null default now(),
     finished_at timestamptz,
     primary key (tenant_id, id),
     check (period_start is null or period_start <= period_end)
   )`,
  `create unique index billing_runs_one_at_a_time on billing_runs (tenant_id) where status in ('queued','running')`,
  `create index billing_runs_waiting on billing_runs (status) where status in ('queued','running')`,
  ...tenantOwned('billing_runs', 'select, insert, update'),

  // ---------------------------------------------------------------------------------------------
  // Invoices, recharges and credit notes. A draft is the run's proposal; finalising gives it a
  // number from the tenant's series and freezes it, with who it was to and from as printed.
  `create table document_counters (
     tenant_id uuid not null references tenants (id),
     kind text not null check (kind in ('invoice','recharge','credit_note')),
     last_number integer not null default 0,
     primary key (tenant_id, kind)
   )`,
  `alter table document_counters enable row level security`,
  `alter table document_counters force row level security`,
  `create policy owner_only on document_counters for all using (current_user <> '${RUNTIME_ROLE}')`,

  `create table billing_documents (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     kind text not null check (kind in ('invoice','recharge','credit_note')),
     run_id uuid,
     organisation_id uuid not null references organisations (id),
     status text not null default 'draft' check (status in ('draft','final','void')),
     number text,
     issued_on date,
     tax_point date,
     due_on date,
     po_number text check (length(po_number) <= 50),
     credits_document_id uuid,
     reason text check (length(reason) <= 500),
     customer_name text,
     customer_address text,
     account_code text,
     cost_centre text,
     billing_contact_name text,
     billing_contact_email text,
     supplier_name text,
     supplier_address text,
     supplier_vat_number text,
     remittance jsonb,
     net_pence bigint,
     vat_pence bigint,
     total_pence bigint,
     created_by uuid references users (id),
     created_at timestamptz not null default now(),
     finalised_by uuid references users (id),
     finalised_at timestamptz,
     sent_at timestamptz,
     sent_to text,
     voided_by uuid references users (id),
     voided_at timestamptz,
     void_reason text check (length(void_reason) <= 500),
     primary key (tenant_id, id),
     unique (tenant_id, kind, number),
     foreign key (tenant_id, run_id) references billing_runs (tenant_id, id),
     foreign key (tenant_id, credits_document_id) references billing_documents (tenant_id, id),
     foreign key (tenant_id, organisation_id) references customer_accounts (tenant_id, organisation_id),
     check ((status = 'draft') = (number is null)),
     check (status = 'draft' or (issued_on is not null and tax_point is not null and total_pence is not null
                                 and customer_name is not null and supplier_name is not null)),
     check (length(number) <= 18),
     check ((kind = 'credit_note') = (credits_document_id is not null)),
     check (kind <> 'invoice' or status = 'draft' or supplier_vat_number is not null),
     check ((status = 'void') = (voided_at is not null))
   )`,
  `create index billing_documents_run on billing_documents (tenant_id, run_id)`,
  `create index billing_documents_customer on billing_documents (organisation_id, status)`,
  `create index billing_documents_credits on billing_documents (tenant_id, credits_document_id) where credits_document_id is not null`,
  ...tenantOwned('billing_documents', 'select, insert, update'),
  // Buyers see what they were sent, never drafts.
  `create policy buyer_documents on billing_documents for select to ${RUNTIME_ROLE}
     using (status <> 'draft' and organisation_id in (select buyer_organisation_ids()))`,

  `create table billing_document_lines (
     tenant_id uuid not null,
     document_id uuid not null,
     id uuid not null default gen_random_uuid(),
     line_number integer not null check (line_number >= 1),
     charge_kind text not null check (charge_kind in ('instalment','delivery','overage','cancellation','manual','credit')),
     order_line_id uuid,
     delivery_id uuid,
     charge_key text,
     description text not null check (length(description) between 1 and 500),
     period_start date,
     period_end date,
     quantity_hundredths integer not null check (quantity_hundredths > 0),
     unit_price_pence bigint not null,
     net_pence bigint not null,
     vat_code text not null check (vat_code in ('S','E','O','Z')),
     vat_rate_basis_points integer not null check (vat_rate_basis_points between 0 and 10000),
     vat_pence bigint not null,
     po_number text,
     cost_centre text,
     subjective_code text,
     credits_line_id uuid,
     reason text check (length(reason) <= 500),
     added_by uuid references users (id),
     primary key (tenant_id, id),
     unique (tenant_id, document_id, line_number),
     foreign key (tenant_id, document_id) references billing_documents (tenant_id, id),
     foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id),
     foreign key (tenant_id, delivery_id) references deliveries (tenant_id, id),
     foreign key (tenant_id, credits_line_id) references billing_document_lines (tenant_id, id),
     check ((charge_key is null) = (order_line_id is null)),
     check (charge_kind <> 'manual' or reason is not null),
     check (vat_code = 'S' or vat_rate_basis_points = 0)
   )`,
  `create index billing_document_lines_order_line on billing_document_lines (tenant_id, order_line_id)`,
  `create index billing_document_lines_credits on billing_document_lines (tenant_id, credits_line_id) where credits_line_id is not null`,
  ...tenantOwned('billing_document_lines', 'select, insert'),
  `create policy buyer_document_lines on billing_document_lines for select to ${RUNTIME_ROLE}
     using (exists (select 1 from billing_documents d where d.tenant_id = billing_document_lines.tenant_id
                      and d.id = billing_document_lines.document_id))`,

  // Nothing is billed twice: one claim per order line and charge (an instalment, a delivery record,
  // its overage, a cancellation). A second bill for the same charge breaks this key. A claim goes
  // when its draft line is removed or its document is voided, so the charge can be billed again.
  `create table billed_charges (
     tenant_id uuid not null,
     order_line_id uuid not null,
     charge_key text not null,
     document_id uuid not null,
     document_line_id uuid not null,
     primary key (tenant_id, order_line_id, charge_key),
     foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id),
     foreign key (tenant_id, document_line_id) references billing_document_lines (tenant_id, id) on delete cascade
   )`,
  ...tenantOwned('billed_charges', 'select, insert, delete'),

  // A final document is frozen: from final, only voiding (before any payment) and recording that
  // it was sent change it; a void one never changes again. Lines change only on drafts.
  `create function billing_documents_frozen() returns trigger language plpgsql set search_path = public as $$
     declare changed text[];
     begin
       if tg_op = 'DELETE' then
         if old.status <> 'draft' then perform refuse('A finalised document is never deleted: void it or raise a credit note'); end if;
         return old;
       end if;
       if old.status = 'draft' then
         if new.status = 'void' then perform refuse('A draft is not voided: remove it or finalise it'); end if;
         return new;
       end if;
       changed := changed_columns(to_jsonb(old), to_jsonb(new));
       if old.status = 'final' and new.status = 'void'
          and changed <@ array['status','voided_by','voided_at','void_reason'] then
         if exists (select 1 from payment_allocations a where a.tenant_id = old.tenant_id and a.document_id = old.id) then
           perform refuse('A document with a payment against it cannot be voided: raise a credit note');
         end if;
         if exists (select 1 from billing_documents c where c.tenant_id = old.tenant_id and c.credits_document_id = old.id
                      and c.status = 'final') then
           perform refuse('A document with a credit note against it cannot be voided');
         end if;
         return new;
       end if;
       if old.status = 'final' and changed <@ array['sent_at','sent_to'] and old.sent_at is null then
         return new;
       end if;
       perform refuse(format('%s %s is final and never changes: void it or raise a credit note', old.kind, old.number));
       return null;
     end $$`,
  `create trigger billing_documents_frozen before update or delete on billing_documents
     for each row execute function billing_documents_frozen()`,
  `create function billing_document_lines_frozen() returns trigger language plpgsql set search_path = public as $$
     declare doc record;
     begin
       select d.status, d.kind, d.number into doc from billing_documents d
        where d.tenant_id = coalesce(new.tenant_id, old.tenant_id) and d.id = coalesce(new.document_id, old.document_id);
       if doc.status is distinct from 'draft' then
         perform refuse(format('The lines of %s %s are final and never change', doc.kind, doc.number));
       end if;
       return coalesce(new, old);
     end $$`,
  `create trigger billing_document_lines_frozen before insert or update or delete on billing_document_lines
     for each row execute function billing_document_lines_frozen()`,
  // A claim of a final document stays until the document is voided.
  `create function billed_charges_held() returns trigger language plpgsql set search_path = public as $$
     begin
       if exists (select 1 from billing_documents d where d.tenant_id = old.tenant_id and d.id = old.document_id
                    and d.status = 'final') then
         perform refuse('A charge on a final document stays billed: void the document or raise a credit note');
       end if;
       return old;
     end $$`,
  `create trigger billed_charges_held before delete on billed_charges
     for each row execute function billed_charges_held()`,

  // Numbers are taken only while finalising, for the tenant in scope, with no gaps: the counter row
  // is updated in the finalising transaction, so a rolled-back finalisation gives its number back.
  `create function next_document_number(p_tenant uuid, p_kind text) returns text
     language plpgsql security definer set search_path = public as $$
     declare n integer; prefix text;
     begin
       if p_tenant is null or p_tenant is distinct from app_tenant_id() then
         perform refuse('Document numbers are taken only for the provider in scope');
       end if;
       select invoice_prefix into prefix from tenants where id = p_tenant;
       insert into document_counters (tenant_id, kind, last_number) values (p_tenant, p_kind, 1)
       on conflict (tenant_id, kind) do update set last_number = document_counters.last_number + 1
       returning last_number into n;
       return prefix || case p_kind when 'invoice' then 'INV' when 'recharge' then 'RCH' else 'CRN' end
              || lpad(n::text, greatest(6, length(n::text)), '0');
     end $$`,
  `revoke all on function next_document_number(uuid, text) from public`,
  `grant execute on function next_document_number(uuid, text) to ${RUNTIME_ROLE}`,

  // The runtime role deletes nothing that holds money: a draft's line is removed, or a whole draft
  // discarded, only through these, only for the tenant in scope and only while it is a draft.
  `create function remove_draft_line(p_tenant uuid, p_line uuid) returns void
     language plpgsql security definer set search_path = public as $$
     begin
       if p_tenant is null or p_tenant is distinct from app_tenant_id() then
         perform refuse('Draft lines are removed only for the provider in scope');
       end if;
       delete from billed_charges where tenant_id = p_tenant and document_line_id = p_line;
       delete from billing_document_lines where tenant_id = p_tenant and id = p_line;
     end $$`,
  `create function discard_draft(p_tenant uuid, p_document uuid) returns void
     language plpgsql security definer set search_path = public as $$
     begin
       if p_tenant is null or p_tenant is distinct from app_tenant_id() then
         perform refuse('Drafts are discarded only for the provider in scope');
       end if;
       delete from billed_charges where tenant_id = p_tenant and document_id = p_document;
       delete from billing_document_lines where tenant_id = p_tenant and document_id = p_document;
       delete from billing_documents where tenant_id = p_tenant and id = p_document;
     end $$`,
  // Those functions run as the owner, which FORCE subjects to row-level security too.
  `do $$ declare t text; begin
     foreach t in array array['billing_documents','billing_document_lines','billed_charges'] loop
       execute format('create policy owner_discards on %I for all to %I using (true) with check (true)', t, current_user);
     end loop;
   end $$`,
  `revoke all on function remove_draft_line(uuid, uuid) from public`,
  `revoke all on function discard_draft(uuid, uuid) from public`,
  `grant execute on function remove_draft_line(uuid, uuid) to ${RUNTIME_ROLE}`,
  `grant execute on function discard_draft(uuid, uuid) to ${RUNTIME_ROLE}`,

  // A credit note never takes back more than is left of the document it credits.
  `create function credit_notes_within_invoice() returns trigger language plpgsql set search_path = public as $$
     declare invoiced bigint; credited bigint;
     begin
       if new.kind = 'credit_note' and new.status = 'final' and old.status = 'draft' then
         select total_pence into invoiced from billing_documents
          where tenant_id = new.tenant_id and id = new.credits_document_id and status = 'final';
         if invoiced is null then perform refuse('Only a final, not void, document can be credited'); end if;
         select coalesce(sum(total_pence), 0) into credited from billing_documents
          where tenant_id = new.tenant_id and credits_document_id = new.credits_document_id and status = 'final' and id <> new.id;
         if credited + new.total_pence > invoiced then
           perform refuse(format('A credit note can take back at most %s pence, what is left of the document', invoiced - credited));
         end if;
       end if;
       return new;
     end $$`,
  `create trigger credit_notes_within_invoice before update on billing_documents
     for each row execute function credit_notes_within_invoice()`,

  // ---------------------------------------------------------------------------------------------
  // Payments: money in, allocated to documents; what is not allocated is the customer's credit,
  // which can be refunded. All appended, never changed.
  `create table payments (
     tenant_id uuid not null,
     id uuid not null default gen_random_uuid(),
     organisation_id uuid not null,
     received_on date not null,
     amount_pence bigint not null check (amount_pence > 0),
     method text not null check (method in ('bank_transfer','bacs','cheque','card','stripe')),
     reference text not null default '' check (length(reference) <= 100),
     external_id text,
     recorded_by uuid references users (id),
     recorded_at timestamptz not null default now(),
     primary key (tenant_id, id),
     unique (tenant_id, external_id),
     foreign key (tenant_id, organisation_id) references customer_accounts (tenant_id, organisation_id)
   )`,
  ...tenantOwned('payments', 'select, insert'),
  ...appendOnly('payments'),
  `create policy buyer_payments on payments for select to ${RUNTIME_ROLE}
     using (organisation_id in (select buyer_organisation_ids()))`,

  `create table payment_allocations (
     tenant_id uuid not null,
     id uuid not null default gen_random_uuid(),
     payment_id uuid not null,
     document_id uuid not null,
     amount_pence bigint not null check (amount_pence > 0),
     allocated_by uuid references users (id),
     allocated_at timestamptz not null default now(),
     primary key (tenant_id, id),
     foreign key (tenant_id, payment_id) references payments (tenant_id, id),
     foreign key (tenant_id, document_id) references billing_documents (tenant_id, id)
   )`,
  `create index payment_allocations_document on payment_allocations (tenant_id, document_id)`,
  `create index payment_allocations_payment on payment_allocations (tenant_id, payment_id)`,
  ...tenantOwned('payment_allocations', 'select, insert'),
  ...appendOnly('payment_allocations'),
  `create policy buyer_allocations on payment_allocations for select to ${RUNTIME_ROLE}
     using (exists (select 1 from payments p where p.tenant_id = payment_allocations.tenant_id and p.id = payment_allocations.payment_id))`,

  `create table credit_refunds (
     tenant_id uuid not null,
     id uuid not null default gen_random_uuid(),
     organisation_id uuid not null,
     refunded_on date not null,
     amount_pence bigint not null check (amount_pence > 0),
     reference text not null default '' check (length(reference) <= 100),
     recorded_by uuid references users (id),
     recorded_at timestamptz not null default now(),
     primary key (tenant_id, id),
     foreign key (tenant_id, organisation_id) references customer_accounts (tenant_id, organisation_id)
   )`,
  ...tenantOwned('credit_refunds', 'select, insert'),
  ...appendOnly('credit_refunds'),
  `create policy buyer_refunds on credit_refunds for select to ${RUNTIME_ROLE}
     using (organisation_id in (select buyer_organisation_ids()))`,

  // An allocation goes to a final document of the payer's, never beyond what is owed on it, never
  // beyond what is left of the payment. Serialised per customer so two at once cannot both pass.
  `create function payment_allocations_fit() returns trigger language plpgsql set search_path = public as $$
     declare doc record; pay record; allocated bigint; credited bigint;
     begin
       select p.organisation_id, p.amount_pence into pay from payments p where p.tenant_id = new.tenant_id and p.id = new.payment_id;
       perform pg_advisory_xact_lock(hashtextextended(new.tenant_id::text || pay.organisation_id::text, 0));
       select d.kind, d.status, d.organisation_id, d.total_pence into doc from billing_documents d
        where d.tenant_id = new.tenant_id and d.id = new.document_id;
       if doc.status is distinct from 'final' or doc.kind = 'credit_note' then
         perform refuse('A payment is allocated only to a final invoice or recharge');
       end if;
       if doc.organisation_id <> pay.organisation_id then
         perform refuse('A payment is allocated only to the payer''s own documents');
       end if;
       select coalesce(sum(amount_pence), 0) into allocated from payment_allocations
        where tenant_id = new.tenant_id and payment_id = new.payment_id;
       if allocated + new.amount_pence > pay.amount_pence then
         perform refuse(format('Only %s pence of this payment is left to allocate', pay.amount_pence - allocated));
       end if;
       select coalesce(sum(amount_pence), 0) into allocated from payment_allocations
        where tenant_id = new.tenant_id and document_id = new.document_id;
       select coalesce(sum(total_pence), 0) into credited from billing_documents
        where tenant_id = new.tenant_id and credits_document_id = new.document_id and status = 'final';
       if allocated + credited + new.amount_pence > doc.total_pence then
         perform refuse(format('Only %s pence is owed on this document', doc.total_pence - allocated - credited));
       end if;
       return new;
     end $$`,
  `create trigger payment_allocations_fit before insert on payment_allocations
     for each row execute function payment_allocations_fit()`,

  // ---------------------------------------------------------------------------------------------
  // Stripe, per tenant and optional: the secret key and webhook signing secret are stored
  // encrypted (AES-256-GCM with a key from the environment); the database never sees them plain.
  `create table stripe_settings (
     tenant_id uuid primary key references tenants (id),
     publishable_key text not null check (length(publishable_key) <= 200),
     secret_key_encrypted text not null,
     webhook_secret_encrypted text not null,
     updated_by uuid references users (id),
     updated_at timestamptz not null default now()
   )`,
  ...tenantOwned('stripe_settings', 'select, insert, update, delete'),
  `create table stripe_invoices (
     tenant_id uuid not null,
     document_id uuid not null,
     stripe_customer_id text not null,
     stripe_invoice_id text not null,
     hosted_invoice_url text,
     stripe_status text not null,
     updated_at timestamptz not null default now(),
     primary key (tenant_id, document_id),
     unique (tenant_id, stripe_invoice_id),
     foreign key (tenant_id, document_id) references billing_documents (tenant_id, id)
   )`,
  ...tenantOwned('stripe_invoices', 'select, insert, update'),
  `create policy buyer_stripe_invoices on stripe_invoices for select to ${RUNTIME_ROLE}
     using (exists (select 1 from billing_documents d where d.tenant_id = stripe_invoices.tenant_id and d.id = stripe_invoices.document_id))`,
  `create table stripe_events (
     tenant_id uuid not null references tenants (id),
     event_id text not null,
     event_type text not null,
     received_at timestamptz not null default now(),
     primary key (tenant_id, event_id)
   )`,
  ...tenantOwned('stripe_events', 'select, insert'),
  ...appendOnly('stripe_events'),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The billing migration is not reversible');
}
