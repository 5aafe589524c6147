import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 13: brokered school-to-school support.

const statements: string[] = [];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
