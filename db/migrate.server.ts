import { Migrator, sql, type MigrationProvider } from 'kysely';
import type { Db } from './client.server';
import { migrations } from './migrations';

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await allApplied(db)) return [];
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether the database has run exactly these migrations, in this order: then the Migrator would
 * find nothing to do, but it reads the whole catalogue several times to learn that (over a second
 * on PGlite at every start). Anything else — none run yet, some pending, one unknown, out of
 * order — goes to the Migrator, which applies or refuses as before.
 */
async function allApplied(db: Db): Promise<boolean> {
  const { rows: table } = await sql<{ found: boolean }>`
    select to_regclass('kysely_migration') is not null as found`.execute(db);
  if (!table[0]?.found) return false;
  const { rows } = await sql<{ name: string; timestamp: string }>`
    select name, timestamp from kysely_migration`.execute(db);
  // The Migrator's own order for what has run: by time, then name.
  const applied = rows
    .sort((a, b) =>
      a.timestamp === b.timestamp
        ? a.name.localeCompare(b.name)
        : new Date(a.timestamp).getTime() - new Date(b.timestamp).getTime(),
    )
    .map((r) => r.name);
  const known = Object.keys(migrations).sort();
  return applied.length === known.length && applied.every((name, i) => name === known[i]);
}
