import { openPglite } from '../db/client.server';
import { migrateToLatest } from '../db/migrate.server';
import { importSchools } from '../app/schools/import-schools.server';
import { decodeCsvBytes } from '../app/forms/csv-file';
import { parseGias } from '../app/schools/parse-gias';

// npm run bench:import -- [ROWS]: a synthetic GIAS extract of ROWS schools (default 22,000, about
// England's state-funded schools), parsed and then imported twice into a fresh embedded database.
const rows = Number(process.argv[2] ?? 22_000);
const header = ['URN', 'LA (code)', 'LA (name)', 'EstablishmentNumber', 'EstablishmentName', 'TypeOfEstablishment (name)',
  'EstablishmentTypeGroup (code)', 'EstablishmentTypeGroup (name)', 'EstablishmentStatus (name)', 'PhaseOfEducation (name)',
  'NumberOfPupils', 'Trusts (code)', 'Trusts (name)', 'Street', 'Town', 'Postcode', 'OpenDate'];
const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
const lines = [header.map(quote).join(',')];
for (let i = 0; i < rows; i++) {
  const academy = i % 2 === 0;
  lines.push([String(100000 + i), String(800 + (i % 150)), 'Somewhere', String(2000 + (i % 7000)), `School ${i}`,
    academy ? 'Academy converter' : 'Community school', academy ? '10' : '4', academy ? 'Academies' : 'Local authority maintained schools',
    'Open', 'Primary', String(i % 1500), academy ? String(5000 + (i % 2500)) : '', academy ? `Trust ${i % 2500}` : '',
    `${i} High Street`, 'Town', 'SO14 0AA', '01-09-2012'].map(quote).join(','));
}
const bytes = new TextEncoder().encode(lines.join('\r\n'));
console.log(`rows: ${rows}; file: ${(bytes.length / 1e6).toFixed(1)} MB`);

let t = performance.now();
const parsed = parseGias(decodeCsvBytes(bytes));
console.log(`parse: ${(performance.now() - t).toFixed(0)} ms (ok: ${parsed.ok})`);

const handle = await openPglite('memory://');
await migrateToLatest(handle.db);
t = performance.now();
const first = await importSchools(handle.db, bytes);
console.log(`first import (PGlite): ${(performance.now() - t).toFixed(0)} ms`, first);
t = performance.now();
const second = await importSchools(handle.db, bytes);
console.log(`rerun (PGlite): ${(performance.now() - t).toFixed(0)} ms`, second);
console.log(`rss: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
await handle.close();
