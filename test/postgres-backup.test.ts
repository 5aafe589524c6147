import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, expect, it } from 'vitest';
import { createSchool, resetDatabase } from './setup/fixtures';
import { run } from './embedded/child';

// With DATABASE_URL, npm run db:backup is pg_dump's custom format, which pg_restore brings back.
// (On the embedded database, test/embedded-backup.test.ts covers the PGlite dump.)
const url = process.env.DATABASE_URL;
const backups = mkdtempSync(path.join(os.tmpdir(), 'traded-pg-backup-'));
const restoredName = `traded_restore_${process.pid}`;
const admin =
  url && process.env.TEST_SERVER_URL ? postgres(process.env.TEST_SERVER_URL, { onnotice: () => {}, max: 1 }) : null;
afterAll(async () => {
  rmSync(backups, { recursive: true, force: true });
  if (admin) {
    await admin.unsafe(`drop database if exists ${restoredName} with (force)`);
    await admin.end();
  }
});

it.runIf(Boolean(url && admin))(
  'backs up PostgreSQL with pg_dump, restorable with pg_restore',
  async () => {
    await resetDatabase();
    await createSchool(990001, '852', 'Backed Up Primary School');
    const result = await run('npm', ['run', '--silent', 'db:backup'], { BACKUP_DIR: backups });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const files = readdirSync(backups);
    expect(files).toEqual([expect.stringMatching(/^traded-postgres-.+\.dump$/)]);

    await admin!.unsafe(`create database ${restoredName}`);
    const target = new URL(process.env.TEST_SERVER_URL!);
    target.pathname = `/${restoredName}`;
    const restored = await run(
      'pg_restore',
      ['--no-owner', '--dbname', target.toString(), path.join(backups, files[0]!)],
      {},
    );
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const copy = postgres(target.toString(), { onnotice: () => {}, max: 1 });
    try {
      const rows = await copy`select name from schools where urn = 990001`;
      expect(rows).toEqual([{ name: 'Backed Up Primary School' }]);
      // The runtime role's grants and row-level security came back too.
      const [policy] = await copy`select count(*)::int as n from pg_policies where policyname = 'tenant_isolation'`;
      expect(policy!.n).toBeGreaterThan(10);
    } finally {
      await copy.end();
    }
  },
  120_000,
);
