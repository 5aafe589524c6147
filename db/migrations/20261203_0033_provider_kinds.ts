import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// Providers beyond councils (issue 13): a tenant is a council, a teaching school or an academy
// trust. Its organisation is of the matching kind (a teaching school IS a school, with its URN; a
// trust is a trust organisation). `la_code` stays required: for a council it is the council's own
// area, for a school or trust the area it serves (whose schools its "own area" services reach).

const statements: string[] = [
  `alter table tenants add column kind text not null default 'council'
     check (kind in ('council', 'teaching_school', 'academy_trust'))`,

  // A trust created by the platform administrator (not found in GIAS) is known by its Companies
  // House number: 8 characters, digits or a two-letter prefix such as SC.
  `alter table organisations add column companies_house_number text
     check (companies_house_number ~ '^([0-9]{8}|[A-Z]{2}[0-9]{6})$')`,
  `create unique index organisations_companies_house on organisations (companies_house_number)
     where companies_house_number is not null`,

  // The provider's organisation is of its kind, whoever writes the row.
  `create function tenant_organisation_matches_kind() returns trigger
     language plpgsql set search_path = public as $$
     declare
       v_kind text;
       v_expected text;
     begin
       v_expected := case new.kind when 'council' then 'council'
                                   when 'teaching_school' then 'school'
                                   else 'trust' end;
       select o.kind into v_kind from organisations o where o.id = new.organisation_id;
       if v_kind is distinct from v_expected then
         raise exception 'a % provider must be a % organisation, not %', new.kind, v_expected, v_kind
           using errcode = 'check_violation';
       end if;
       return new;
     end $$`,
  `create trigger tenants_organisation_kind before insert or update of kind, organisation_id on tenants
     for each row execute function tenant_organisation_matches_kind()`,

  // Only a council recharges: an internal journal in its own ledger, for its own maintained
  // schools. A teaching school or trust has no council ledger to journal through, so every
  // customer of theirs is invoiced. An account opened as a recharge (the usual classification of
  // a maintained school in the area) is opened as an invoice account; changing one to a recharge
  // later is refused.
  `create function customer_account_settles_as_provider_can() returns trigger
     language plpgsql set search_path = public as $$
     begin
       if new.settlement_method = 'recharge'
          and (select t.kind from tenants t where t.id = new.tenant_id) <> 'council' then
         if tg_op = 'INSERT' then
           new.settlement_method := 'invoice';
         else
           raise exception 'only a council settles by recharge: a school or trust invoices its customers'
             using errcode = 'check_violation';
         end if;
       end if;
       return new;
     end $$`,
  `create trigger customer_accounts_settlement_by_kind
     before insert or update of settlement_method on customer_accounts
     for each row execute function customer_account_settles_as_provider_can()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
