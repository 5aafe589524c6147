import os from 'node:os';
import { importBankStatement } from '../app/cash/import-statement.server';
import { exportLedgerBatch } from '../app/ledger/export-ledger-batch.server';
import { monthPeriod } from '../app/ledger/export-form';
import { closeDatabase } from '../db/client.server';
import { listAgedDebt } from '../db/queries/aged-debt';
import { withTenant } from '../db/scope.server';
import { createBenchDatabase } from './bench-billing/bench-database';
import { FULL, generateData, QUARTER, TINY, type BenchSize } from './bench-billing/generate';
import { maxRssMb, sampleRss } from './bench-billing/memory';

// npm run bench:finance [-- --size tiny|quarter|full] [-- --lines 100000]: month end at national
// scale in a fresh PostgreSQL database on the server DATABASE_URL names (default
// postgres://postgres@127.0.0.1:5432/test), with the billing bench's data (every authority's
// schools, orders, delivery and a year of final invoices and recharges). It times, each with lines
// per second and peak RSS: importing and matching a bank statement of 100,000 lines against one
// authority's year of documents; aged debt for every customer of every authority; and each
// authority's ledger batches (invoices and credit notes, and the recharge journal) for a month.
// The database is dropped afterwards.

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const sizes: Record<string, BenchSize> = { tiny: TINY, quarter: QUARTER, full: FULL };
const size = sizes[arg('--size') ?? 'full'];
if (!size) throw new Error(`--size must be one of ${Object.keys(sizes).join(', ')}`);
const statementLines = Number(arg('--lines') ?? 100_000);
if (!Number.isInteger(statementLines) || statementLines < 10)
  throw new Error('--lines takes a whole number of 10 or more');

/** The month the bench exports: the history's last issue month (June's bills, issued 1 July 2026). */
const LEDGER_MONTH = { year: 2026, month: 7 };
const AS_OF = '2026-07-31';

interface Step {
  name: string;
  ms: number;
  count: number;
  unit: string;
  peakMb: number;
  detail: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed(
  name: string,
  unit: string,
  work: () => Promise<{ count: number; detail: string }>,
): Promise<Step> {
  const sampler = sampleRss();
  const t = performance.now();
  const { count, detail } = await work();
  const ms = performance.now() - t;
  const rss = sampler.stop();
  console.log(`${name}: ${seconds(ms)}, ${count} ${unit} (${detail})`);
  return { name, ms, count, unit, peakMb: rss.peakMb, detail };
}

/** A CSV cell, quoted when it needs to be. */
const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A Lloyds Commercial Banking Online statement of `total` lines for the authority: a payment for
 * each of its open documents by number (every seventh paid in two parts), one payment per customer
 * by account code for the rest of what it owes where it owes on several documents, then other
 * people's credits and the authority's own debits up to the total.
 */
function statementCsv(
  documents: ReadonlyArray<{ number: string; organisation_id: string; account_code: string; owed: number }>,
  total: number,
): { csv: string; byReference: number } {
  const rows: string[] = ['Post Date,Sort Code,Account Number,Name,Type,Amount,Customer Reference,Detail,Balance'];
  const date = (n: number) => `${String(1 + (n % 28)).padStart(2, '0')}/07/2026`;
  const push = (n: number, name: string, pence: number, reference: string, detail: string) =>
    rows.push(
      [
        date(n),
        '30-00-01',
        '00012345',
        cell(name),
        pence < 0 ? 'DEB' : 'BGC',
        (pence / 100).toFixed(2),
        cell(reference),
        cell(detail),
        '0.00',
      ].join(','),
    );
  let byReference = 0;
  const leftByCustomer = new Map<string, { code: string; pence: number }>();
  documents.forEach((d, i) => {
    if (rows.length > total) return;
    if (i % 3 === 2) {
      const left = leftByCustomer.get(d.organisation_id) ?? { code: d.account_code, pence: 0 };
      left.pence += d.owed;
      leftByCustomer.set(d.organisation_id, left);
      return;
    }
    if (i % 7 === 0 && d.owed > 1) {
      const half = Math.floor(d.owed / 2);
      push(i, 'SCHOOL BACS', half, d.number, 'Part payment');
      push(i + 1, 'SCHOOL BACS', d.owed - half, d.number, 'Balance');
      byReference += 2;
    } else {
      push(i, 'SCHOOL BACS', d.owed, d.number, 'Remittance');
      byReference += 1;
    }
  });
  for (const [, left] of leftByCustomer)
    if (rows.length <= total && left.pence > 0)
      push(rows.length, 'TRUST BACS', left.pence, left.code, 'Several invoices');
  for (let n = rows.length; n <= total; n++)
    if (n % 5 === 0) push(n, `PAYER ${n}`, 1000 + (n % 9000), `UNKNOWN ${n}`, 'Not an invoice');
    else push(n, `SUPPLIER ${n % 997}`, -(500 + (n % 20000)), `PAY ${n}`, 'Supplier payment');
  return { csv: `${rows.join('\r\n')}\r\n`, byReference };
}

async function main() {
  console.log(
    `bench:finance (${size!.label}) on ${new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test').host}, ` +
      `${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const t = performance.now();
  const database = await createBenchDatabase(`finance_${size!.label}`);
  try {
    const counts = await generateData(database.owner, size!);
    console.log(
      `data: ${counts.tenants} authorities, ${counts.schools} schools, ${counts.historyDocuments} final documents ` +
        `with ${counts.historyLines} lines (${seconds(performance.now() - t)})`,
    );
    process.env.DATABASE_URL = database.url;
    const people = await database.owner.unsafe<{ tenant_id: string; user_id: string; documents: number }[]>(
      `select t.id as tenant_id, (select tm.user_id from tenant_memberships tm where tm.tenant_id = t.id limit 1) as user_id,
              (select count(*)::int from billing_documents d where d.tenant_id = t.id) as documents
         from tenants t order by documents desc, t.id`,
    );
    const biggest = people[0]!;
    const open = await database.owner.unsafe<
      { number: string; organisation_id: string; account_code: string; owed: number }[]
    >(
      `select d.number, d.organisation_id, ca.account_code, d.total_pence::int as owed
         from billing_documents d
         join customer_accounts ca on ca.tenant_id = d.tenant_id and ca.organisation_id = d.organisation_id
        where d.tenant_id = $1 and d.status = 'final' and d.kind = 'invoice'
        order by d.organisation_id, d.issued_on, d.number`,
      [biggest.tenant_id],
    );
    const statement = statementCsv(open, statementLines);
    const bytes = new TextEncoder().encode(statement.csv);
    const steps: Step[] = [];

    steps.push(
      await timed('bank statement: import and match', 'lines', async () => {
        const result = await importBankStatement(
          { tenantId: biggest.tenant_id, userId: biggest.user_id },
          { preset: 'lloyds', fileName: 'bench.csv', bytes },
        );
        if (!result.ok) throw new Error(`The statement was refused: ${JSON.stringify(result.problems.slice(0, 3))}`);
        return {
          count: result.linesInFile,
          detail: `${result.linesMatched} credits matched, ${result.linesWaiting} waiting, against ${open.length} invoices of one authority (${(bytes.length / 1e6).toFixed(1)} MB)`,
        };
      }),
    );
    steps.push(
      await timed('bank statement: the same file again', 'lines', async () => {
        const result = await importBankStatement(
          { tenantId: biggest.tenant_id, userId: biggest.user_id },
          { preset: 'lloyds', fileName: 'bench.csv', bytes },
        );
        if (!result.ok || result.linesNew !== 0)
          throw new Error('Importing the same statement again recorded something');
        return { count: result.linesInFile, detail: 'nothing new recorded' };
      }),
    );
    steps.push(
      await timed('aged debt: every customer of every authority', 'customers', async () => {
        let customers = 0;
        let owedPence = 0;
        for (const p of people) {
          const rows = await withTenant({ tenantId: p.tenant_id, userId: p.user_id }, (tx) =>
            listAgedDebt(tx, p.tenant_id, AS_OF),
          );
          customers += rows.length;
          for (const r of rows) owedPence += Number(r.totalPence);
        }
        return {
          count: customers,
          detail: `${people.length} authorities, £${Math.round(owedPence / 100).toLocaleString('en-GB')} owed as of ${AS_OF}`,
        };
      }),
    );
    const period = monthPeriod(LEDGER_MONTH.year, LEDGER_MONTH.month);
    steps.push(
      await timed("ledger: one authority's month of invoices and credit notes", 'documents', async () => {
        const batch = await exportLedgerBatch(
          { tenantId: biggest.tenant_id, userId: biggest.user_id },
          'sales',
          period,
        );
        return {
          count: batch.documentCount,
          detail: `${batch.rowCount} rows, ${(Buffer.byteLength(batch.fileText) / 1e3).toFixed(0)} kB, ${period.label}`,
        };
      }),
    );
    steps.push(
      await timed(
        "ledger: every authority's month (invoices and credit notes, recharge journal)",
        'documents',
        async () => {
          let documents = 0;
          let batches = 0;
          let bytesOut = 0;
          for (const p of people)
            for (const kind of ['sales', 'recharge_journal'] as const) {
              if (p === biggest && kind === 'sales') continue;
              const batch = await exportLedgerBatch({ tenantId: p.tenant_id, userId: p.user_id }, kind, period);
              documents += batch.documentCount;
              bytesOut += Buffer.byteLength(batch.fileText);
              batches++;
            }
          return {
            count: documents,
            detail: `${batches} more batches, ${(bytesOut / 1e6).toFixed(1)} MB of files, ${period.label}`,
          };
        },
      ),
    );

    console.log(`\n${'step'.padEnd(78)} ${'time'.padStart(9)} ${'per second'.padStart(11)} ${'peak RSS'.padStart(9)}`);
    for (const s of steps)
      console.log(
        `${s.name.padEnd(78)} ${seconds(s.ms).padStart(9)} ${`${Math.round((s.count / s.ms) * 1000)} ${s.unit}`.padStart(11)} ${`${s.peakMb.toFixed(0)} MB`.padStart(9)}`,
      );
    console.log(`maxRSS of the process: ${maxRssMb().toFixed(0)} MB`);
  } finally {
    await closeDatabase();
    await database.drop();
  }
}

await main();
