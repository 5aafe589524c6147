import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { closeDatabase } from '../db/client.server';
import { compareTotals, runTotals, timeBaseline } from './bench-billing/baseline';
import { createBenchDatabase } from './bench-billing/bench-database';
import { driveBillingRuns } from './bench-billing/drive-run';
import { FULL, generateData, QUARTER, TINY, type BenchSize } from './bench-billing/generate';
import { maxRssMb, sampleRss } from './bench-billing/memory';
import { RUN_PERIOD } from './bench-billing/year';

// npm run bench:billing [-- --quarter-only]: national-scale billing in a fresh PostgreSQL database
// on the server DATABASE_URL names (default postgres://postgres@127.0.0.1:5432/test). Each size
// runs in its own process, so peak RSS is that size's alone; the database is dropped afterwards.

interface SizeResult {
  size: string;
  authorities: number;
  schools: number;
  orderLines: number;
  deliveries: number;
  historyDocuments: number;
  historyLines: number;
  migrateMs: number;
  generateMs: number;
  baselineMs: number;
  baselineTimingsMs: number[];
  runMs: number;
  nodeCpuMs: number;
  runs: number;
  runsFinished: number;
  runsFailed: number;
  workers: number;
  runErrors: string[];
  documents: number;
  lines: number;
  rssBeforeRunMb: number;
  rssPeakRunMb: number;
  maxRssMb: number;
  match: boolean;
  comparison: string[];
}

const RESULT_PREFIX = 'BENCH_RESULT ';
const args = process.argv.slice(2);
const workersArg = args.indexOf('--workers');
const workers = workersArg >= 0 ? Number(args[workersArg + 1]) : 1;
if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers takes a whole number of 1 or more');
const sizes: Record<string, BenchSize> = { tiny: TINY, quarter: QUARTER, full: FULL };
const ms = (n: number) => `${(n / 1000).toFixed(1)} s`;
const mb = (n: number) => `${n.toFixed(0)} MB`;
const perSecond = (count: number, millis: number) => (millis > 0 ? (count / millis) * 1000 : 0).toFixed(0);

async function benchOneSize(size: BenchSize): Promise<SizeResult> {
  const log = (line: string) => console.log(`[${size.label}] ${line}`);
  let t = performance.now();
  const database = await createBenchDatabase(size.label);
  const migrateMs = performance.now() - t;
  try {
    log(`database ${database.name} migrated in ${ms(migrateMs)}`);
    t = performance.now();
    const counts = await generateData(database.owner, size);
    const generateMs = performance.now() - t;
    log(
      `generated in ${ms(generateMs)}: ${counts.tenants} authorities, ${counts.schools} schools, ${counts.orderLines} ` +
        `order lines, ${counts.deliveries} delivery records, history ${counts.historyDocuments} final documents ` +
        `with ${counts.historyLines} lines`,
    );

    const baseline = await timeBaseline(database.owner, RUN_PERIOD.end);
    log(
      `SQL baseline: ${baseline.timingsMs.map((x) => x.toFixed(0)).join(', ')} ms (median ${baseline.medianMs.toFixed(0)} ms)`,
    );

    // The app's handle opens lazily from DATABASE_URL: point it at the bench database.
    process.env.DATABASE_URL = database.url;
    const sampler = sampleRss();
    const cpuBefore = process.cpuUsage();
    t = performance.now();
    const outcome = await driveBillingRuns(database.owner, RUN_PERIOD, {
      workers,
      progress: (done, total) => log(`runs finished: ${done} of ${total}`),
    });
    const runMs = performance.now() - t;
    // The app's own share of the machine: the rest of the run's time is the database's.
    const cpu = process.cpuUsage(cpuBefore);
    const nodeCpuMs = (cpu.user + cpu.system) / 1000;
    const rss = sampler.stop();
    await closeDatabase();

    const [made] = await database.owner.unsafe<{ documents: number; lines: number }[]>(
      `select count(distinct d.id)::int as documents, count(l.id)::int as lines
         from billing_documents d left join billing_document_lines l on l.tenant_id = d.tenant_id and l.document_id = d.id
        where d.run_id = any($1::uuid[])`,
      [outcome.runIds],
    );
    const comparison = compareTotals(baseline.totals, await runTotals(database.owner, outcome.runIds));
    log(
      `run: ${ms(runMs)}, ${made!.documents} documents, ${made!.lines} lines; per customer against the baseline: ${comparison.report.join('\n')}`,
    );
    return {
      size: size.label,
      workers,
      authorities: counts.tenants,
      schools: counts.schools,
      orderLines: counts.orderLines,
      deliveries: counts.deliveries,
      historyDocuments: counts.historyDocuments,
      historyLines: counts.historyLines,
      migrateMs,
      generateMs,
      baselineMs: baseline.medianMs,
      baselineTimingsMs: baseline.timingsMs,
      runMs,
      nodeCpuMs,
      runs: outcome.runIds.length,
      runsFinished: outcome.finished,
      runsFailed: outcome.failed,
      runErrors: outcome.errors,
      documents: made!.documents,
      lines: made!.lines,
      rssBeforeRunMb: rss.startMb,
      rssPeakRunMb: rss.peakMb,
      maxRssMb: maxRssMb(),
      match: comparison.match,
      comparison: comparison.report,
    };
  } finally {
    await closeDatabase();
    await database.drop();
  }
}

/** Runs one size in a child process (same node, same tsx loader) and reads its result line. */
function benchInChild(label: string): Promise<SizeResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, script, '--size', label, '--workers', String(workers)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: process.env,
      },
    );
    let result: SizeResult | undefined;
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as SizeResult;
        else console.log(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) =>
      result && code === 0 ? resolve(result) : reject(new Error(`The ${label} bench exited with code ${code}`)),
    );
  });
}

function printTable(results: SizeResult[]) {
  const rows: [string, (r: SizeResult) => string][] = [
    ['authorities', (r) => String(r.authorities)],
    ['schools (customers)', (r) => String(r.schools)],
    ['order lines', (r) => String(r.orderLines)],
    ['delivery records', (r) => String(r.deliveries)],
    ['history: final documents', (r) => String(r.historyDocuments)],
    ['history: document lines', (r) => String(r.historyLines)],
    ['data generated in', (r) => ms(r.generateMs)],
    [`billing run (${RUN_PERIOD.label}) wall time`, (r) => ms(r.runMs)],
    ['app (Node) CPU during the run', (r) => ms(r.nodeCpuMs)],
    ['worker passes at once', (r) => String(r.workers)],
    ['runs finished', (r) => `${r.runsFinished} of ${r.runs}${r.runsFailed ? ` (${r.runsFailed} failed)` : ''}`],
    ['documents made', (r) => String(r.documents)],
    ['lines made', (r) => String(r.lines)],
    ['documents per second', (r) => perSecond(r.documents, r.runMs)],
    ['lines per second', (r) => perSecond(r.lines, r.runMs)],
    ['RSS before the run', (r) => mb(r.rssBeforeRunMb)],
    ['peak RSS during the run (100 ms samples)', (r) => mb(r.rssPeakRunMb)],
    ['maxRSS of the process', (r) => mb(r.maxRssMb)],
    ['SQL baseline (median of 3)', (r) => `${r.baselineMs.toFixed(0)} ms`],
    ['run / baseline', (r) => `${(r.runMs / r.baselineMs).toFixed(1)}×`],
    ['per-customer totals', (r) => (r.match ? 'MATCH' : 'DIFFER')],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\n${''.padEnd(width)}  ${results.map((r) => r.size.padStart(12)).join('  ')}`);
  for (const [name, value] of rows)
    console.log(`${name.padEnd(width)}  ${results.map((r) => value(r).padStart(12)).join('  ')}`);
  if (results.length === 2) {
    const [small, large] = results as [SizeResult, SizeResult];
    console.log(
      `\ngrowth ${large.size}/${small.size}: customers ×${(large.schools / small.schools).toFixed(2)}, ` +
        `run time ×${(large.runMs / small.runMs).toFixed(2)}, baseline ×${(large.baselineMs / small.baselineMs).toFixed(2)}, ` +
        `peak RSS during the run ×${(large.rssPeakRunMb / small.rssPeakRunMb).toFixed(2)}, maxRSS ×${(large.maxRssMb / small.maxRssMb).toFixed(2)}`,
    );
  }
  for (const r of results) {
    if (!r.match) console.log(`\n${r.size}: per-customer totals differ from the baseline:\n${r.comparison.join('\n')}`);
    if (r.runErrors.length > 0) console.log(`\n${r.size}: run errors:\n  ${r.runErrors.slice(0, 5).join('\n  ')}`);
  }
}

const sizeArg = args.indexOf('--size');
if (sizeArg >= 0) {
  const size = sizes[args[sizeArg + 1] ?? ''];
  if (!size) throw new Error(`--size must be one of ${Object.keys(sizes).join(', ')}`);
  const result = await benchOneSize(size);
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
} else {
  const labels = args.includes('--quarter-only') ? ['quarter'] : ['quarter', 'full'];
  console.log(
    `bench:billing on ${new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test').host}, ` +
      `${(await import('node:os')).cpus().length} CPUs, load average ${(await import('node:os'))
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const results: SizeResult[] = [];
  for (const label of labels) results.push(await benchInChild(label));
  printTable(results);
}
