import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openPglite, openPostgres, type DatabaseHandle } from '../db/client.server';
import { createBenchDatabase } from './bench-billing/bench-database';
import { migrateToLatest } from '../db/migrate.server';
import { importSchools } from '../app/schools/import-schools.server';
import { importKs2 } from '../app/performance/import-performance.server';
import { NO_VALUE_TOKENS, parseKs2 } from '../app/performance/parse-ks2';
import { seedPerformanceData } from '../db/seed-performance';

// npm run bench:ks2 -- [ROWS] [--postgres]: a national-size KS2 file (default 16,000 schools) in the
// real 311-column layout, every "no value" token in it, parsed, then imported twice into a fresh
// database (embedded, or a scratch database beside DATABASE_URL); and the demo's own performance
// files as the seed loads them.
const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 16_000);
const onPostgres = process.argv.includes('--postgres');
const dir = path.join(process.cwd(), 'reference', 'performance');
const real = readFileSync(path.join(dir, 'ks2-2024-25-southampton.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
const header = real[0]!.split(',');
const at = (name: string) => header.indexOf(name);
const template = real[1]!.split(',');
const tokens = ['', ...NO_VALUE_TOKENS];
const lines = [real[0]!];
for (let i = 0; i < rows; i++) {
  const cells = [...template];
  cells[at('URN')] = String(200000 + i);
  cells[at('PTRWM_EXP')] = i % 7 === 0 ? tokens[i % tokens.length]! : `${i % 101}%`;
  cells[at('READPROG_23')] = i % 5 === 0 ? tokens[i % tokens.length]! : (((i % 200) - 100) / 10).toFixed(1);
  lines.push(cells.join(','));
}
const bytes = new TextEncoder().encode(lines.join('\n'));
console.log(`rows: ${rows}; file: ${(bytes.length / 1e6).toFixed(1)} MB`);

let t = performance.now();
const parsed = parseKs2(bytes);
console.log(`parse: ${(performance.now() - t).toFixed(0)} ms (ok: ${parsed.ok})`);

let handle: DatabaseHandle;
let dropScratch = async () => {};
if (onPostgres) {
  const scratch = await createBenchDatabase('ks2');
  handle = openPostgres(scratch.url);
  dropScratch = () => scratch.drop();
} else handle = await openPglite('memory://');
const where = onPostgres ? 'PostgreSQL' : 'PGlite';
await migrateToLatest(handle.db);
await importSchools(handle.db, readFileSync(path.join(process.cwd(), 'tenants', 'schools-5la.csv')));
t = performance.now();
await seedPerformanceData(handle.db, () => {});
console.log(`demo performance files as seeded (${where}): ${(performance.now() - t).toFixed(0)} ms`);
// The file's schools, in the schools list (as a GIAS extract of just the columns it needs).
const gias = ['URN,LA (code),EstablishmentName'];
for (let i = 0; i < rows; i++) gias.push(`${200000 + i},999,School ${i}`);
await importSchools(handle.db, new TextEncoder().encode(gias.join('\n')));
t = performance.now();
const first = await importKs2(handle.db, { name: 'england_ks2final.csv', bytes });
console.log(
  `first import (${where}): ${(performance.now() - t).toFixed(0)} ms`,
  first.ok ? { ...first, importId: undefined } : first,
);
t = performance.now();
const second = await importKs2(handle.db, { name: 'england_ks2final.csv', bytes });
console.log(
  `rerun (${where}): ${(performance.now() - t).toFixed(0)} ms`,
  second.ok ? { ...second, importId: undefined } : second,
);
console.log(`rss: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
await handle.close();
await dropScratch();
