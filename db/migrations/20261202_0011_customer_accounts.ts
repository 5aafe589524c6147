import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const RUNTIME_ROLE = 'traded_app';

const statements: string[] = [
  // The backfills below run as the owner; with FORCE on, an owner that is not a superuser would
  // see no rows and backfill nothing. Forced again at the end (one transaction).
  `alter table customer_accounts no force row level security`,
  `alter table orders no force row level security`,
  `alter table agreements no force row level security`,
  `alter table year_kind_defaults no force row level security`,

  // What a provider needs to bill a customer: where the invoice or recharge goes, the ledger's code
  // for the customer, and the contract year it budgets by.
  `alter table customer_accounts add column billing_address_line1 text check (length(billing_address_line1) <= 100)`,
  `alter table customer_accounts add column billing_address_line2 text check (length(billing_address_line2) <= 100)`,
  `alter table customer_accounts add column billing_town text check (length(billing_town) <= 100)`,
  `alter table customer_accounts add column billing_postcode text check (length(billing_postcode) <= 8)`,
  `alter table customer_accounts add column invoice_trust boolean not null default false`,
  `alter table customer_accounts add column year_kind text check (year_kind in ('academic','financial'))`,
  `alter table customer_accounts add column updated_at timestamptz not null default now()`,
  `alter table customer_accounts add column updated_by uuid references users (id)`,
  `alter table customer_accounts add constraint customer_accounts_account_code_format
     check (account_code ~ '^[A-Z0-9][A-Z0-9/._-]{0,19}$')`,
  `alter table customer_accounts add constraint customer_accounts_contact_lengths
     check (length(billing_contact_name) <= 200 and length(billing_contact_email) <= 254)`,
  // One ledger code names one customer of a tenant.
  `create unique index customer_accounts_account_code on customer_accounts (tenant_id, account_code)
     where account_code is not null`,
  `create index customer_accounts_tenant_class on customer_accounts (tenant_id, customer_class)`,

  // The contract year a customer class budgets by unless the provider says otherwise (the same
  // table as app/calendar/year-kind-defaults.ts; a test keeps the two in step) ...
  `create function default_year_kind(p_class text) returns text language sql immutable
     set search_path = public as $$
     select case p_class
       when 'own_maintained' then 'financial'
       when 'other_la_school' then 'financial'
       when 'partner_council' then 'financial'
       else 'academic' end $$`,
  // ... and what the provider says (its calendar setting), as findYearKindDefault reads it.
  `create function tenant_year_kind(p_tenant uuid, p_class text) returns text language sql stable
     set search_path = public as $$
     select coalesce((select d.year_kind from year_kind_defaults d
                       where d.tenant_id = p_tenant and d.customer_class = p_class),
                     default_year_kind(p_class)) $$`,

  // The billing address a new account starts from: a school's GIAS record, or a council's own
  // address where it is a provider here.
  `create function default_billing_address(p_organisation uuid)
     returns table (line1 text, line2 text, town text, postcode text)
     language sql stable set search_path = public as $$
     select nullif(trim(s.street), ''), null::text, nullif(trim(s.town), ''), nullif(upper(trim(s.postcode)), '')
       from organisations o join schools s on s.urn = o.urn
      where o.id = p_organisation
     union all
     select lines[1],
            nullif(array_to_string(lines[2:greatest(array_length(lines, 1) - 1, 1)], ', '), ''),
            case when array_length(lines, 1) > 1 then lines[array_length(lines, 1)] end,
            t.postcode
       from tenants t
       cross join lateral (select array_remove(string_to_array(t.address, E'\\n'), '') as lines) l
      where t.organisation_id = p_organisation
     limit 1 $$`,

  // How a provider classifies a school from GIAS: the same rule as classifySchool in
  // app/tenancy/customer-class.ts (a test keeps the two in step).
  `create function classify_school(p_la_code text, p_type_group text, p_type_of_establishment text, p_provider_la text)
     returns text language sql immutable set search_path = public as $$
     select case
       when p_type_group = 'independent' then 'independent_other'
       when p_la_code <> p_provider_la then 'other_la_school'
       when p_type_group in ('academy','free_school','other')
         or (p_type_group = 'special' and coalesce(p_type_of_establishment, '') ~* 'academy|free school') then 'academy'
       else 'own_maintained' end $$`,

  // Existing accounts: the GIAS (or council) address and the default year type.
  `update customer_accounts c
      set (billing_address_line1, billing_address_line2, billing_town, billing_postcode) =
          (select a.line1, a.line2, a.town, a.postcode from default_billing_address(c.organisation_id) a)
    where c.billing_address_line1 is null and c.billing_town is null and c.billing_postcode is null`,
  `update customer_accounts set year_kind = tenant_year_kind(tenant_id, customer_class) where year_kind is null`,
  `alter table customer_accounts alter column year_kind set not null`,

  // Every new account starts from those defaults unless it is given its own; consolidated
  // invoicing to a trust is only for a school that is in one.
  `create function customer_accounts_defaults() returns trigger language plpgsql
     set search_path = public as $$
     begin
       if tg_op = 'INSERT' then
         new.year_kind := coalesce(new.year_kind, tenant_year_kind(new.tenant_id, new.customer_class));
         if new.billing_address_line1 is null and new.billing_town is null and new.billing_postcode is null then
           select a.line1, a.line2, a.town, a.postcode
             into new.billing_address_line1, new.billing_address_line2, new.billing_town, new.billing_postcode
             from default_billing_address(new.organisation_id) a;
         end if;
       end if;
       if new.invoice_trust and not exists (
            select 1 from organisations o where o.id = new.organisation_id and o.kind = 'school' and o.trust_id is not null) then
         raise exception 'Only a school in a trust can be invoiced through its trust' using errcode = 'check_violation';
       end if;
       return new;
     end $$`,
  `create trigger customer_accounts_defaults before insert or update on customer_accounts
     for each row execute function customer_accounts_defaults()`,

  // No order or agreement without an account: open the missing ones from what was ordered.
  `insert into customer_accounts (tenant_id, organisation_id, customer_class, settlement_method)
     select distinct on (tenant_id, organisation_id) tenant_id, organisation_id, customer_class, settlement_method
       from orders order by tenant_id, organisation_id, submitted_at desc
     on conflict (tenant_id, organisation_id) do nothing`,
  `insert into customer_accounts (tenant_id, organisation_id, customer_class, settlement_method)
     select distinct tenant_id, commissioner_organisation_id, 'partner_council', 'invoice' from agreements
     on conflict (tenant_id, organisation_id) do nothing`,
  `alter table orders add constraint orders_customer_account_fk
     foreign key (tenant_id, organisation_id) references customer_accounts (tenant_id, organisation_id)`,
  `alter table agreements add constraint agreements_customer_account_fk
     foreign key (tenant_id, commissioner_organisation_id) references customer_accounts (tenant_id, organisation_id)`,

  // A school ordering for the first time from a provider that sells to it (any school in England,
  // say) has no account there yet. The buyer's scope cannot write accounts, so this one function
  // opens one: only for an organisation the buyer acts for, only with a provider that offers that
  // school a published service, classified and addressed from GIAS, never from what the caller says.
  `create function open_customer_account(p_tenant uuid, p_organisation uuid)
     returns table (account_id uuid, opened boolean)
     language plpgsql security definer set search_path = public as $$
     declare
       v_school schools%rowtype;
       v_provider_la text;
       v_class text;
     begin
       if app_organisation_id() is null
          or p_organisation is null
          or p_organisation not in (select buyer_organisation_ids()) then
         raise exception 'open_customer_account: not an organisation you act for' using errcode = 'insufficient_privilege';
       end if;
       select c.id into account_id from customer_accounts c
        where c.tenant_id = p_tenant and c.organisation_id = p_organisation;
       if found then
         opened := false;
         return next;
         return;
       end if;
       if not exists (select 1 from services s
                       where s.tenant_id = p_tenant and s.status = 'published'
                         and buyer_may_see(s.tenant_id, s.sold_to, p_organisation)) then
         raise exception 'open_customer_account: that provider offers this organisation nothing' using errcode = 'insufficient_privilege';
       end if;
       select s.* into v_school from organisations o join schools s on s.urn = o.urn
        where o.id = p_organisation and o.kind = 'school';
       if not found then
         raise exception 'open_customer_account: only a school opens its own account' using errcode = 'insufficient_privilege';
       end if;
       select t.la_code into v_provider_la from tenants t where t.id = p_tenant;
       v_class := classify_school(v_school.la_code, v_school.type_group, v_school.type_of_establishment, v_provider_la);
       insert into customer_accounts (tenant_id, organisation_id, customer_class, settlement_method)
       values (p_tenant, p_organisation, v_class, case when v_class = 'own_maintained' then 'recharge' else 'invoice' end)
       on conflict (tenant_id, organisation_id) do nothing
       returning id into account_id;
       opened := account_id is not null;
       if not opened then
         select c.id into account_id from customer_accounts c
          where c.tenant_id = p_tenant and c.organisation_id = p_organisation;
       end if;
       return next;
     end $$`,
  `revoke all on function open_customer_account(uuid, uuid) from public`,
  `grant execute on function open_customer_account(uuid, uuid) to ${RUNTIME_ROLE}`,
  // The function runs as the owner, which FORCE makes subject to row-level security like anyone
  // else: it may read services and year types, and read and open accounts (a superuser owner
  // bypasses this anyway).
  `do $$ begin
     execute format('create policy account_opener on customer_accounts for select to %I using (true)', current_user);
     execute format('create policy account_opener_insert on customer_accounts for insert to %I with check (true)', current_user);
     execute format('create policy account_opener on services for select to %I using (true)', current_user);
     execute format('create policy account_opener on year_kind_defaults for select to %I using (true)', current_user);
   end $$`,

  `alter table customer_accounts force row level security`,
  `alter table orders force row level security`,
  `alter table agreements force row level security`,
  `alter table year_kind_defaults force row level security`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
