import { sql } from 'kysely';
import type { Db } from './client.server';
import { migrateToLatest } from './migrate.server';
import { checkRuntimeRole } from './runtime-role-check.server';
import { seedDemo } from './seed';

/** Start-up: migrate, load the demo authorities into an empty database, refuse an unsafe role. */
export async function prepareDatabase(db: Db, log: (line: string) => void = console.log) {
  const applied = await migrateToLatest(db);
  if (applied.length) log(`Migrations applied: ${applied.join(', ')}`);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(db);
  if (Number(rows[0]?.n ?? 0) === 0 && process.env.SEED_DEMO !== 'false') {
    log('Empty database: loading the demo authorities and their schools…');
    await seedDemo(db, { log });
  }
  const { problems } = await checkRuntimeRole(db);
  if (problems.length) throw new Error(`Refusing to serve: tenant isolation is not safe.\n- ${problems.join('\n- ')}`);
}
