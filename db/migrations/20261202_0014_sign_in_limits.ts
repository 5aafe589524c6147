import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const statements: string[] = [
  // Failed sign-ins counted atomically, one row per (account, address) pair and per address:
  // an attempt is claimed here before the password is checked, so concurrent guesses cannot all
  // be checked. Not tenant data: sign-in happens before anyone is in a tenant.
  `create table sign_in_throttles (
     kind text not null check (kind in ('pair','address')),
     key text not null,
     attempts integer not null default 0 check (attempts >= 0),
     window_started_at timestamptz not null default now(),
     blocked_until timestamptz,
     primary key (kind, key)
   )`,
  `grant select, insert, update, delete on sign_in_throttles to traded_app`,
  // The service form allows 0.5 to 12 hours in a session or day; the table says the same.
  `alter table services add constraint services_unit_hours_range check (unit_hours between 0.5 and 12)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
