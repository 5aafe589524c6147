import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openPglite } from './client.server';
import { tarEntries } from './pglite-dump-in-memory.server';

// The embedded pass's migrated template (test/setup/global-setup.ts), as every test file starts from.
const template = process.env.TEST_PGLITE_DUMP;

describe.runIf(template)('an embedded database in memory, started from a dump', () => {
  it("starts from a backup's tar.gz with its data, and is written to as its own", async () => {
    // npm run db:backup's form of the same folder (compressed quickly here).
    const backup = await promisify(gzip)(await readFile(template!), { level: 1 });
    const handle = await openPglite('memory://', { loadDataDir: backup });
    try {
      const count = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(handle.db);
      expect(count.rows[0]!.n).toBeGreaterThan(10);
      await sql`create table dump_probe (n int primary key)`.execute(handle.db);
      await sql`insert into dump_probe values (7), (8)`.execute(handle.db);
      const { rows } = await sql<{ n: number }>`select n from dump_probe order by n`.execute(handle.db);
      expect(rows.map((r) => r.n)).toEqual([7, 8]);
    } finally {
      await handle.close();
    }
  });

  it('reads the data folder from the tar, and refuses a dump cut short or holding what it cannot read', async () => {
    const tar = new Uint8Array(await readFile(template!));
    const names = [...tarEntries(tar)].map((e) => `${e.kind} ${e.name.replace(/^\//, '')}`);
    expect(names).toContain('file PG_VERSION');
    expect(names).toContain('folder base');
    const version = [...tarEntries(tar)].find((e) => e.name.endsWith('PG_VERSION'))!;
    expect(Buffer.from(version.data).toString().trim()).toMatch(/^1\d$/);

    expect(() => [...tarEntries(tar.subarray(0, 70_000))]).toThrow(/cut short or not a tar/);
    expect(() => [...tarEntries(tar.subarray(0, 512 * 40))]).toThrow(/cut short or not a tar/);
    const linked = tar.slice();
    linked[156] = '2'.charCodeAt(0); // the first entry a symbolic link
    expect(() => [...tarEntries(linked)]).toThrow(/of a kind not read here \(tar type 2\)/);
    const escaping = tar.slice();
    escaping.set(Buffer.from('/../../etc/passwd\0'), 0); // the first entry's name
    expect(() => [...tarEntries(escaping)]).toThrow(/outside the data folder/);
  });
});
