import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';

/**
 * A connection whose "begin" goes to PostgreSQL in the same write as the transaction's first
 * statement (postgres.js gathers what is sent in one turn of the event loop into one write), rather
 * than a round trip of its own. Every page opens one or two transactions, and a round trip to a
 * server on the same machine costs more of the app's CPU (the socket write, the wake-up, the read)
 * than the "begin" itself.
 *
 * The first statement's answer is not given until the "begin" has answered too, and a "begin" that
 * failed is that statement's error: whoever started the transaction learns of it before sending
 * anything else. (Only the first statement is sent with the "begin": were it to fail, that statement
 * alone would have run outside a transaction. The scoped transactions' first statement sets the
 * runtime role and who is acting, which changes nothing that lasts.)
 */
class BeginsWithNextQuery implements DatabaseConnection {
  #begun: Promise<QueryResult<unknown>> | null = null;

  constructor(readonly inner: DatabaseConnection) {}

  begin(): void {
    // Through this connection's own executeQuery, as Kysely sees it (its log counts statements).
    const begun = this.executeQuery(CompiledQuery.raw('begin'));
    begun.catch(() => {}); // Reported by the next statement, below.
    this.#begun = begun;
  }

  async #begunFirst(): Promise<void> {
    const begun = this.#begun;
    this.#begun = null;
    if (begun) await begun;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.#begun) return this.inner.executeQuery<R>(query);
    const answer = this.inner.executeQuery<R>(query);
    try {
      await this.#begunFirst();
    } catch (error) {
      await answer.catch(() => {});
      throw error;
    }
    return answer;
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    await this.#begunFirst();
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
