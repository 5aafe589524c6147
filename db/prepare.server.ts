import { sql } from 'kysely';
import type { Db } from './client.server';
import { migrateToLatest } from './migrate.server';
import { hasInstallationFlag } from './queries/platform-admins';
import { checkRuntimeRole } from './runtime-role-check.server';
import { ensureDemoPlatformAdmin, seedDemo } from './seed';

/**
 * Whether an empty database gets the demo authorities and their published sign-ins: on the
 * embedded default (what a newcomer runs) unless SEED_DEMO=false; on PostgreSQL only when
 * SEED_DEMO=true.
 */
export function shouldSeedDemo(
  kind: 'pglite' | 'postgres',
  env: Record<string, string | undefined> = process.env,
): boolean {
  return kind === 'pglite' ? env.SEED_DEMO !== 'false' : env.SEED_DEMO === 'true';
}

/**
 * Start-up: migrate, load the demo into an empty database where allowed, refuse an unsafe role.
 * Says whether this database holds the demo data. `done` hears the end of each step (the server
 * logs how long each took).
 */
export async function prepareDatabase(
  db: Db,
  kind: 'pglite' | 'postgres',
  log: (line: string) => void = console.log,
  done: (step: string) => void = () => {},
): Promise<{ demoLoaded: boolean }> {
  const applied = await migrateToLatest(db);
  if (applied.length) log(`Migrations applied: ${applied.join(', ')}`);
  done(applied.length ? `migrations (${applied.length} applied)` : 'migrations (none to apply)');
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(db);
  let seeded = false;
  if (Number(rows[0]?.n ?? 0) === 0 && shouldSeedDemo(kind)) {
    log('Empty database: loading the demo authorities and their schools…');
    await seedDemo(db, { log });
    seeded = true;
  }
  const demoLoaded = await hasInstallationFlag(db, 'demo_data');
  if (demoLoaded) await ensureDemoPlatformAdmin(db);
  done(seeded ? 'demo data loaded' : demoLoaded ? 'demo data already present' : 'no demo data');
  await refuseUnsafeRole(db, done);
  return { demoLoaded };
}

/**
 * A database prepared by another process (the first of several serving): whether it holds the demo
 * data, having refused an unsafe role as prepareDatabase does.
 */
export async function checkPreparedDatabase(db: Db, done: (step: string) => void = () => {}) {
  const demoLoaded = await hasInstallationFlag(db, 'demo_data');
  done(demoLoaded ? 'demo data present' : 'no demo data');
  await refuseUnsafeRole(db, done);
  return { demoLoaded };
}

async function refuseUnsafeRole(db: Db, done: (step: string) => void) {
  const { problems } = await checkRuntimeRole(db);
  done('runtime role check');
  if (problems.length) throw new Error(`Refusing to serve: tenant isolation is not safe.\n- ${problems.join('\n- ')}`);
}
