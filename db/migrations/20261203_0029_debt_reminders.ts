import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// Aged debt reminders: the days a tenant sets and what was sent (issue 10).

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
  // When to remind: days after an invoice's due date (each reminder once per invoice), on or off.
  // No row: reminders are off.
  `create table debt_reminder_settings (
     tenant_id uuid primary key references tenants (id),
     enabled boolean not null default false,
     days_after_due integer[] not null check (
       cardinality(days_after_due) between 1 and 6
       and 1 <= all (days_after_due) and 365 >= all (days_after_due)),
     updated_by uuid references users (id),
     updated_at timestamptz not null default now()
   )`,
  ...tenantOwned('debt_reminder_settings', 'select, insert, update'),

  // A sender's claim on one reminder (invoice and stage) before it sends, so two runs of the job,
  // even at once, never both send it: the second's insert waits on the key and then finds the claim.
  // A claim lapses (claimed_until) when its sender failed or died, so the reminder is tried again;
  // a retry keeps the claim's Message-ID, so a mail system can see it is the same message.
  `create table debt_reminder_claims (
     tenant_id uuid not null references tenants (id),
     document_id uuid not null,
     stage_days integer not null check (stage_days between 1 and 365),
     message_id text not null check (length(message_id) <= 200),
     claimed_until timestamptz not null,
     primary key (tenant_id, document_id, stage_days),
     foreign key (tenant_id, document_id) references billing_documents (tenant_id, id)
   )`,
  ...tenantOwned('debt_reminder_claims', 'select, insert, update'),

  // What was sent to whom and when: appended once the mail was handed over, never changed. The
  // key stops a second record of the same reminder.
  `create table debt_reminders_sent (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     document_id uuid not null,
     organisation_id uuid not null,
     stage_days integer not null check (stage_days between 1 and 365),
     days_overdue integer not null check (days_overdue >= stage_days),
     outstanding_pence bigint not null check (outstanding_pence > 0),
     sent_to text not null check (length(sent_to) between 3 and 320),
     message_id text not null check (length(message_id) <= 200),
     sent_at timestamptz not null default now(),
     primary key (tenant_id, id),
     unique (tenant_id, document_id, stage_days),
     foreign key (tenant_id, document_id) references billing_documents (tenant_id, id),
     foreign key (tenant_id, organisation_id) references customer_accounts (tenant_id, organisation_id)
   )`,
  `create index debt_reminders_sent_latest on debt_reminders_sent (tenant_id, sent_at desc)`,
  ...tenantOwned('debt_reminders_sent', 'select, insert'),
  `create trigger debt_reminders_sent_append_only before update or delete on debt_reminders_sent
     for each row execute function refuse_financial_change()`,

  // A claim whose reminder was sent stays as it is.
  `create function debt_reminder_claims_held() returns trigger language plpgsql set search_path = public as $$
     begin
       if exists (select 1 from debt_reminders_sent s where s.tenant_id = old.tenant_id
                    and s.document_id = old.document_id and s.stage_days = old.stage_days) then
         perform refuse('A reminder that was sent stays sent');
       end if;
       return coalesce(new, old);
     end $$`,
  `create trigger debt_reminder_claims_held before update or delete on debt_reminder_claims
     for each row execute function debt_reminder_claims_held()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
