import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PAGE_NAMES, wholeOption, type PageName } from './bench-http/args';
import { buildOnPglite, buildOnPostgres, FULL_SIZE, SMALL_SIZE, type CopiedData } from './bench-http/data';
import { runLoad } from './bench-http/load';
import { discoverPages, type Page } from './bench-http/pages';
import { median, pairedRatios } from './bench-http/compare';
import { cpuUsedBetween, postgresIsLocal, readPostgresCpuMs, readServerCpuMs } from './bench-http/rss';
import { ensureBuild, freePort, startServer, type RunningServer } from './bench-http/server-process';

// npm run bench:compare -- ../other-checkout [--pages=buyer-orders,line] [--slice=4] [--rounds=6] [--size=small]
//   [--db=postgres|pglite]
//
// This checkout's production server against another checkout's (an earlier commit, say: `git
// worktree add ../before <commit>`, then `npm ci` and `npm run build` there), on the same
// national-scale data on PostgreSQL (or, with --db=pglite, each on a copy of one PGlite folder),
// each page loaded at 32 connections in alternating slices
// (this, other, other, this, …) so that a machine that drifts from minute to minute drifts for both
// alike. Prints each side's median req/s, server CPU a request (and PostgreSQL's, when its server
// runs on this machine: only one side is loaded at a time) and p99, and the median and every
// round's ratio (this ÷ other). The other side runs on a copy of the data with its own migrations:
// rows of migrations it does not know are struck from its copy's record (their objects stay).

const argv = process.argv.slice(2);
const otherDir = argv.find((a) => !a.startsWith('--'));
const given = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const option = (name: string, fallback: string) => given(name) ?? fallback;
if (!otherDir || !existsSync(path.join(otherDir, 'server.ts')))
  throw new Error('Name the other checkout (a folder with its own server.ts, node_modules and build)');
if (!existsSync(path.join(otherDir, 'build', 'server', 'index.js')))
  throw new Error(`${otherDir} has no build: run npm run build there first`);
const pages = option('pages', 'accessibility,buyer-orders').split(',') as PageName[];
for (const page of pages) if (!PAGE_NAMES.includes(page)) throw new Error(`--pages: no page ${page}`);
const sliceSec = wholeOption('slice', given('slice'), 4);
const rounds = wholeOption('rounds', given('rounds'), 6);
const size = option('size', 'full') === 'small' ? SMALL_SIZE : FULL_SIZE;
const kind = option('db', 'postgres');
if (kind !== 'postgres' && kind !== 'pglite') throw new Error('--db must be postgres or pglite');
const log = (line: string) => console.log(line);

await ensureBuild(false, log);
log(`building ${size.label} data on ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}…`);
const data = await (kind === 'postgres' ? buildOnPostgres : buildOnPglite)(size, (line) => log(`  ${line}`));
const localPostgres = kind === 'postgres' && postgresIsLocal(data.env.DATABASE_URL!);
const servers: RunningServer[] = [];
const logDir = mkdtempSync(path.join(os.tmpdir(), 'traded-bench-compare-'));
const known = readdirSync(path.join(otherDir, 'db', 'migrations'))
  .filter((f) => /^\d{8}_\d{4}_.*\.ts$/.test(f))
  .map((f) => f.replace(/\.ts$/, ''));
let copy: CopiedData | undefined;
try {
  copy = await data.copy('other', known);
  const start = async (dir: string, env: Record<string, string | undefined>, port: number) =>
    startServer({
      port,
      cwd: dir,
      env: { ...env, MAIL_DIR: logDir },
      logFile: path.join(logDir, `server-${port}.log`),
      readyTimeoutMs: 300_000,
    });
  const herePort = await freePort(3450);
  const here = await start(process.cwd(), data.env, herePort);
  servers.push(here);
  const other = await start(path.resolve(otherDir), copy.env, await freePort(herePort + 1));
  servers.push(other);
  const find = async (server: RunningServer) =>
    (await discoverPages(server.origin)).filter((p) => pages.includes(p.name));
  const sides = [
    { name: 'this', server: here, pages: await find(here) },
    { name: 'other', server: other, pages: await find(other) },
  ];
  for (const side of sides) await side.server.waitForLog(/^Start: background jobs .*$/m, 600_000);

  log(
    `\n${rounds} rounds of ${sliceSec} s a side, 32 connections; this = ${process.cwd()}, other = ${path.resolve(otherDir)}`,
  );
  for (let i = 0; i < sides[0]!.pages.length; i++) {
    const figures = sides.map(() => ({
      rps: [] as number[],
      cpu: [] as number[],
      db: [] as number[],
      p99: [] as number[],
    }));
    for (const side of sides) {
      const page: Page = side.pages[i]!;
      for (let w = 0; w < 20; w++)
        await fetch(`${side.server.origin}${page.path}`, { headers: page.cookie ? { cookie: page.cookie } : {} }).then(
          (r) => r.arrayBuffer(),
        );
    }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const s of order) {
        const side = sides[s]!;
        const cpuBefore = readServerCpuMs(side.server.pid);
        const databaseBefore = localPostgres ? readPostgresCpuMs() : null;
        const { result } = await runLoad({
          origin: side.server.origin,
          targets: [side.pages[i]!],
          connections: 32,
          durationSec: sliceSec,
          serverPid: side.server.pid,
        });
        if (result.non2xx || result.errors)
          throw new Error(
            `${side.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors on ${side.pages[i]!.path}`,
          );
        figures[s]!.rps.push(result.requests.average);
        figures[s]!.p99.push(result.latency.p99);
        figures[s]!.cpu.push(cpuUsedBetween(cpuBefore, readServerCpuMs(side.server.pid)) / result.requests.total);
        if (databaseBefore)
          figures[s]!.db.push(cpuUsedBetween(databaseBefore, readPostgresCpuMs()) / result.requests.total);
      }
    }
    const ratios = pairedRatios(figures[0]!.rps, figures[1]!.rps);
    const show = (f: (typeof figures)[number]) =>
      `${median(f.rps).toFixed(0)} req/s, ${median(f.cpu).toFixed(2)} ms CPU` +
      (f.db.length ? ` + ${median(f.db).toFixed(2)} ms PostgreSQL` : '') +
      `, p99 ${median(f.p99)} ms`;
    log(
      `${sides[0]!.pages[i]!.name.padEnd(16)} this ${show(figures[0]!)} | other ${show(figures[1]!)} | ` +
        `this ÷ other ${median(ratios).toFixed(2)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(' ')})`,
    );
  }
} finally {
  for (const server of servers) await server.stop();
  await copy?.drop();
  await data.drop();
  rmSync(logDir, { recursive: true, force: true });
}
