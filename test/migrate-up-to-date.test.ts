import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type DatabaseHandle } from '../db/client.server';
import { migrateToLatest } from '../db/migrate.server';
import { migrations } from '../db/migrations';

// A start on a migrated database skips the Migrator's catalogue reads, and only then.
describe('migrating a database already up to date', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openPglite('memory://');
  }, 120_000);
  afterAll(() => handle.close());

  it('applies every migration to an empty database, then finds none to apply', async () => {
    expect(await migrateToLatest(handle.db)).toEqual(Object.keys(migrations).sort());
    expect(await migrateToLatest(handle.db)).toEqual([]);
  }, 120_000);

  it('still refuses a database that ran a migration this code does not know', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('29990101_0001_unknown', ${new Date().toISOString()})`.execute(
      handle.db,
    );
    await expect(migrateToLatest(handle.db)).rejects.toThrow(/corrupted migrations/);
    await sql`delete from kysely_migration where name = '29990101_0001_unknown'`.execute(handle.db);
    expect(await migrateToLatest(handle.db)).toEqual([]);
  });
});
