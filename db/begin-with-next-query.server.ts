import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type Transaction,
  type TransactionSettings,
} from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import type { Database } from './schema';

/**
 * Marks a connection that sends statements ahead, whichever copy of this module made it: the server
 * entry and the Remix build each hold a copy and share one database handle (client.server.ts), so
 * the build's sendAhead is handed connections of the entry's class, which `instanceof` its own
 * class does not recognise.
 */
const SENDS_AHEAD = Symbol.for('traded.sends-ahead');

function sendsAhead(connection: DatabaseConnection): connection is BeginsWithNextQuery {
  return SENDS_AHEAD in connection;
}

/**
 * A connection whose "begin" goes to PostgreSQL in the same write as the transaction's next
 * statement (postgres.js gathers what is sent in one turn of the event loop into one write), rather
 * than a round trip of its own; so does a statement sent ahead (sendAhead: a scoped transaction's
 * settings). Every page opens one or two transactions, and each round trip is a wait for the page
 * and a wake-up for the database, which cost more than the "begin" itself: a page's transaction
 * starts in one write, begin, scope and first read together.
 *
 * The next statement's answer is not given until what was sent ahead of it has answered too, and
 * whatever of that failed is that statement's error: whoever started the transaction learns of it
 * before sending anything else. A statement sent ahead that fails aborts the transaction, so
 * PostgreSQL refuses the statements after it. (Were the "begin" itself to fail, which happens only
 * when the connection is gone, what was sent with it would have run outside a transaction: a scope's
 * settings, which change nothing that lasts, and the first statement, whose answer is thrown away.)
 */
export class BeginsWithNextQuery implements DatabaseConnection {
  readonly [SENDS_AHEAD] = true;
  #ahead: Promise<unknown> | null = null;

  constructor(readonly inner: DatabaseConnection) {}

  begin(): void {
    this.sendAhead(CompiledQuery.raw('begin'));
  }

  /** Sends a statement whose answer nobody reads: it rides with the next, which reports its error. */
  sendAhead(query: CompiledQuery): void {
    // Through this connection's own executeQuery, as Kysely sees it (its log counts statements).
    const sent = this.executeQuery(query);
    sent.catch(() => {}); // Reported by the next statement, below.
    this.#ahead = sent;
  }

  async #aheadFirst(): Promise<void> {
    const ahead = this.#ahead;
    this.#ahead = null;
    if (ahead) await ahead;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.#ahead) return this.inner.executeQuery<R>(query);
    const answer = this.inner.executeQuery<R>(query);
    try {
      await this.#aheadFirst();
    } catch (error) {
      await answer.catch(() => {});
      throw error;
    }
    return answer;
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    await this.#aheadFirst();
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** postgres.js's driver for Kysely, its connections beginning transactions with their next statement. */
class BeginWithNextQueryDriver implements Driver {
  readonly #driver: Driver;

  constructor(driver: Driver) {
    this.#driver = driver;
  }

  init(): Promise<void> {
    return this.#driver.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new BeginsWithNextQuery(await this.#driver.acquireConnection());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // An isolation level or access mode is said in the statement that starts the transaction.
    if (settings.isolationLevel || settings.accessMode) return this.#driver.beginTransaction(connection, settings);
    (connection as BeginsWithNextQuery).begin();
  }

  // The rest send their statements through the connection given, as they are.
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#driver.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#driver.rollbackTransaction(connection);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#driver.savepoint!(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.#driver.rollbackToSavepoint!(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.#driver.releaseSavepoint!(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#driver.releaseConnection((connection as BeginsWithNextQuery).inner);
  }

  destroy(): Promise<void> {
    return this.#driver.destroy();
  }
}

/** Kysely's postgres.js dialect, with each transaction's "begin" sent with its first statement. */
export class BeginWithNextQueryDialect extends PostgresJSDialect {
  override createDriver(): Driver {
    return new BeginWithNextQueryDriver(super.createDriver());
  }
}

/**
 * Sends a statement of a transaction's ahead of its next one (see BeginsWithNextQuery.sendAhead): on
 * PostgreSQL it rides in the same write, and its error is the next statement's; elsewhere (the
 * embedded database: no socket, no round trip) it simply runs now.
 */
export async function sendAhead(tx: Transaction<Database>, query: CompiledQuery): Promise<void> {
  // The transaction's own connection, as Kysely's executor holds it (getExecutor is Kysely's own way
  // to it: marked internal, but typed and stable across its releases).
  await tx.getExecutor().provideConnection(async (connection) => {
    if (sendsAhead(connection)) connection.sendAhead(query);
    else await connection.executeQuery(query);
  });
}

/**
 * Hands a statement to the transaction's connection now, before anything asked for after it (the
 * transaction's commit included), and gives its answer to come: what lets a transaction of one read
 * send its commit without waiting for the read (see readAlone).
 */
export function sendNow<R>(tx: Transaction<Database>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  // Kysely's executor runs the consumer at once (nothing waits in the transaction's connection
  // provider: see the patch), and this connection's executeQuery hands the statement on before it
  // waits for anything.
  return tx.getExecutor().provideConnection((connection) => connection.executeQuery<R>(query));
}
