import { CompiledQuery } from 'kysely';
import type { Db } from './client.server';
import { captureStatements } from './statement-count.server';

export interface ExplainedStatement {
  sql: string;
  plan: string;
  /** Tables the plan reads from end to end (Seq Scan), by name. */
  seqScans: string[];
  /** Indexes the plan uses, by name. */
  indexes: string[];
}

const TRANSACTION_CONTROL = /^\s*(begin|start transaction|commit|rollback)\b/i;
const SCOPE = /^\s*select set_config\(/i;

/**
 * EXPLAIN (the plan only: the statement itself does not run) of one captured statement, read or
 * write, after the given statements (its scope, a planner setting) in a transaction of its own.
 */
export async function explainStatement(db: Db, query: CompiledQuery, before: CompiledQuery[] = []): Promise<string> {
  return db.transaction().execute(async (tx) => {
    for (const statement of before) await tx.executeQuery(statement);
    const result = await tx.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
    );
    return result.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/**
 * EXPLAIN of each read a piece of work ran, in the scope it ran in: the statements captured while
 * it ran (see captureStatements) are replayed as EXPLAIN, each after the scope statements of its
 * own transaction, in a transaction rolled back. Writes are left out.
 */
export async function explainCaptured(db: Db, captured: CompiledQuery[]): Promise<ExplainedStatement[]> {
  const explained: ExplainedStatement[] = [];
  let scope: CompiledQuery[] = [];
  for (const query of captured) {
    if (TRANSACTION_CONTROL.test(query.sql)) {
      scope = [];
      continue;
    }
    if (SCOPE.test(query.sql)) {
      scope.push(query);
      continue;
    }
    if (!/^\s*(select|with)\b/i.test(query.sql)) continue;
    const plan = await explainStatement(db, query, scope);
    explained.push({
      sql: query.sql,
      plan,
      seqScans: [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!))],
      indexes: [...new Set([...plan.matchAll(/Index (?:Only )?Scan (?:Backward )?using (\w+)/g)].map((m) => m[1]!))],
    });
  }
  return explained;
}

/**
 * The plans of the listing pages: each listing's work is run once (as its page runs it), and every
 * read it sent is explained in its own scope. For tests and for the benchmark to print.
 */
export async function explainListings(
  db: Db,
  listings: Array<{ name: string; run: () => Promise<unknown> }>,
): Promise<Array<{ name: string; statements: ExplainedStatement[] }>> {
  const explained: Array<{ name: string; statements: ExplainedStatement[] }> = [];
  for (const listing of listings) {
    const { captured } = await captureStatements(listing.run);
    explained.push({ name: listing.name, statements: await explainCaptured(db, captured) });
  }
  return explained;
}
