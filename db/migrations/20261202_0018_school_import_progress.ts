import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const statements: string[] = [
  // An upload through the app is checked at once, then saved in the background while the platform
  // administrator watches its progress: a recorded import is importing, imported, or stopped
  // (failed, or the server restarted before it finished; all or nothing, so nothing was saved).
  `alter table school_imports
     add column status text not null default 'imported' check (status in ('importing','imported','stopped')),
     add column finished_at timestamptz,
     add column stopped_reason text,
     add constraint school_imports_stopped_reason check ((status = 'stopped') = (stopped_reason is not null))`,
  `update school_imports set finished_at = imported_at`,
  `alter table school_imports rename column imported_at to started_at`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
