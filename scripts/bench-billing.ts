import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { closeDatabase } from '../db/client.server';
import { compareTotals, runTotals, timeBaseline } from './bench-billing/baseline';
import { createBenchDatabase, type BenchDatabase } from './bench-billing/bench-database';
import { driveBillingRuns } from './bench-billing/drive-run';
import { checkpoint, FULL, generateData, QUARTER, TINY, type BenchSize } from './bench-billing/generate';
import { maxRssMb, sampleRss } from './bench-billing/memory';
import { RUN_PERIOD } from './bench-billing/year';

// npm run bench:billing [-- --quarter-only] [-- --rounds N]: national-scale billing in a fresh
// PostgreSQL database on the server DATABASE_URL names (default postgres://postgres@127.0.0.1:5432/test).
// Each size runs in its own process, so peak RSS is that size's alone; the database is dropped
// afterwards. Each size's data is generated once and billed in N rounds (3 unless told), each on a
// fresh copy of it, each run against a baseline taken just before it.

/** One round: the baseline and the month's run on a fresh copy of the generated data. */
interface RoundResult {
  baselineMs: number;
  baselineTimingsMs: number[];
  runMs: number;
  nodeCpuMs: number;
  runs: number;
  runsFinished: number;
  runsFailed: number;
  runErrors: string[];
  documents: number;
  lines: number;
  rssBeforeRunMb: number;
  rssPeakRunMb: number;
  match: boolean;
  comparison: string[];
}

interface SizeResult extends RoundResult {
  size: string;
  authorities: number;
  schools: number;
  orderLines: number;
  deliveries: number;
  historyDocuments: number;
  historyLines: number;
  migrateMs: number;
  generateMs: number;
  workers: number;
  maxRssMb: number;
  /** Every round's run ÷ baseline, in the order run; the columns above are the median round's. */
  ratios: number[];
  /** Where any round's per-customer totals differed from its baseline's (none: every round matched). */
  differences: string[];
  /** Any round's run errors. */
  allRunErrors: string[];
}

const RESULT_PREFIX = 'BENCH_RESULT ';
const args = process.argv.slice(2);
const wholeArg = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number of 1 or more`);
  return value;
};
const workers = wholeArg('--workers', 1);
// The machine's speed drifts from minute to minute: each round's run is measured against a baseline
// taken just before it on the same copy, and the round with the median ratio is the one reported.
const rounds = wholeArg('--rounds', 3);
const sizes: Record<string, BenchSize> = { tiny: TINY, quarter: QUARTER, full: FULL };
const ms = (n: number) => `${(n / 1000).toFixed(1)} s`;
const mb = (n: number) => `${n.toFixed(0)} MB`;
const perSecond = (count: number, millis: number) => (millis > 0 ? (count / millis) * 1000 : 0).toFixed(0);
const ratio = (r: RoundResult) => r.runMs / r.baselineMs;

/** The baseline, then the month's billing run for every authority through the app, on this database. */
async function benchOneRound(database: BenchDatabase, log: (line: string) => void): Promise<RoundResult> {
  const baseline = await timeBaseline(database.owner, RUN_PERIOD.end);
  log(
    `SQL baseline: ${baseline.timingsMs.map((x) => x.toFixed(0)).join(', ')} ms (median ${baseline.medianMs.toFixed(0)} ms)`,
  );

  // The app's handle opens lazily from DATABASE_URL: point it at this round's database.
  await closeDatabase();
  process.env.DATABASE_URL = database.url;
  const sampler = sampleRss();
  const cpuBefore = process.cpuUsage();
  const t = performance.now();
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
    `run: ${ms(runMs)} (${(runMs / baseline.medianMs).toFixed(2)}× the baseline), ${made!.documents} documents, ` +
      `${made!.lines} lines; per customer against the baseline: ${comparison.report.join('\n')}`,
  );
  return {
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
    match: comparison.match,
    comparison: comparison.report,
  };
}

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

    // One round runs on the generated data itself; several each on a fresh copy of it (a run's
    // drafts claim the month's charges, so a second run on the same data would bill nothing).
    const results: RoundResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      const roundLog = rounds === 1 ? log : (line: string) => log(`round ${round}: ${line}`);
      const target = rounds === 1 ? database : await database.copy(`r${round}`);
      try {
        if (target !== database) await checkpoint(target.owner);
        results.push(await benchOneRound(target, roundLog));
      } finally {
        if (target !== database) await target.drop();
      }
    }
    const median = [...results].sort((a, b) => ratio(a) - ratio(b))[Math.floor(results.length / 2)]!;
    return {
      ...median,
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
      maxRssMb: maxRssMb(),
      ratios: results.map(ratio),
      differences: results.flatMap((r, i) => (r.match ? [] : [`round ${i + 1}:`, ...r.comparison])),
      allRunErrors: results.flatMap((r, i) => r.runErrors.map((e) => `round ${i + 1}: ${e}`)),
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
      [...process.execArgv, script, '--size', label, '--workers', String(workers), '--rounds', String(rounds)],
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
    ['run / baseline', (r) => `${ratio(r).toFixed(1)}×`],
    [`run / baseline, each of ${rounds} rounds`, (r) => r.ratios.map((x) => x.toFixed(2)).join(' ')],
    ['per-customer totals', (r) => (r.differences.length === 0 ? 'MATCH' : 'DIFFER')],
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
    if (r.differences.length > 0)
      console.log(`\n${r.size}: per-customer totals differ from the baseline:\n${r.differences.join('\n')}`);
    if (r.allRunErrors.length > 0)
      console.log(`\n${r.size}: run errors:\n  ${r.allRunErrors.slice(0, 5).join('\n  ')}`);
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
