import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { twoTenants } from '../test/setup/fixtures';
import { getDatabase, pgliteParsers } from './client.server';
import { PreparingPGliteDialect } from './pglite-prepared.server';
import { withTenant } from './scope.server';

// The embedded database prepares each query text once and then only binds and runs it
// (db/pglite-prepared.server.ts). On PostgreSQL the server's own driver prepares (db/client.server.ts).

const onPglite = !process.env.DATABASE_URL;

const keptStatements = (db: Kysely<unknown>, text: string) =>
  sql<{ generic: number; custom: number }>`select generic_plans::int as generic, custom_plans::int as custom
      from pg_prepared_statements where statement = ${text}`
    .execute(db)
    .then((r) => r.rows);

describe.runIf(onPglite)('statements on the embedded database', () => {
  it('are prepared once a text and run again with new parameters', async () => {
    const { db } = await getDatabase();
    const text = 'select $1::int + 1 as "next"';
    const answers = [];
    for (const n of [1, 2, 3])
      answers.push((await db.executeQuery<{ next: number }>(CompiledQuery.raw(text, [n]))).rows[0]?.next);
    expect(answers).toEqual([2, 3, 4]);
    expect(await keptStatements(db as Kysely<unknown>, text)).toEqual([{ generic: 0, custom: 3 }]);
  });

  it("read each row's text fields from the answer as it came, not from a copy of each field", async () => {
    const { db } = await getDatabase();
    const query = CompiledQuery.raw(
      `select 'service ' || g as name, 'Bench council ' || g || ' education services' as provider, md5(g::text) as code
         from generate_series(1, 200) g`,
    );
    await db.executeQuery(query); // prepared
    // PGlite's reader copied each field into a buffer of its own before decoding it (the search's
    // answers, about 2,000 fields, were a twentieth of its server's CPU): now decoded in place.
    const copies = vi.spyOn(ArrayBuffer.prototype, 'slice');
    const { rows } = await db.executeQuery<{ name: string; provider: string; code: string }>(query);
    const copied = copies.mock.calls.length;
    copies.mockRestore();
    expect(rows).toHaveLength(200);
    expect(rows[199]).toEqual({
      name: 'service 200',
      provider: 'Bench council 200 education services',
      code: '3644a684f98ea8fe223c713b77189a77',
    });
    expect(copied).toBeLessThan(10);
  });

  it('answer each tenant with its own rows when the kept plan is reused, row-level security and all', async () => {
    const { alpha, beta } = await twoTenants();
    const { db } = await getDatabase();
    const tenantsSeen = (tenantId: string, userId: string) =>
      withTenant({ tenantId, userId }, async (tx) => {
        const rows = await sql<{ tenant_id: string }>`select distinct tenant_id from customer_accounts`.execute(tx);
        return rows.rows.map((r) => r.tenant_id);
      });
    for (let i = 0; i < 6; i++) expect(await tenantsSeen(alpha.id, alpha.adminId)).toEqual([alpha.id]);
    expect(await tenantsSeen(beta.id, beta.adminId)).toEqual([beta.id]);
    expect(await tenantsSeen(alpha.id, alpha.adminId)).toEqual([alpha.id]);
    // A text without parameters has one plan only, kept: the same plan answered both tenants.
    const [kept] = await keptStatements(db as Kysely<unknown>, 'select distinct tenant_id from customer_accounts');
    expect(kept?.generic).toBeGreaterThanOrEqual(8);
  });

  it('say what went wrong, keep nothing half-done, and carry on', async () => {
    const { db } = await getDatabase();
    await sql`create temporary table prepared_probe (n int primary key)`.execute(db);
    const failed = db.transaction().execute(async (tx) => {
      await sql`insert into prepared_probe (n) values (${1})`.execute(tx);
      await sql`insert into prepared_probe (n) values (${1})`.execute(tx);
    });
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    await expect(sql`selec 1`.execute(db)).rejects.toThrow(/syntax error/);
    expect(await keptStatements(db as Kysely<unknown>, 'selec 1')).toEqual([]);
    const rows = await sql<{ n: number }>`select count(*)::int as n from prepared_probe`.execute(db);
    expect(rows.rows).toEqual([{ n: 0 }]);
    const updated = await sql`insert into prepared_probe (n) values (${1}), (${2})`.execute(db);
    expect(updated.numAffectedRows).toBe(2n);
    await sql`drop table prepared_probe`.execute(db);
  });

  it('begin a transaction with the isolation level and access mode asked for', async () => {
    const { db } = await getDatabase();
    const seen = await db
      .transaction()
      .setIsolationLevel('serializable')
      .setAccessMode('read only')
      .execute((tx) =>
        sql<{ isolation: string; readOnly: string }>`select current_setting('transaction_isolation') as isolation,
            current_setting('transaction_read_only') as "readOnly"`.execute(tx),
      );
    expect(seen.rows).toEqual([{ isolation: 'serializable', readOnly: 'on' }]);
  });

  it('read and write values as the embedded database always has', async () => {
    const { db } = await getDatabase();
    const row = await sql<Record<string, unknown>>`select ${'2026-12-04'}::date as day,
        ${9_007_199_254_740_991}::bigint as big, ${null}::text as nothing, ${true}::boolean as yes,
        ${['a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002']}::uuid[] as ids,
        ${JSON.stringify({ pence: 120 })}::jsonb as doc`.execute(db);
    expect(row.rows[0]).toEqual({
      day: '2026-12-04',
      big: 9_007_199_254_740_991,
      nothing: null,
      yes: true,
      ids: ['a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002'],
      doc: { pence: 120 },
    });
  });
});

describe.runIf(onPglite)('statements kept on the embedded database', () => {
  let pglite: PGlite;
  let db: Kysely<unknown>;
  beforeAll(async () => {
    pglite = await PGlite.create(undefined, { parsers: pgliteParsers });
    db = new Kysely<unknown>({ dialect: new PreparingPGliteDialect(pglite, { keep: 3 }) });
  });
  afterAll(() => db.destroy());

  it('are at most as many as it keeps, the least recently used closed first', async () => {
    for (const n of [1, 2, 3, 1, 4]) await sql.raw(`select ${n} as n`).execute(db);
    const kept = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db);
    expect(kept.rows.map((r) => r.statement).sort()).toEqual([
      'select 1 as n',
      'select 4 as n',
      'select statement from pg_prepared_statements',
    ]);
  });
});
