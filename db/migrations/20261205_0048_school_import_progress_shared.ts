import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Several server processes may serve one PostgreSQL database (one per core): a school import is
// saved by the process that took the upload, and its page may be asked of another. The process
// saving it records how far it has got here (outside the import's own transaction, which nobody
// can read until it ends), a whole percent at a time, so every process shows the same figure.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `alter table school_imports
         add column percent_done smallint not null default 0 check (percent_done between 0 and 100)`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
