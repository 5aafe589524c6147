import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

const { serialize } = protocol;

/** How many query texts the embedded database keeps prepared (the least recently used is closed first). */
const KEPT_STATEMENTS = 1000;

export interface PreparingOptions {
  /** Query texts kept prepared; the least recently used is closed first. */
  keep?: number;
}

interface Prepared {
  name: string;
  parameterTypes: number[];
}

function joined(...messages: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(messages.reduce((n, m) => n + m.byteLength, 0));
  let at = 0;
  for (const m of messages) {
    out.set(m, at);
    at += m.byteLength;
  }
  return out;
}

/** What PGlite's own `query` adds to an error, so a failed statement says which it was. */
function withQuery(error: unknown, query: string, params: readonly unknown[]): unknown {
  if (error instanceof Error) Object.assign(error, { query, params });
  return error;
}

/**
 * PGlite's `query` parses and plans its text afresh on every call (an unnamed statement), in five
 * calls into the database: on the embedded database that is the app's own CPU, and every page's
 * statements carry the row-level security policies the planner works through each time. This
 * connection prepares each query text once, as a named statement of the embedded session, and then
 * only binds and executes it, in one call. PostgreSQL keeps the statement's plan as it does for
 * any prepared statement (a generic plan only when it costs no more than the custom ones); the
 * policies' settings (app.tenant_id and the rest) are read when the plan runs, so a kept plan
 * answers for whoever is acting now, as on the PostgreSQL server (db/client.server.ts).
 */
class PreparingConnection implements DatabaseConnection {
  /** By query text, least recently used first. */
  private readonly statements = new Map<string, Prepared>();
  private named = 0;

  constructor(
    private readonly pglite: PGlite,
    private readonly keep: number,
  ) {}

  /** The text's statement, kept as the most recently used. */
  private async statementFor(text: string): Promise<Prepared> {
    const kept = this.statements.get(text);
    if (!kept) return this.prepare(text);
    this.statements.delete(text);
    this.statements.set(text, kept);
    return kept;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql: text, parameters } = compiledQuery;
    return this.pglite.runExclusive(async () => {
      try {
        const prepared = await this.statementFor(text);
        const values = parameters.map((value, i) => {
          if (value === null || value === undefined) return null;
          const serializer = this.pglite.serializers[prepared.parameterTypes[i] ?? 0];
          return serializer ? serializer(value) : String(value);
        });
        const { messages } = await this.pglite.execProtocol(
          joined(
            serialize.bind({ statement: prepared.name, values }),
            serialize.describe({ type: 'P' }),
            serialize.execute({}),
            serialize.sync(),
          ),
        );
        const [result] = parse.parseResults(messages, this.pglite.parsers);
        const rows = (result?.rows ?? []) as R[];
        return result?.affectedRows ? { rows, numAffectedRows: BigInt(result.affectedRows) } : { rows };
      } catch (error) {
        throw withQuery(error, text, parameters);
      }
    });
  }

  private async prepare(text: string): Promise<Prepared> {
    const name = `traded_${++this.named}`;
    const { messages } = await this.pglite.execProtocol(
      joined(serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()),
      { syncToFs: false },
    );
    const prepared = { name, parameterTypes: parse.parseDescribeStatementResults(messages) };
    this.statements.set(text, prepared);
    if (this.statements.size > this.keep) {
      const [oldestText, oldest] = this.statements.entries().next().value as [string, Prepared];
      this.statements.delete(oldestText);
      await this.pglite.execProtocol(joined(serialize.close({ type: 'S', name: oldest.name }), serialize.sync()), {
        syncToFs: false,
      });
    }
    return prepared;
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported on the embedded database');
  }
}

/** One connection, as PGlite is one session: each asks in turn. */
class PreparingDriver implements Driver {
  private readonly connection: PreparingConnection;
  private inUse = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly pglite: PGlite,
    options: PreparingOptions,
  ) {
    this.connection = new PreparingConnection(pglite, options.keep ?? KEPT_STATEMENTS);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.inUse) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inUse = true;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const next = this.waiting.shift();
    if (next) next();
    else this.inUse = false;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const modes = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(
      Boolean,
    );
    await connection.executeQuery(CompiledQuery.raw(modes.length ? `start transaction ${modes.join(', ')}` : 'begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    await this.pglite.close();
  }
}

export class PreparingPGliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGlite,
    private readonly options: PreparingOptions = {},
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PreparingDriver(this.pglite, this.options);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
