import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { closeDatabase, defaultPgliteDir } from '../db/client.server';
import { openDatabaseForCommand } from './open-database';

// npm run db:backup: a restorable copy in ./backups (BACKUP_DIR), named with the time it was taken.
//   embedded (PGlite): its dump of the data folder, a .tar.gz (refused while the server runs);
//   PostgreSQL (DATABASE_URL): pg_dump's custom format, for pg_restore.
const folder = path.resolve(process.env.BACKUP_DIR ?? 'backups');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(folder, { recursive: true });

const url = process.env.DATABASE_URL;
if (url) {
  const file = path.join(folder, `traded-postgres-${stamp}.dump`);
  const result = spawnSync('pg_dump', ['--format=custom', '--file', file, url], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) {
    console.error(
      `pg_dump could not run (${result.error.message}): install the PostgreSQL client tools of your server's version.`,
    );
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log(
    `Backup written: ${file}\nRestore with: pg_restore --clean --if-exists --no-owner --dbname "$DATABASE_URL" ${file}`,
  );
} else {
  const { pglite } = await openDatabaseForCommand();
  const dump = await pglite!.dumpDataDir('gzip');
  const file = path.join(folder, `traded-pglite-${stamp}.tar.gz`);
  writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
  await closeDatabase();
  console.log(`Backup of ${defaultPgliteDir()} written: ${file}\nRestore with: npm run db:restore -- ${file}`);
}
