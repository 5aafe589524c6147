import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getDatabase } from './client.server';

// On PostgreSQL every query the app sends is prepared (db/client.server.ts), those without
// parameters too: most of the pages' reads take the acting organisation from the transaction's
// settings and have none, and sent by the simple protocol each would be parsed and planned anew.

describe.runIf(Boolean(process.env.DATABASE_URL))('queries on PostgreSQL', () => {
  it('prepares a read without parameters once on its connection and runs it again from there', async () => {
    const { db } = await getDatabase();
    const read = sql<{ word: string }>`select 'prepared without parameters' as word`;
    const kept = await db.transaction().execute(async (tx) => {
      await read.execute(tx);
      const again = await read.execute(tx);
      expect(again.rows).toEqual([{ word: 'prepared without parameters' }]);
      // The same connection's statements, as the transaction holds it.
      return sql<{ count: number }>`
        select count(*)::int as count from pg_prepared_statements
         where statement = ${read.compile(tx).sql}`.execute(tx);
    });
    expect(kept.rows).toEqual([{ count: 1 }]);
  });
});
