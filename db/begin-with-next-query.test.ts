import net from 'node:net';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendAhead } from './begin-with-next-query.server';
import { getDatabase, openPostgres } from './client.server';
import { readAlone, runScoped } from './scope.server';

// On PostgreSQL, a transaction's "begin" is sent in the same write as its first statement
// (db/begin-with-next-query.server.ts). The embedded database has no socket: nothing to gather.

const onPostgres = Boolean(process.env.DATABASE_URL);

afterEach(() => vi.restoreAllMocks());

describe.runIf(onPostgres)('a transaction on PostgreSQL', () => {
  it('sends its begin with its first statement: one write fewer, the same transaction', async () => {
    const { db } = await getDatabase();
    await db.selectNoFrom(sql<number>`1`.as('warm')).execute(); // a connection, and the statement prepared
    await db.transaction().execute(async (tx) => {
      await tx.selectNoFrom(sql<string>`pg_current_xact_id()::text`.as('xact')).execute();
    });
    const writes = vi.spyOn(net.Socket.prototype, 'write');
    const seen = await db.transaction().execute(async (tx) => {
      const first = await tx.selectNoFrom(sql<string>`pg_current_xact_id()::text`.as('xact')).executeTakeFirstOrThrow();
      const second = await tx
        .selectNoFrom(sql<string>`pg_current_xact_id()::text`.as('xact'))
        .executeTakeFirstOrThrow();
      return [first.xact, second.xact];
    });
    // begin + first, second, commit.
    expect(writes).toHaveBeenCalledTimes(3);
    expect(seen[0]).toBe(seen[1]);
  });

  it("sends a scoped transaction's begin and scope with its first statement: one write for all three", async () => {
    const { db } = await getDatabase();
    const read = (tx: Parameters<Parameters<typeof runScoped>[2]>[0]) =>
      tx
        .selectNoFrom([
          sql<string>`current_user`.as('role'),
          sql<string>`current_setting('app.user_id')`.as('userId'),
          sql<string>`pg_current_xact_id()::text`.as('xact'),
        ])
        .executeTakeFirstOrThrow();
    const userId = '00000000-0000-4000-8000-000000000001';
    await runScoped(db, { userId }, read); // the statements prepared
    const writes = vi.spyOn(net.Socket.prototype, 'write');
    const [first, second] = await runScoped(db, { userId }, async (tx) => [await read(tx), await read(tx)]);
    // begin + scope + first, second, commit.
    expect(writes).toHaveBeenCalledTimes(3);
    expect(first).toEqual({ role: 'traded_app', userId, xact: second!.xact });
  });

  it('sends reads started together inside a transaction in one write, each answered as its own', async () => {
    const { db } = await getDatabase();
    const read = (tx: Parameters<Parameters<typeof runScoped>[2]>[0], n: number) =>
      tx.selectNoFrom([sql<number>`${n}::int`.as('n'), sql<string>`pg_current_xact_id()::text`.as('xact')]).execute();
    await runScoped(db, {}, (tx) => read(tx, 0)); // the statement prepared
    const writes = vi.spyOn(net.Socket.prototype, 'write');
    const answers = await runScoped(db, {}, (tx) => Promise.all([read(tx, 1), read(tx, 2), read(tx, 3)]));
    // begin + scope + the three reads, commit.
    expect(writes).toHaveBeenCalledTimes(2);
    expect(answers.map((rows) => rows[0]!.n)).toEqual([1, 2, 3]);
    expect(new Set(answers.map((rows) => rows[0]!.xact)).size).toBe(1);
  });

  it('reads alone in one write: begin, scope, the read and the commit', async () => {
    const { db } = await getDatabase();
    const userId = '00000000-0000-4000-8000-000000000002';
    const read = () =>
      readAlone<{ role: string; userId: string; readOnly: string; xact: string | null }>({ userId }, (tx) =>
        sql<{ role: string; userId: string; readOnly: string; xact: string | null }>`
          select current_user as role, current_setting('app.user_id') as "userId",
                 current_setting('transaction_read_only') as "readOnly", pg_current_xact_id_if_assigned()::text as xact`.compile(
          tx,
        ),
      );
    await read(); // the statement prepared
    const writes = vi.spyOn(net.Socket.prototype, 'write');
    const [row] = await read();
    expect(writes).toHaveBeenCalledTimes(1);
    expect(row).toEqual({ role: 'traded_app', userId, readOnly: 'on', xact: null });
    // The transaction ended: the connection reads outside it again, as its own role.
    writes.mockRestore();
    const after = await sql<{ role: string }>`select current_user as role`.execute(db);
    expect(after.rows[0]!.role).not.toBe('traded_app');
  });

  it('reads alone in one write when another copy of this code opened the database, as the server runs', async () => {
    // The server entry opens the database with its copy of db/; the Remix build reads with its own
    // copy, handed the same handle (client.server.ts). Modules loaded afresh are such a copy.
    const { db } = await getDatabase();
    await db.selectNoFrom(sql<number>`1`.as('warm')).execute(); // the handle opened by this copy
    vi.resetModules();
    const built = await import('./scope.server');
    expect((await import('./client.server')).getDatabase).not.toBe(getDatabase);
    const userId = '00000000-0000-4000-8000-000000000003';
    const read = () =>
      built.readAlone<{ userId: string }>({ userId }, (tx) =>
        sql<{ userId: string }>`select current_setting('app.user_id') as "userId"`.compile(tx),
      );
    await read(); // the statement prepared
    const writes = vi.spyOn(net.Socket.prototype, 'write');
    expect(await read()).toEqual([{ userId }]);
    // begin, scope, the read and the commit: the scope did not wait for its own answer.
    expect(writes).toHaveBeenCalledTimes(1);
  });

  it("throws a read alone's error once its transaction has ended, and the connection goes on", async () => {
    const { db } = await getDatabase();
    await sql`create table if not exists begin_probe (n int)`.execute(db);
    await sql`grant select, insert on begin_probe to traded_app`.execute(db);
    await expect(readAlone({}, (tx) => sql`select 1 / 0`.compile(tx))).rejects.toThrow(/division by zero/);
    await expect(readAlone({}, (tx) => sql`insert into begin_probe values (3)`.compile(tx))).rejects.toThrow(
      /read-only transaction/,
    );
    const again = await readAlone<{ one: number }>({}, (tx) => sql<{ one: number }>`select 1 as one`.compile(tx));
    expect(again[0]!.one).toBe(1);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from begin_probe where n = 3`.execute(db);
    expect(rows[0]!.n).toBe(0);
  });

  it('reports a statement sent ahead that failed as the next statement’s error, and runs nothing after it', async () => {
    const { db } = await getDatabase();
    await sql`create table if not exists begin_probe (n int)`.execute(db);
    await sql`delete from begin_probe`.execute(db);
    await expect(
      db.transaction().execute(async (tx) => {
        await sendAhead(tx, sql`select 1 / 0`.compile(tx));
        await sql`insert into begin_probe values (1)`.execute(tx);
      }),
    ).rejects.toThrow(/division by zero/);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from begin_probe`.execute(db);
    expect(rows[0]!.n).toBe(0);
    // With nothing after it, the commit reports it, and the transaction is rolled back.
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`insert into begin_probe values (2)`.execute(tx);
        await sendAhead(tx, sql`select 1 / 0`.compile(tx));
      }),
    ).rejects.toThrow(/division by zero/);
    const after = await sql<{ n: number }>`select count(*)::int as n from begin_probe`.execute(db);
    expect(after.rows[0]!.n).toBe(0);
    const again = await db.transaction().execute((tx) => sql<{ one: number }>`select 1 as one`.execute(tx));
    expect(again.rows[0]!.one).toBe(1);
  });

  it('runs the scoped transaction as the runtime role, and rolls back on an error', async () => {
    const { db } = await getDatabase();
    await sql`create table if not exists begin_probe (n int)`.execute(db);
    await sql`grant select, insert on begin_probe to traded_app`.execute(db);
    const role = await runScoped(db, {}, async (tx) => {
      const row = await tx.selectNoFrom(sql<string>`current_user`.as('role')).executeTakeFirstOrThrow();
      return row.role;
    });
    expect(role).toBe('traded_app');

    await expect(
      db.transaction().execute(async (tx) => {
        await sql`insert into begin_probe values (1)`.execute(tx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`select 1 / 0`.execute(tx);
      }),
    ).rejects.toThrow(/division by zero/);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from begin_probe`.execute(db);
    expect(rows[0]!.n).toBe(0);
    // The connections went back to the pool usable.
    const again = await db.transaction().execute((tx) => sql<{ one: number }>`select 1 as one`.execute(tx));
    expect(again.rows[0]!.one).toBe(1);
  });

  it('ends a transaction whose reads together met a statement gone stale (its table changed), and the connection goes on', async () => {
    const { db } = await getDatabase();
    await sql`drop table if exists stale_probe`.execute(db);
    await sql`create table stale_probe (id int primary key, a text)`.execute(db);
    await sql`insert into stale_probe values (1, 'one')`.execute(db);
    await sql`grant select on stale_probe to traded_app`.execute(db);
    // One connection, so the statement prepared is the one the reads find.
    const one = openPostgres(process.env.DATABASE_URL!, 1);
    try {
      // Each read's own error, noted as it comes (Promise.all gives the page whichever is first).
      const errors: string[] = [];
      const noted = <T>(read: Promise<T>, i: number) =>
        read.catch((error: Error) => {
          errors[i] = error.message;
          throw error;
        });
      const reads = (tx: Parameters<Parameters<typeof runScoped>[2]>[0]) =>
        Promise.all([
          noted(sql<Record<string, unknown>>`select * from stale_probe where id = ${1}`.execute(tx), 0),
          noted(tx.selectNoFrom(sql<number>`${2}::int`.as('n')).execute(), 1),
          noted(tx.selectNoFrom(sql<number>`${3}::int`.as('n')).execute(), 2),
        ]);
      await runScoped(one.db, {}, reads); // prepared, with the table's columns as they were
      // A migration beside the running server: the prepared statement's result changes shape.
      await sql`alter table stale_probe add column b text`.execute(db);
      // PostgreSQL refuses the stale statement and the transaction fails (the reads after it are
      // refused too); the page gets an error and the transaction is rolled back. Before, postgres.js's
      // retry of the statement made PostgreSQL skip the rollback: never answered, the connection held
      // in a failed transaction.
      const ended = await Promise.race([
        runScoped(one.db, {}, reads).then(
          () => 'answered',
          (error: Error) => error.message,
        ),
        new Promise((resolve) => setTimeout(() => resolve('no answer within 5 s'), 5000)),
      ]);
      expect(ended).toMatch(/cached plan must not change result type|current transaction is aborted/);
      expect(errors[0]).toMatch(/cached plan must not change result type/);
      // The same connection reads again, the statement prepared afresh with the new column.
      const [rows] = await runScoped(one.db, {}, reads);
      expect(rows.rows).toEqual([{ id: 1, a: 'one', b: null }]);
      const { rows: idle } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
         where datname = current_database() and state like 'idle in transaction%'`.execute(db);
      expect(idle[0]!.n).toBe(0);
    } finally {
      // A connection left in its transaction would keep its pool from closing: the assertion above,
      // not the test's time limit, is what a failure reports.
      await Promise.race([one.close(), new Promise((resolve) => setTimeout(resolve, 2000))]);
    }
  });

  it('prepares a read without parameters, as one with them; begin and commit stay simple queries', async () => {
    const { db } = await getDatabase();
    const prepared = await runScoped(db, {}, async (tx) => {
      await sql`select 'a read without parameters' as probe`.execute(tx);
      await sql`with probe as (select 1 as n) select n from probe`.execute(tx);
      const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(tx);
      return rows.map((row) => row.statement);
    });
    // Prepared, PostgreSQL plans each once per connection rather than on every call.
    expect(prepared).toContain(`select 'a read without parameters' as probe`);
    expect(prepared).toContain('with probe as (select 1 as n) select n from probe');
    expect(prepared.filter((statement) => /^\s*(begin|commit|rollback)\b/i.test(statement))).toEqual([]);
  });

  it('keeps an isolation level in the statement that starts the transaction', async () => {
    const { db } = await getDatabase();
    const level = await db
      .transaction()
      .setIsolationLevel('serializable')
      .execute((tx) =>
        tx.selectNoFrom(sql<string>`current_setting('transaction_isolation')`.as('level')).executeTakeFirstOrThrow(),
      );
    expect(level.level).toBe('serializable');
  });
});
