import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const RUNTIME_ROLE = 'traded_app';

// A customer is made in Stripe once per customer account and reused: Stripe forgets idempotency
// keys after a day, so the key alone would make a second customer for next month's invoice. The
// rows go when the tenant's secret key is replaced (the ids belong to the old Stripe account).
const statements: string[] = [
  `create table stripe_customers (
     tenant_id uuid not null references tenants (id),
     organisation_id uuid not null,
     stripe_customer_id text not null check (length(stripe_customer_id) <= 255),
     created_at timestamptz not null default now(),
     primary key (tenant_id, organisation_id),
     foreign key (tenant_id, organisation_id) references customer_accounts (tenant_id, organisation_id)
   )`,
  `alter table stripe_customers enable row level security`,
  `alter table stripe_customers force row level security`,
  `create policy tenant_isolation on stripe_customers for all to ${RUNTIME_ROLE}
     using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())`,
  `grant select, insert, delete on stripe_customers to ${RUNTIME_ROLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Not reversible');
}
