import { readFileSync } from 'node:fs';
import path from 'node:path';
import { closeDatabase } from '../db/client.server';
import { migrateToLatest } from '../db/migrate.server';
import { openDatabaseForCommand } from './open-database';
import { academicYearLabel, readAcademicYear } from '../app/performance/academic-year';
import { describeRowProblem } from '../app/performance/csv-rows';
import { importKs2, importOfsted } from '../app/performance/import-performance.server';

// npm run import:ks2 -- FILE [--year 2022/23]   (england_ks2final.csv; the year is read from the
//                                                 file's earlier-year columns when it has them)
// npm run import:ofsted -- FILE
const kind = process.argv[2];
const args = process.argv.slice(3);
const yearAt = args.indexOf('--year');
const yearText = yearAt >= 0 ? args[yearAt + 1] : undefined;
const file = args.find((a, i) => !a.startsWith('--') && (yearAt < 0 || i !== yearAt + 1));
if ((kind !== 'ks2' && kind !== 'ofsted') || !file || (yearAt >= 0 && !yearText)) {
  console.error(
    kind === 'ofsted'
      ? 'Usage: npm run import:ofsted -- FILE.csv'
      : 'Usage: npm run import:ks2 -- FILE.csv [--year 2022/23]',
  );
  process.exit(2);
}
const academicYear = yearText === undefined ? null : readAcademicYear(yearText);
if (yearText !== undefined && academicYear === null) {
  console.error(`"${yearText}" is not an academic year: write it like 2022/23.`);
  process.exit(2);
}
let bytes: Buffer;
try {
  bytes = readFileSync(file);
} catch (error) {
  console.error(`Cannot read ${file}: ${(error as Error).message}`);
  process.exit(2);
}
const { db } = await openDatabaseForCommand();
await migrateToLatest(db);
const named = { name: path.basename(file), bytes };
const result = kind === 'ks2' ? await importKs2(db, named, { academicYear }) : await importOfsted(db, named);
await closeDatabase();
if (!result.ok) {
  if (result.fileError) console.error(result.fileError);
  const shown = result.problems.slice(0, 200);
  for (const p of shown) console.error(describeRowProblem(p));
  if (result.problems.length > shown.length) console.error(`… and ${result.problems.length - shown.length} more.`);
  console.error(
    `\nNothing was imported: fix ${result.fileError ? 'the file' : `the ${result.problems.length} problems above`} and run it again.`,
  );
  process.exit(1);
}
const what = kind === 'ks2' ? 'results' : 'inspections';
const ks2 = result as Partial<Extract<Awaited<ReturnType<typeof importKs2>>, { ok: true }>>;
const years = ks2.years?.length ? ` for ${ks2.years.map(academicYearLabel).join(', ')}` : '';
console.log(
  `${result.schoolRows} school rows: ${result.inserted} ${what} new, ${result.updated} updated, ${result.unchanged} unchanged${years}; ` +
    `${result.unknownUrns} skipped (URN not in the schools list)${kind === 'ks2' ? `, ${result.summaryRows} summary rows skipped` : ''}.`,
);
