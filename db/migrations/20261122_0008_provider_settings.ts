import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const RUNTIME_ROLE = 'traded_app';

const statements: string[] = [
  // A provider changes its own settings, and only its own: every tenant's public details stay
  // readable, but the runtime role may update only the row of the tenant in scope.
  `alter table tenants enable row level security`,
  `create policy read_all on tenants for select to ${RUNTIME_ROLE} using (true)`,
  `create policy own_settings on tenants for update to ${RUNTIME_ROLE}
     using (id = app_tenant_id()) with check (id = app_tenant_id())`,
  `grant update (auto_confirm_days, payment_terms_days, contact_email) on tenants to ${RUNTIME_ROLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The provider settings migration is not reversible');
}
