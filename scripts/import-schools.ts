import { readFileSync } from 'node:fs';
import { closeDatabase } from '../db/client.server';
import { migrateToLatest } from '../db/migrate.server';
import { openDatabaseForCommand } from './open-database';
import { describeRowProblem } from '../app/platform/schools-upload-form';
import { importSchools } from '../app/schools/import-schools.server';

// npm run import:schools -- FILE   (a GIAS establishment extract, or tenants/schools-5la.csv)
const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run import:schools -- FILE.csv');
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
const result = await importSchools(db, bytes);
await closeDatabase();
if (!result.ok) {
  if (result.fileError) console.error(result.fileError);
  for (const p of result.problems) console.error(describeRowProblem(p));
  console.error(
    `\nNothing was imported: fix ${result.fileError ? 'the file' : `the ${result.problems.length} rows above`} and run it again.`,
  );
  process.exit(1);
}
console.log(
  `${result.total} schools: ${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged.`,
);
