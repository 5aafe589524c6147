import { sql } from 'kysely';
import { getDatabase } from '../../db/client.server';
import { migrateToLatest } from '../../db/migrate.server';

// A second process for the embedded-database tests, on the folder in PGLITE_DIR.
//   hold:  writes one probe row, says "ready", then keeps the database open until killed.
//   write: commits probe rows one at a time, printing "committed N" after each commit returns.
const mode = process.argv[2] ?? 'hold';
const { db } = await getDatabase();
await migrateToLatest(db);
await sql`create table if not exists embedded_probe (n int primary key, at timestamptz not null default now())`.execute(db);

if (mode === 'hold') {
  await sql`insert into embedded_probe (n) values (0) on conflict do nothing`.execute(db);
  console.log('ready');
  setInterval(() => {}, 60_000);
} else {
  const { rows } = await sql<{ n: number }>`select coalesce(max(n), 0)::int as n from embedded_probe`.execute(db);
  let n = Number(rows[0]!.n);
  console.log('ready');
  for (;;) {
    n += 1;
    await db.transaction().execute(async (tx) => {
      await sql`insert into embedded_probe (n) values (${n})`.execute(tx);
      await sql`update embedded_probe set at = now() where n = ${n}`.execute(tx);
    });
    process.stdout.write(`committed ${n}\n`);
  }
}
