import { getDatabase } from '../db/client.server';
import { EmbeddedDatabaseInUse } from '../db/embedded-lock.server';
import { checkPreparedDatabase, prepareDatabase } from '../db/prepare.server';
import { DEMO_PASSWORD, DEMO_PLATFORM_ADMIN, loadDemoTenants } from '../db/seed';
import { resumeInterruptedRuns, startBillingRunWorker } from './billing/billing-run-worker.server';
import { stopInterruptedImports } from './platform/upload-schools.server';
import { configureSite, SiteConfigurationError } from './site.server';
import { startClock, type StartClock } from './start-log';

/**
 * The server's start-up: opens the database (refusing when another process holds the embedded
 * one), prepares it, and settles the site's configuration. A problem a person can fix is printed
 * with what to do, and the process exits, rather than a stack trace. A server process started
 * beside the first (`prepare: false`) finds the database prepared, and leaves the imports alone:
 * one still importing is another process's.
 */
export async function startUp(port: number, clock: StartClock = startClock(), { prepare = true } = {}) {
  try {
    const { db, kind } = await getDatabase();
    clock.done('open database');
    const { demoLoaded } = prepare
      ? await prepareDatabase(db, kind, console.log, clock.done)
      : await checkPreparedDatabase(db, clock.done);
    if (prepare) await stopInterruptedImports(db);
    const site = configureSite({ kind, demoLoaded, port });
    // Billing runs are worked in every server process (each takes a run's lease before working
    // it); one cut off by the last stop carries on.
    await resumeInterruptedRuns();
    startBillingRunWorker();
    clock.done(prepare ? 'interrupted imports and billing runs' : 'billing runs');
    return { db, kind, demoLoaded, ...site };
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUse || error instanceof SiteConfigurationError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export function printDemoSignIns(log: (line: string) => void = console.log) {
  log(`\nDemo sign-ins (password for all: ${DEMO_PASSWORD}):`);
  log(`  Platform administration (import schools at /platform/schools)`);
  log(`    ${'platform admin'.padEnd(20)} ${DEMO_PLATFORM_ADMIN.email}`);
  for (const { profile, people } of loadDemoTenants()) {
    log(`  ${profile.name}`);
    for (const p of people.staff) log(`    ${p.role.padEnd(20)} ${p.email}`);
    for (const p of people.buyers) log(`    ${p.role.padEnd(20)} ${p.email}`);
  }
}
