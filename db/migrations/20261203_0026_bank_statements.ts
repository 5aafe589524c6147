import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// Bank statements: imported once, their credit lines matched to invoices (issue 10, cash).

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

const PRESETS = `'lloyds','barclays','natwest','camt053','mapping'`;

const statements: string[] = [
  // The columns of the tenant's own bank's CSV, set once by finance and remembered.
  `create table bank_column_mappings (
     tenant_id uuid primary key references tenants (id),
     date_column text not null check (length(date_column) between 1 and 100),
     amount_column text check (length(amount_column) between 1 and 100),
     credit_column text check (length(credit_column) between 1 and 100),
     debit_column text check (length(debit_column) between 1 and 100),
     reference_column text not null check (length(reference_column) between 1 and 100),
     name_column text check (length(name_column) between 1 and 100),
     updated_by uuid references users (id),
     updated_at timestamptz not null default now(),
     check ((amount_column is null) = (credit_column is not null)),
     check ((credit_column is null) = (debit_column is null))
   )`,
  ...tenantOwned('bank_column_mappings', 'select, insert, update'),

  // One upload of a statement file: what it was and what it added.
  `create table bank_statements (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     preset text not null check (preset in (${PRESETS})),
     file_name text not null default '' check (length(file_name) <= 200),
     account text not null default '' check (length(account) <= 60),
     first_on date,
     last_on date,
     lines_in_file integer not null check (lines_in_file >= 0),
     lines_new integer not null check (lines_new >= 0),
     lines_matched integer not null check (lines_matched >= 0),
     imported_by uuid references users (id),
     imported_at timestamptz not null default now(),
     primary key (tenant_id, id)
   )`,
  `create index bank_statements_recent on bank_statements (tenant_id, imported_at desc)`,
  ...tenantOwned('bank_statements', 'select, insert'),
  `create trigger bank_statements_append_only before update or delete on bank_statements
     for each row execute function refuse_financial_change()`,

  // Each line of the bank's record, once: the fingerprint (account, date, amount, reference, payer
  // and which of several identical lines it is) is unique, so an overlapping statement adds only
  // the lines not seen before. Money in is positive, money out negative.
  `create table bank_statement_lines (
     tenant_id uuid not null,
     id uuid not null default gen_random_uuid(),
     statement_id uuid not null,
     line_number integer not null check (line_number > 0),
     fingerprint text not null check (length(fingerprint) <= 100),
     account text not null default '' check (length(account) <= 60),
     booked_on date not null,
     amount_pence bigint not null check (amount_pence <> 0),
     reference text not null default '' check (length(reference) <= 200),
     payer_name text not null default '' check (length(payer_name) <= 200),
     description text not null default '' check (length(description) <= 500),
     status text not null check (status in ('matched','unmatched','not_ours','debit')),
     matched_how text check (matched_how in ('automatic','by_hand')),
     match_reason text check (length(match_reason) <= 300),
     payment_id uuid,
     decided_by uuid references users (id),
     decided_at timestamptz,
     primary key (tenant_id, id),
     unique (tenant_id, fingerprint),
     foreign key (tenant_id, statement_id) references bank_statements (tenant_id, id),
     foreign key (tenant_id, payment_id) references payments (tenant_id, id),
     check ((status = 'debit') = (amount_pence < 0)),
     check ((status = 'matched') = (payment_id is not null))
   )`,
  `create index bank_statement_lines_statement on bank_statement_lines (tenant_id, statement_id, line_number)`,
  `create index bank_statement_lines_waiting on bank_statement_lines (tenant_id, booked_on) where status = 'unmatched'`,
  ...tenantOwned('bank_statement_lines', 'select, insert'),
  `grant update (status, matched_how, match_reason, payment_id, decided_by, decided_at)
     on bank_statement_lines to ${RUNTIME_ROLE}`,

  // A line is a financial record: the one change allowed is deciding a waiting line, once, by
  // matching it to a payment or marking it not ours. Nothing else about a line ever changes.
  `create function bank_statement_lines_decided_once() returns trigger language plpgsql
     set search_path = public as $$
     begin
       if tg_op = 'DELETE' then
         perform refuse('bank_statement_lines records are never changed or deleted: record a correction instead');
       end if;
       if old.status <> 'unmatched' then
         perform refuse('This bank line is already decided: it cannot be matched or marked again');
       end if;
       if new.status not in ('matched','not_ours')
          or (to_jsonb(new) - array['status','matched_how','match_reason','payment_id','decided_by','decided_at'])
             <> (to_jsonb(old) - array['status','matched_how','match_reason','payment_id','decided_by','decided_at']) then
         perform refuse('A waiting bank line can only be matched or marked not ours');
       end if;
       return new;
     end $$`,
  `create trigger bank_statement_lines_decided_once before update or delete on bank_statement_lines
     for each row execute function bank_statement_lines_decided_once()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
