import { AsyncLocalStorage } from 'node:async_hooks';
import type { CompiledQuery, LogEvent } from 'kysely';

/** What one request (or one piece of counted work) has sent to the database so far. */
export interface StatementTally {
  statements: number;
  /** How many of them began a transaction. */
  transactions: number;
  milliseconds: number;
  /** Each statement itself, when asked for (to EXPLAIN them afterwards). */
  captured?: CompiledQuery[];
}

// One store per process, kept on globalThis: the server entry and the Remix build are separate
// module graphs, and the database handle (opened by either) must count into the same requests.
const storeKey = Symbol.for('traded.statement-count');
type GlobalWithStore = typeof globalThis & { [storeKey]?: AsyncLocalStorage<StatementTally> };

function store(): AsyncLocalStorage<StatementTally> {
  const g = globalThis as GlobalWithStore;
  g[storeKey] ??= new AsyncLocalStorage<StatementTally>();
  return g[storeKey];
}

/**
 * Kysely's log hook for every handle: each statement a connection runs, BEGIN, COMMIT and the
 * scope's own statements included, counts towards the request it runs for (failed ones too).
 */
export function countStatement(event: LogEvent): void {
  const tally = store().getStore();
  if (!tally) return;
  tally.statements += 1;
  if (/^\s*(begin|start transaction)\b/i.test(event.query.sql)) tally.transactions += 1;
  tally.milliseconds += event.queryDurationMillis;
  tally.captured?.push(event.query);
}

/** Runs work with a fresh tally, returning what it cost alongside its result. */
export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T } & StatementTally> {
  const tally: StatementTally = { statements: 0, transactions: 0, milliseconds: 0 };
  const result = await store().run(tally, work);
  return { result, ...tally };
}

/** Runs work keeping every statement it sends, in order (for explainCaptured). */
export async function captureStatements<T>(work: () => Promise<T>): Promise<{ result: T; captured: CompiledQuery[] }> {
  const tally: StatementTally = { statements: 0, transactions: 0, milliseconds: 0, captured: [] };
  const result = await store().run(tally, work);
  return { result, captured: tally.captured! };
}

/** Starts a tally for a request whose work continues in callbacks (an Express handler). */
export function runCounted(tally: StatementTally, work: () => void): void {
  store().run(tally, work);
}

/** The Server-Timing entry for a tally: `sql;desc="N statements";dur=ms`. */
export function serverTiming(tally: StatementTally): string {
  return `sql;desc="${tally.statements} statements";dur=${tally.milliseconds.toFixed(1)}`;
}
