import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// Ledger export: per-tenant templates and batches (issue 10).

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

function appendOnly(table: string): string[] {
  return [
    `create trigger ${table}_append_only before update or delete on ${table}
       for each row execute function refuse_financial_change()`,
  ];
}

const PRESETS = `'unit4_gl07','oracle_autoinvoice','journal_csv'`;
const DATE_FORMATS = `'YYYY-MM-DD','DD/MM/YYYY','YYYYMMDD','YYYY/MM/DD','DD-MON-YYYY'`;
const DELIMITERS = `'comma','semicolon','pipe','tab'`;

const statements: string[] = [
  // A template's columns are [{header, source, value?}]: each header once (ignoring case), since a
  // ledger's loader reads columns by name.
  `create function ledger_columns_ok(p_columns jsonb) returns boolean language sql immutable
     set search_path = public as $$
     select jsonb_typeof(p_columns) = 'array'
        and jsonb_array_length(p_columns) between 1 and 60
        and (select count(distinct lower(trim(c ->> 'header'))) from jsonb_array_elements(p_columns) c)
            = jsonb_array_length(p_columns)
        and not exists (select 1 from jsonb_array_elements(p_columns) c
                         where coalesce(trim(c ->> 'header'), '') = '' or coalesce(c ->> 'source', '') = '') $$`,

  // One template per tenant: what the next batch is written with. A batch keeps its own copy.
  `create table ledger_templates (
     tenant_id uuid primary key references tenants (id),
     preset text not null check (preset in (${PRESETS})),
     delimiter text not null check (delimiter in (${DELIMITERS})),
     date_format text not null check (date_format in (${DATE_FORMATS})),
     header_row boolean not null default true,
     columns jsonb not null check (ledger_columns_ok(columns)),
     manual_cost_centre text check (length(manual_cost_centre) <= 20),
     manual_subjective_code text check (length(manual_subjective_code) <= 20),
     updated_by uuid references users (id),
     updated_at timestamptz not null default now()
   )`,
  ...tenantOwned('ledger_templates', 'select, insert, update'),

  // A batch is a financial record: its documents, control totals and the file as exported are
  // written once, so exporting it again gives the same bytes.
  `create table ledger_batches (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     number integer not null check (number >= 1),
     reference text not null check (reference ~ '^LB[0-9]{6,}$'),
     kind text not null check (kind in ('sales','recharge_journal')),
     period_start date not null,
     period_end date not null,
     document_count integer not null check (document_count >= 1),
     row_count integer not null check (row_count >= 1),
     net_pence bigint not null,
     vat_pence bigint not null,
     gross_pence bigint not null,
     debit_pence bigint not null,
     credit_pence bigint not null,
     template jsonb not null,
     file_name text not null,
     file_text text not null,
     file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
     exported_by uuid references users (id),
     exported_at timestamptz not null default now(),
     primary key (tenant_id, id),
     unique (tenant_id, number),
     check (period_start <= period_end),
     check (gross_pence = net_pence + vat_pence),
     check (kind <> 'recharge_journal' or debit_pence = credit_pence)
   )`,
  `create index ledger_batches_recent on ledger_batches (tenant_id, number desc)`,
  ...tenantOwned('ledger_batches', 'select, insert'),
  ...appendOnly('ledger_batches'),

  // A document is in one batch at most: this key is the rule.
  `create table ledger_batch_documents (
     tenant_id uuid not null,
     batch_id uuid not null,
     document_id uuid not null,
     primary key (tenant_id, document_id),
     foreign key (tenant_id, batch_id) references ledger_batches (tenant_id, id),
     foreign key (tenant_id, document_id) references billing_documents (tenant_id, id)
   )`,
  `create index ledger_batch_documents_batch on ledger_batch_documents (tenant_id, batch_id)`,
  ...tenantOwned('ledger_batch_documents', 'select, insert'),
  ...appendOnly('ledger_batch_documents'),

  // A month's final documents of a tenant, read in one go when a batch is made.
  `create index billing_documents_final_by_date on billing_documents (tenant_id, issued_on) where status = 'final'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
