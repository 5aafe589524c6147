import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MemoryFS, PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import postgres from 'postgres';
import { BeginWithNextQueryDialect } from './begin-with-next-query.server';
import { DumpInMemory } from './pglite-dump-in-memory.server';
import { PreparingPGliteDialect } from './pglite-prepared.server';
import { acquireEmbeddedLock } from './embedded-lock.server';
import { countStatement } from './statement-count.server';
import type { Database } from './schema';

export type Db = Kysely<Database>;

const INT8 = 20;
const DATE = 1082;
const JSON_OID = 114;
const JSONB_OID = 3802;

/** int8 (money in pence, counts) as a JS number: exact below 2^53 pence, far beyond any invoice. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} is outside the safe integer range`);
  return n;
}

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** The embedded database itself (for its dump), when that is what is open. */
  pglite?: PGlite;
  close(): Promise<void>;
}

const READ = /^\s*(select|with)\b/i;

/** Whether a statement is a read: prepared whether or not it has parameters (begin, commit and the like are not). */
export function isReadStatement(text: string): boolean {
  return READ.test(text);
}

/**
 * Kysely's postgres.js dialect sends every query through `unsafe`, which postgres.js does not
 * prepare: each query with parameters cost two round trips (parse and describe, then bind and
 * execute) and was planned afresh, row-level security policies and all, and a query without
 * parameters went as a simple query, planned afresh too (the catalogue's provider filter, ~0.5 ms
 * of planning on every search at national scale). Prepared, a connection
 * parses and describes a query text once and PostgreSQL may keep its plan; the policies' settings
 * (app.tenant_id and the rest) are read when the plan runs, so a kept plan answers for whoever is
 * acting now. Connections are recycled (postgres.js's max_lifetime), which bounds what each keeps.
 */
function preparingEveryQuery(client: postgres.Sql): postgres.Sql {
  const preparing = (reserved: postgres.ReservedSql) =>
    new Proxy(reserved, {
      get(target, property) {
        if (property === 'unsafe')
          return (
            query: string,
            parameters?: postgres.ParameterOrJSON<never>[],
            options?: postgres.UnsafeQueryOptions,
          ) =>
            target.unsafe(query, parameters, {
              prepare: true,
              ...(isReadStatement(query) ? { simple: false } : {}),
              ...options,
            });
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(client, {
    get(target, property) {
      if (property === 'reserve') return async () => preparing(await target.reserve());
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function openPostgres(url: string, poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10)): DatabaseHandle {
  const client = postgres(url, {
    onnotice: () => {},
    transform: { undefined: null },
    max: poolSize,
    types: {
      int8: { to: INT8, from: [INT8], serialize: (v: number) => String(v), parse: parseInt8 },
      date: { to: DATE, from: [DATE], serialize: (v: string) => v, parse: (v: string) => v },
      // Query functions pass JSON already serialised (as PGlite wants); never encode it twice.
      json: {
        to: JSONB_OID,
        from: [JSON_OID, JSONB_OID],
        serialize: (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)),
        parse: (v: string) => JSON.parse(v) as unknown,
      },
    },
  });
  const db = new Kysely<Database>({
    dialect: new BeginWithNextQueryDialect({ postgres: preparingEveryQuery(client) }),
    log: countStatement,
  });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

export const pgliteParsers = { [pgliteTypes.INT8]: parseInt8, [pgliteTypes.DATE]: (v: string) => v };

/**
 * A dump already in memory, handed to PGlite as the Blob it reads to fill a folder. Node gives a
 * Blob's bytes back by reading them in small chunks and joining them (about 0.3 s for the test
 * suite's 45 MB template); this one gives its bytes as they are.
 */
class BytesBlob extends Blob {
  constructor(private readonly dump: Uint8Array) {
    super([]);
  }
  override get size() {
    return this.dump.byteLength;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.dump;
    if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength)
      return Promise.resolve(buffer);
    return Promise.resolve(this.dump.slice().buffer);
  }
}

/**
 * PostgreSQL reports the progress of a long start (replaying the log after a crash, say) on a
 * repeating timer; inside PGlite that timer is a Node timeout that outlives the database, so a
 * command run on a folder left by a killed process (npm run db:backup after a crash) did its work,
 * closed the database and then never exited (test/embedded-sigkill.test.ts). Nobody reads those
 * reports here: the timer is off.
 */
const START_PARAMS = [...PGlite.defaultStartParams, ...['-c', 'log_startup_progress_interval=0']];

/**
 * A database in memory is all in memory already: PostgreSQL's buffer pool would only copy it a second
 * time, and its 128 MB are zeroed on every start (most of the start's time), so the pool is small.
 * Nor are new write-ahead log files filled with zeros first (16 MB each, grown a step at a time in
 * memory): that guards against a full disk, and there is none.
 */
const IN_MEMORY_START_PARAMS = [...START_PARAMS, ...['-c', 'shared_buffers=16MB', '-c', 'wal_init_zero=off']];

/**
 * PGlite is one process's database: the folder is locked first (refusing at once if another live
 * process holds it), and released when the handle closes or the process exits. `loadDataDir` is a
 * dump (tar, or tar.gz) to start from; a database in memory keeps its bytes as its own files, so the
 * caller hands over bytes it will not use again (db/pglite-dump-in-memory.server.ts).
 */
export async function openPglite(dataDir: string, options: { loadDataDir?: Uint8Array } = {}): Promise<DatabaseHandle> {
  if (dataDir === 'memory://') {
    const pglite = await PGlite.create({
      fs: options.loadDataDir ? new DumpInMemory(options.loadDataDir) : new MemoryFS(),
      parsers: pgliteParsers,
      startParams: IN_MEMORY_START_PARAMS,
    });
    const db = new Kysely<Database>({ dialect: new PreparingPGliteDialect(pglite), log: countStatement });
    return { db, kind: 'pglite', pglite, close: () => db.destroy() };
  }
  const dir = path.resolve(dataDir);
  mkdirSync(path.dirname(dir), { recursive: true });
  const release = acquireEmbeddedLock(dir);
  try {
    mkdirSync(dir, { recursive: true });
    // Every statement (COMMIT included) returns only once written through to the folder, so a
    // process killed with SIGKILL keeps every acknowledged commit (test/embedded-sigkill.test.ts).
    const pglite = await PGlite.create(dir, {
      parsers: pgliteParsers,
      relaxedDurability: false,
      startParams: START_PARAMS,
      loadDataDir: options.loadDataDir && new BytesBlob(options.loadDataDir),
    });
    const db = new Kysely<Database>({ dialect: new PreparingPGliteDialect(pglite), log: countStatement });
    return {
      db,
      kind: 'pglite',
      pglite,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export function defaultPgliteDir(): string {
  return process.env.PGLITE_DIR ?? path.join(process.cwd(), 'data', 'pg');
}

/**
 * DATABASE_URL: PostgreSQL. Otherwise the embedded database in PGLITE_DIR; `PGLITE_DIR=memory://`
 * keeps it in memory only, started from the dump PGLITE_FROM names (a backup's .tar.gz, or the
 * test suite's migrated template) when it is set.
 */
export async function openConfiguredDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (url) return openPostgres(url);
  const dir = defaultPgliteDir();
  const from = process.env.PGLITE_FROM;
  if (dir === 'memory://' && from) return openPglite(dir, { loadDataDir: await readFile(from) });
  return openPglite(dir);
}

// One handle per process, kept on globalThis: the server entry and the Remix build are separate
// module graphs, and PGlite must never be opened twice on the same folder.
const globalKey = Symbol.for('traded.database');
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<DatabaseHandle> };

export function getDatabase(): Promise<DatabaseHandle> {
  const g = globalThis as GlobalWithDb;
  g[globalKey] ??= openConfiguredDatabase();
  return g[globalKey];
}

export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const handle = g[globalKey];
  delete g[globalKey];
  if (handle) await (await handle).close();
}
