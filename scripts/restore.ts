import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { defaultPgliteDir, openPglite } from '../db/client.server';
import { EmbeddedDatabaseInUse } from '../db/embedded-lock.server';
import { migrateToLatest } from '../db/migrate.server';

// npm run db:restore -- backups/traded-pglite-….tar.gz: unpacks a PGlite backup into an empty
// ./data/pg (PGLITE_DIR). It never overwrites: move the current folder aside first.
// (PostgreSQL backups are restored with pg_restore: see the README.)
const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run db:restore -- backups/traded-pglite-TIME.tar.gz');
  process.exit(2);
}
if (process.env.DATABASE_URL) {
  console.error('DATABASE_URL is set: restore a PostgreSQL backup with pg_restore (see the README).');
  process.exit(2);
}
const dir = defaultPgliteDir();
if (existsSync(dir) && readdirSync(dir).length > 0) {
  console.error(
    `${dir} is not empty. Stop the server and move that folder aside (keep it until the restore is checked), then run this again.`,
  );
  process.exit(2);
}
let bytes: Buffer;
try {
  bytes = readFileSync(file);
} catch (error) {
  console.error(`Cannot read ${file}: ${(error as Error).message}`);
  process.exit(2);
}
try {
  const handle = await openPglite(dir, { loadDataDir: bytes });
  // A backup from an older version gets the newer migrations now, as the server would at start.
  await migrateToLatest(handle.db);
  await handle.close();
} catch (error) {
  if (error instanceof EmbeddedDatabaseInUse) {
    console.error(error.message);
    process.exit(3);
  }
  throw error;
}
console.log(`Restored ${file} into ${dir}.`);
