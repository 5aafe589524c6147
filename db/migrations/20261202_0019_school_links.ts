import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const statements: string[] = [
  // A school's links to other establishments as GIAS gives them (predecessor, successor …), one
  // value each, kept as written: a converted academy's predecessor is found through them.
  `alter table schools add column links text[] not null default '{}'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
