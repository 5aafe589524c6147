import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const RUNTIME_ROLE = 'traded_app';

const statements: string[] = [
  // Platform administrators: national reference data (schools) and the service itself. Not a
  // tenant table; the runtime role sees only the signed-in person's own row, to know they are one.
  `create table platform_admins (
     user_id uuid primary key references users (id),
     created_at timestamptz not null default now()
   )`,
  `alter table platform_admins enable row level security`,
  `alter table platform_admins force row level security`,
  `create policy own_row on platform_admins for select to ${RUNTIME_ROLE} using (user_id = app_user_id())`,
  `grant select on platform_admins to ${RUNTIME_ROLE}`,

  // Each schools import made through the app: who, when, which file, what changed. Written and
  // read by platform administration on the owner's handle; the runtime role has no access.
  `create table school_imports (
     id uuid primary key default gen_random_uuid(),
     imported_by uuid not null references users (id),
     imported_at timestamptz not null default now(),
     file_name text not null,
     total integer not null check (total >= 0),
     inserted integer not null check (inserted >= 0),
     updated integer not null check (updated >= 0),
     unchanged integer not null check (unchanged >= 0)
   )`,
  `create index school_imports_recent on school_imports (imported_at desc)`,
  `alter table school_imports enable row level security`,
  `alter table school_imports force row level security`,

  // Facts about this installation, set by the owner: 'demo_data' when the demo authorities and
  // their published sign-ins were loaded (only then may TRADED_TODAY fix the date).
  `create table installation_flags (
     flag text primary key check (flag in ('demo_data')),
     set_at timestamptz not null default now()
   )`,
  `alter table installation_flags enable row level security`,
  `alter table installation_flags force row level security`,
  // Databases seeded before this flag existed: the demo authorities are the ones with demo VAT numbers.
  `insert into installation_flags (flag) select 'demo_data' where exists (select 1 from tenants where vat_number_is_demo)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
