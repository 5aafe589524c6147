import { getDatabase } from '../db/client.server';
import { EmbeddedDatabaseInUse } from '../db/embedded-lock.server';
import { prepareDatabase } from '../db/prepare.server';
import { DEMO_PASSWORD, DEMO_PLATFORM_ADMIN, loadDemoTenants } from '../db/seed';
import { resumeInterruptedRuns, startBillingRunWorker } from './billing/billing-run-worker.server';
import { stopInterruptedImports } from './platform/upload-schools.server';
import { configureSite, SiteConfigurationError } from './site.server';

/**
 * The start-up log: one line as each phase ends, with how long it took ("Start: open database
 * 850 ms"). The first phase is counted from the process's own start (performance.now() is time
 * since then): loading the server's code.
 */
export function startClock(log: (line: string) => void = console.log) {
  let last = 0;
  return {
    /** The phase just ended: logs the time since the one before. */
    done(phase: string) {
      const now = performance.now();
      log(`Start: ${phase} ${formatMs(now - last)}`);
      last = now;
    },
    /** A phase that ran beside the others, with its own duration. */
    aside(phase: string, ms: number) {
      log(`Start: ${phase} ${formatMs(ms)}`);
    },
    /** Time since the process started. */
    sinceProcessStart: () => performance.now(),
  };
}
export type StartClock = ReturnType<typeof startClock>;

export function formatMs(ms: number): string {
  return `${Math.round(ms).toLocaleString('en-GB')} ms`;
}

/**
 * The server's start-up: opens the database (refusing when another process holds the embedded
 * one), prepares it, and settles the site's configuration. A problem a person can fix is printed
 * with what to do, and the process exits, rather than a stack trace.
 */
export async function startUp(port: number, clock: StartClock = startClock()) {
  try {
    const { db, kind } = await getDatabase();
    clock.done('open database');
    const { demoLoaded } = await prepareDatabase(db, kind, console.log, clock.done);
    await stopInterruptedImports(db);
    const site = configureSite({ kind, demoLoaded, port });
    // Billing runs are worked in this process; one cut off by the last stop carries on.
    await resumeInterruptedRuns();
    startBillingRunWorker();
    clock.done('interrupted imports and billing runs');
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
