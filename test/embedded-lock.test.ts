import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite } from '../db/client.server';
import { EmbeddedDatabaseInUse, lockPathFor } from '../db/embedded-lock.server';
import { embeddedPass, killed, run, startTs, waitForLine } from './embedded/child';

// PGlite is one process's database: a second process on the same folder must refuse, untouched.
const dirs: string[] = [];
function freshFolder(): string {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'traded-lock-'));
  dirs.push(parent);
  const dir = path.join(parent, 'pg');
  if (process.env.TEST_PGLITE_TEMPLATE) cpSync(process.env.TEST_PGLITE_TEMPLATE, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const childEnv = (dir: string) => ({ PGLITE_DIR: dir, DATABASE_URL: '' });

describe.runIf(embeddedPass)('the embedded database folder', () => {
  it('refuses the schools import while another process holds it, and keeps its data', async () => {
    const dir = freshFolder();
    const holder = startTs('test/embedded/hold-database.ts', ['hold'], childEnv(dir));
    try {
      await waitForLine(holder, /^ready$/);
      const started = Date.now();
      const result = await run('npm', ['run', '--silent', 'import:schools', '--', 'tenants/schools-5la.csv'], childEnv(dir));
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`The embedded database in ${dir} is in use by another process (PID ${holder.pid}`);
      expect(result.stderr).toContain('Stop the server');
      expect(result.stderr).toContain('/platform/schools');
      expect(result.stderr).not.toContain('RuntimeError');
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      holder.kill('SIGKILL');
      await killed(holder);
    }
    // The holder died without cleaning up: its lock is stale and is taken over.
    expect(existsSync(lockPathFor(dir))).toBe(true);
    const handle = await openPglite(dir);
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from embedded_probe`.execute(handle.db);
      expect(rows[0]!.n).toBe(1);
      const schools = await sql<{ n: number }>`select count(*)::int as n from schools`.execute(handle.db);
      expect(schools.rows[0]!.n).toBe(0);
    } finally {
      await handle.close();
    }
    expect(existsSync(lockPathFor(dir))).toBe(false);
  }, 180_000);

  it('refuses a second opening in the same process and takes over a lock left by a dead process', async () => {
    const dir = freshFolder();
    const first = await openPglite(dir);
    try {
      await expect(openPglite(dir)).rejects.toBeInstanceOf(EmbeddedDatabaseInUse);
    } finally {
      await first.close();
    }
    // A PID that cannot be running (above the kernel's pid_max).
    writeFileSync(lockPathFor(dir), '99999999\n');
    const again = await openPglite(dir);
    await again.close();
  }, 120_000);
});
