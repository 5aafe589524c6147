import { CompiledQuery } from 'kysely';
import { isReadStatement, type Db } from './client.server';
import { GENERIC_PLANS_SETTING } from './scope.server';
import { captureStatements } from './statement-count.server';

export interface ExplainedStatement {
  sql: string;
  plan: string;
  /** Tables the plan reads from end to end (Seq Scan), by name. */
  seqScans: string[];
  /** Indexes the plan uses, by name. */
  indexes: string[];
  /** Planned for any values (its scope asked for generic plans), as the page ran it. */
  generic: boolean;
}

const TRANSACTION_CONTROL = /^\s*(begin|start transaction|commit|rollback)\b/i;
const SCOPE = /^\s*select set_config\(/i;

let prepared = 0;

/** A statement's value written as SQL (strings quoted; arrays as array literals). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
  if (value instanceof Date) return quote(value.toISOString());
  if (Array.isArray(value))
    return quote(
      `{${value.map((v) => (v === null ? 'NULL' : `"${String(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)).join(',')}}`,
    );
  if (typeof value === 'string') return quote(value);
  throw new Error(`No SQL literal for a value of type ${typeof value}`);
}

/** Whether a statement, run after these (its scope), is planned for any values rather than its own. */
function plannedForAnyValues(query: CompiledQuery, before: CompiledQuery[]): boolean {
  return query.parameters.length > 0 && before.some((statement) => statement.sql.includes(GENERIC_PLANS_SETTING));
}

/**
 * EXPLAIN (the plan only: the statement itself does not run) of one captured statement, read or
 * write, after the given statements (its scope, a planner setting) in a transaction of its own.
 * Where the scope asks for plans for any values, the statement is prepared and its generic plan
 * explained, as the page runs it (EXPLAIN of a statement with its values plans for those values).
 */
export async function explainStatement(db: Db, query: CompiledQuery, before: CompiledQuery[] = []): Promise<string> {
  const generic = plannedForAnyValues(query, before);
  return db.transaction().execute(async (tx) => {
    for (const statement of before) await tx.executeQuery(statement);
    const explain = async (text: string, parameters: readonly unknown[]) => {
      const result = await tx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(text, [...parameters]));
      return result.rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    if (!generic) return explain(`explain ${query.sql}`, query.parameters);
    // A prepared statement outlives the transaction: it is dropped once explained. EXECUTE's values
    // are written out (a statement about another takes no parameters of its own).
    const name = `explained_${++prepared}`;
    await tx.executeQuery(CompiledQuery.raw(`prepare ${name} as ${query.sql}`));
    const plan = await explain(`explain execute ${name}(${query.parameters.map(literal).join(', ')})`, []);
    await tx.executeQuery(CompiledQuery.raw(`deallocate ${name}`));
    return plan;
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
    if (!isReadStatement(query.sql)) continue;
    const plan = await explainStatement(db, query, scope);
    explained.push({
      sql: query.sql,
      plan,
      seqScans: [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!))],
      indexes: [...new Set([...plan.matchAll(/Index (?:Only )?Scan (?:Backward )?using (\w+)/g)].map((m) => m[1]!))],
      generic: plannedForAnyValues(query, scope),
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
