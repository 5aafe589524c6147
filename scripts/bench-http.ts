import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type BenchOptions } from './bench-http/args';
import {
  buildOnPglite,
  buildOnPostgres,
  DEMO_PROVIDERS,
  FULL_SIZE,
  SMALL_SIZE,
  type BuiltData,
} from './bench-http/data';
import { runLoad } from './bench-http/load';
import { discoverPages, type Page } from './bench-http/pages';
import {
  failures,
  formatTable,
  msOrNa,
  pageTable,
  sqlStatementsFrom,
  tooSlowToLoad,
  type PageResult,
} from './bench-http/report';
import {
  cpuUsedBetween,
  postgresIsLocal,
  readPostgresCpuMs,
  readServerCpuMs,
  readServerMemory,
  soakGrowth,
} from './bench-http/rss';
import { ensureBuild, freePort, startServer, type RunningServer } from './bench-http/server-process';

// npm run bench:http [-- --db=postgres|pglite --size=small --duration=3 --pages=service,line]
// npm run bench:soak [-- --db=postgres --duration=600]
//
// National-scale data (153 authorities, about 22,000 schools, a year of orders) in a fresh
// PostgreSQL database on the server DATABASE_URL names (default postgres://postgres@127.0.0.1:5432/test)
// and in a PGlite folder of its own; the production server started on each; the demo's people
// signed in through the sign-in form; each page loaded by autocannon in turn. Prints req/s, p50,
// p99, the ratio to the signed-out baseline, SQL statements per request (the Server-Timing
// header), non-2xx answers and the server's resident set. Both databases are removed afterwards.

const options = parseArgs(process.argv.slice(2));
const log = (line: string) => console.log(line);
const mb = (n: number) => `${n.toFixed(0)} MB`;
const cleanups: Array<() => Promise<void>> = [];

async function cleanUp() {
  while (cleanups.length) await cleanups.pop()!().catch((error: unknown) => console.error(error));
}
process.once('SIGINT', () => {
  console.log('\nInterrupted: stopping the server and removing the bench database…');
  void cleanUp().then(() => process.exit(130));
});

/**
 * A page fetched a few times one after another (a warm-up): the last answer's time alone, and its
 * statement count from the Server-Timing header (null when not sent).
 */
async function fetchAlone(origin: string, page: Page): Promise<{ sqlStatements: number | null; aloneMs: number }> {
  let header: string | null = null;
  let aloneMs = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const response = await fetch(`${origin}${page.path}`, { headers: page.cookie ? { cookie: page.cookie } : {} });
    await response.arrayBuffer();
    aloneMs = performance.now() - t;
    header = response.headers.get('server-timing');
  }
  return { sqlStatements: sqlStatementsFrom(header), aloneMs };
}

/**
 * Each page loaded in turn. With `localPostgres`, the PostgreSQL server's processes on this machine
 * are read before and after each load for the database's CPU a request.
 */
async function measurePages(server: RunningServer, pages: Page[], localPostgres: boolean): Promise<PageResult[]> {
  const results: PageResult[] = [];
  for (const page of pages) {
    const { sqlStatements: statements, aloneMs } = await fetchAlone(server.origin, page);
    // Judged as for a 15 s run at least: a short run's quick look skips no more than a full one.
    if (tooSlowToLoad(aloneMs, options.connections, Math.max(15, options.durationSec))) {
      log(
        `  ${page.name}: NOT LOADED: one request alone took ${aloneMs.toFixed(0)} ms (${statements ?? 'n/a'} SQL statements)`,
      );
      const rssMb = readServerMemory(server.pid).rssMb;
      results.push({
        name: page.name,
        path: page.path,
        requestsPerSecond: 0,
        p50Ms: 0,
        p99Ms: 0,
        sqlStatements: statements,
        aloneMs,
        skipped: true,
        requests: 0,
        non2xx: 0,
        errors: 0,
        timeouts: 0,
        rssAfterMb: rssMb,
        peakMb: rssMb,
        cpuMsPerRequest: null,
        databaseCpuMsPerRequest: null,
      });
      continue;
    }
    const cpuBefore = readServerCpuMs(server.pid);
    const databaseBefore = localPostgres ? readPostgresCpuMs() : null;
    const { result, peakRssMb, rssAfterMb } = await runLoad({
      origin: server.origin,
      targets: [page],
      connections: options.connections,
      durationSec: options.durationSec,
      serverPid: server.pid,
    });
    const cpuMs = cpuUsedBetween(cpuBefore, readServerCpuMs(server.pid));
    const databaseMs = databaseBefore ? cpuUsedBetween(databaseBefore, readPostgresCpuMs()) : null;
    const row: PageResult = {
      name: page.name,
      path: page.path,
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      sqlStatements: statements,
      aloneMs,
      skipped: false,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      rssAfterMb,
      peakMb: peakRssMb,
      cpuMsPerRequest: result.requests.total > 0 ? cpuMs / result.requests.total : null,
      databaseCpuMsPerRequest:
        databaseMs !== null && result.requests.total > 0 ? databaseMs / result.requests.total : null,
    };
    log(
      `  ${page.name}: ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ` +
        `${statements ?? 'n/a'} SQL statements, ${aloneMs.toFixed(0)} ms alone, ` +
        `${msOrNa(row.cpuMsPerRequest)} ms server CPU a request, ` +
        `${msOrNa(row.databaseCpuMsPerRequest)} ms PostgreSQL CPU, ${row.requests} answered, ` +
        `${row.non2xx} non-2xx, ${row.errors} errors (${row.timeouts} timeouts), server RSS peak ${mb(peakRssMb)}`,
    );
    results.push(row);
  }
  return results;
}

async function soak(server: RunningServer, pages: Page[]) {
  const durationMs = options.durationSec * 1000;
  const everyMs = Math.min(30_000, Math.max(1000, durationMs / 10));
  const warmUpMs = Math.min(60_000, durationMs * 0.1);
  const windowMs = Math.min(120_000, durationMs * 0.2);
  const samples: Array<{ atMs: number; rssMb: number }> = [];
  let next = everyMs;
  log(
    `  soak: ${pages.length} pages in turn on each of ${options.connections} connections for ${options.durationSec} s`,
  );
  const { result, peakRssMb } = await runLoad({
    origin: server.origin,
    targets: pages,
    connections: options.connections,
    durationSec: options.durationSec,
    serverPid: server.pid,
    sampleMs: 1000,
    onSample: (atMs, rssMb) => {
      samples.push({ atMs, rssMb });
      if (atMs >= next) {
        next += everyMs;
        log(`  ${(atMs / 1000).toFixed(0).padStart(4)} s: server RSS ${mb(rssMb)}`);
      }
    },
  });
  const growth = soakGrowth(samples, { warmUpMs, windowMs, tolerance: 0.1 });
  log(
    `  soak: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `${result.requests.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors, peak RSS ${mb(peakRssMb)}`,
  );
  if (growth)
    log(
      `  memory: ${mb(growth.firstMb)} in the first ${(windowMs / 1000).toFixed(0)} s after ${(warmUpMs / 1000).toFixed(0)} s ` +
        `of warm-up, ${mb(growth.lastMb)} in the last ${(windowMs / 1000).toFixed(0)} s: ` +
        `${growth.grewBy >= 0 ? '+' : ''}${(growth.grewBy * 100).toFixed(1)}%, ${growth.grew ? 'GREW (over 10%)' : 'no growth (within 10%)'}`,
    );
  else log('  memory: too short a soak to compare');
  if (result.non2xx || result.errors)
    log(`\n!!! the soak had ${result.non2xx} non-2xx answers and ${result.errors} errors: its figures do not count\n`);
}

async function benchOne(kind: 'postgres' | 'pglite', opts: BenchOptions) {
  const size = opts.size === 'full' ? FULL_SIZE : SMALL_SIZE;
  log(
    `\n== ${kind}: building ${size.label} data (${size.authorities} made-up authorities of ${size.schoolsPerAuthority} schools beside the demo's ${DEMO_PROVIDERS} providers)`,
  );
  const data: BuiltData = await (kind === 'postgres' ? buildOnPostgres : buildOnPglite)(size, (l) => log(`  ${l}`));
  cleanups.push(data.drop);
  const c = data.counts;
  log(
    `  built in ${(data.buildMs / 1000).toFixed(1)} s: ${c.tenants} authorities, ${c.schools} schools, ${c.services} services ` +
      `(${c.servicesSoldToAnySchool} sold to any school), ${c.orders} orders, ${c.orderLines} order lines, ` +
      `${c.deliveries} delivery records, ${c.historyDocuments} invoices and recharges with ${c.historyLines} lines`,
  );
  const mailDir = mkdtempSync(path.join(os.tmpdir(), 'traded-bench-http-mail-'));
  cleanups.push(async () => rmSync(mailDir, { recursive: true, force: true }));
  const t = performance.now();
  const port = await freePort(opts.port);
  const server = await startServer({
    port,
    env: { ...data.env, MAIL_DIR: mailDir },
    logFile: path.join(mailDir, 'server.log'),
    readyTimeoutMs: 600_000,
  });
  cleanups.push(server.stop);
  log(`  production server (pid ${server.pid}) serving after ${((performance.now() - t) / 1000).toFixed(1)} s`);
  try {
    const pages = (await discoverPages(server.origin)).filter((p) => opts.pages.includes(p.name));
    for (const page of pages) log(`  ${page.name.padEnd(16)} ${page.path} as ${page.who}`);
    // The server runs its jobs (delivery auto-confirmation, debt reminders) 10 s after it starts
    // listening: the load waits for them, or the first pages would be measured beside them.
    const jobs = await server.waitForLog(/^Start: background jobs .*$/m, 600_000);
    log(`  server's ${jobs.replace(/^Start: /, '')}; loading after them`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const rest = readServerMemory(server.pid);
    log(`  server RSS at rest (signed in, before load): ${mb(rest.rssMb)}, ${rest.processes} process(es)`);
    if (opts.soak) {
      // The mix leaves out a page too slow to load for 15 s: its queue would be all the soak measured.
      const mix: Page[] = [];
      for (const page of pages) {
        const { aloneMs } = await fetchAlone(server.origin, page);
        if (tooSlowToLoad(aloneMs, opts.connections, 15))
          log(`  ${page.name}: left out of the soak, one request alone took ${aloneMs.toFixed(0)} ms`);
        else mix.push(page);
      }
      await soak(server, mix);
      return null;
    }
    // The database's CPU is read only where its processes are this machine's to read.
    const localPostgres = kind === 'postgres' && postgresIsLocal(data.env.DATABASE_URL!);
    const results = await measurePages(server, pages, localPostgres);
    const after = readServerMemory(server.pid);
    return {
      kind,
      size: size.label,
      results,
      processes: rest.processes,
      restMb: rest.rssMb,
      peakUnderLoadMb: Math.max(...results.map((r) => r.peakMb)),
      hwmMb: after.peakMb,
    };
  } finally {
    await cleanUp();
  }
}

log(
  `bench:http: ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ${options.connections} connections, ${options.durationSec} s ${options.soak ? 'soak' : 'a page'}; ` +
    `PostgreSQL at ${new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test').host}`,
);
await ensureBuild(options.build, log);
const reports = [];
try {
  for (const kind of options.databases) {
    const report = await benchOne(kind, options);
    if (report) reports.push(report);
  }
} finally {
  await cleanUp();
}
for (const r of reports) {
  log(
    `\n${r.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${r.size} data, ${options.connections} connections, ${options.durationSec} s a page, ${r.processes} server process(es)`,
  );
  log(pageTable(r.results));
  log(
    formatTable(
      ['server RSS (its processes added up)', 'MB'],
      [
        ['at rest', r.restMb.toFixed(0)],
        ['peak under load (sampled)', r.peakUnderLoadMb.toFixed(0)],
        ['high-water mark (VmHWM, start-up included)', r.hwmMb.toFixed(0)],
      ],
    ),
  );
  for (const line of failures(r.results)) log(line);
}
log(
  `\nload average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (reports.some((r) => failures(r.results).length)) process.exitCode = 1;
