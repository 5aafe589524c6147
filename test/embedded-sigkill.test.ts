import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { openPglite } from '../db/client.server';
import { embeddedPass, killed, runTs, startTs, waitForLine } from './embedded/child';

// A server killed with SIGKILL in the middle of writes must start again with every commit it
// acknowledged, and a command run on its folder afterwards must finish. The writer prints
// "committed N" only after each transaction has returned.
const parent = embeddedPass ? mkdtempSync(path.join(os.tmpdir(), 'traded-sigkill-')) : '';
afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
});

it.runIf(embeddedPass)(
  'keeps every acknowledged commit after kill -9, twice over, and a backup of the folder then ends',
  async () => {
    const dir = path.join(parent, 'pg');
    if (process.env.TEST_PGLITE_TEMPLATE) cpSync(process.env.TEST_PGLITE_TEMPLATE, dir, { recursive: true });
    let acknowledged = 0;
    for (let round = 0; round < 2; round++) {
      const writer = startTs('test/embedded/hold-database.ts', ['write'], { PGLITE_DIR: dir, DATABASE_URL: '' });
      writer.stdout!.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/committed (\d+)/g))
          acknowledged = Math.max(acknowledged, Number(match[1]));
      });
      await waitForLine(writer, /^ready$/);
      const before = acknowledged;
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (acknowledged >= before + 150) {
            clearInterval(check);
            resolve();
          }
        }, 5);
      });
      writer.kill('SIGKILL');
      await killed(writer);
      expect(writer.signalCode).toBe('SIGKILL');
    }

    // A command run on the folder the killed process left (a backup, the first thing to take after a
    // crash) replays the log, does its work and exits by itself.
    const backups = path.join(parent, 'backups');
    const backup = await runTs(
      'scripts/backup.ts',
      [],
      { PGLITE_DIR: dir, BACKUP_DIR: backups, DATABASE_URL: '' },
      60_000,
    );
    expect(backup).toMatchObject({ timedOut: false, code: 0, stderr: '' });
    expect(readdirSync(backups)).toHaveLength(1);

    const handle = await openPglite(dir);
    try {
      const { rows } = await sql<{ n: number; top: number }>`
      select count(*)::int as n, coalesce(max(n), 0)::int as top from embedded_probe`.execute(handle.db);
      expect(acknowledged).toBeGreaterThanOrEqual(300);
      // Every acknowledged commit is there, numbered without a gap (one more may have committed
      // before its acknowledgement was printed).
      expect(rows[0]!.top).toBeGreaterThanOrEqual(acknowledged);
      expect(rows[0]!.n).toBe(rows[0]!.top);
      // And the database still takes writes.
      await sql`insert into embedded_probe (n) values (${rows[0]!.top + 1})`.execute(handle.db);
    } finally {
      await handle.close();
    }
  },
  300_000,
);
