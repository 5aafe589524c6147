import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { openPglite } from '../db/client.server';
import { embeddedPass, killed, run, startTs, waitForLine } from './embedded/child';

// npm run db:backup writes a copy that npm run db:restore brings back whole; neither runs while
// another process holds the embedded database.
const parent = embeddedPass ? mkdtempSync(path.join(os.tmpdir(), 'traded-backup-')) : '';
afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
});
const backups = path.join(parent, 'backups');
const npm = (args: string[], dir: string) =>
  run('npm', ['run', '--silent', ...args], { PGLITE_DIR: dir, BACKUP_DIR: backups, DATABASE_URL: '' });

it.runIf(embeddedPass)('backs up the embedded database and restores it into an empty folder', async () => {
  const dir = path.join(parent, 'pg');
  if (process.env.TEST_PGLITE_TEMPLATE) cpSync(process.env.TEST_PGLITE_TEMPLATE, dir, { recursive: true });

  // While another process holds the folder, no backup is taken.
  const holder = startTs('test/embedded/hold-database.ts', ['hold'], { PGLITE_DIR: dir, DATABASE_URL: '' });
  try {
    await waitForLine(holder, /^ready$/);
    const refused = await npm(['db:backup'], dir);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('is in use by another process');
  } finally {
    holder.kill('SIGTERM');
    await killed(holder);
  }

  const source = await openPglite(dir);
  await sql`insert into embedded_probe (n) values (41), (42)`.execute(source.db);
  await source.close();

  const backedUp = await npm(['db:backup'], dir);
  expect(backedUp.stderr).toBe('');
  expect(backedUp.code).toBe(0);
  const files = readdirSync(backups);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^traded-pglite-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.tar\.gz$/);
  const file = path.join(backups, files[0]!);

  // Never over an existing database.
  const over = await npm(['db:restore', '--', file], dir);
  expect(over.code).not.toBe(0);
  expect(over.stderr).toContain('is not empty');

  const restoredDir = path.join(parent, 'restored', 'pg');
  const restored = await npm(['db:restore', '--', file], restoredDir);
  expect(restored.stderr).toBe('');
  expect(restored.code).toBe(0);
  const handle = await openPglite(restoredDir);
  try {
    const { rows } = await sql<{ n: number }>`select n from embedded_probe order by n`.execute(handle.db);
    expect(rows.map((r) => r.n)).toEqual([0, 41, 42]);
    const migrations = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(handle.db);
    expect(migrations.rows[0]!.n).toBeGreaterThan(10);
  } finally {
    await handle.close();
  }
}, 300_000);
