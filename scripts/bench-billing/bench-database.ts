import postgres from 'postgres';
import { openPostgres } from '../../db/client.server';
import { migrateToLatest } from '../../db/migrate.server';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  name: string;
  url: string;
  /** An owner connection for bulk loading and the baseline: the same role the app connects as. */
  owner: postgres.Sql;
  /**
   * A fresh copy of this database as it stands (closing this one's owner connection: a database
   * is copied only while nobody is connected to it), dropped again by its own drop().
   */
  copy(suffix: string): Promise<BenchDatabase>;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh database on the server DATABASE_URL names (never the database itself: others' tests use
 * it), migrated to the latest schema, dropped again by drop().
 */
export async function createBenchDatabase(suffix: string): Promise<BenchDatabase> {
  const adminUrl = process.env.BENCH_ADMIN_URL ?? process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const name = `traded_bench_${process.pid}_${suffix}`.replace(/[^a-z0-9_]/g, '_');
  const admin = postgres(adminUrl, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(adminUrl, name);
  const migrating = openPostgres(url);
  try {
    await migrateToLatest(migrating.db);
  } finally {
    await migrating.close();
  }
  return openBenchDatabase(admin, name, url);
}

/** `copyOf`: the database this one was copied from, whose drop() closes the server connection. */
function openBenchDatabase(admin: postgres.Sql, name: string, url: string, copyOf?: string): BenchDatabase {
  const owner = postgres(url, { onnotice: () => {}, max: 1 });
  return {
    name,
    url,
    owner,
    copy: async (suffix) => {
      await owner.end();
      const copyName = `${name}_${suffix}`.replace(/[^a-z0-9_]/g, '_');
      await admin.unsafe(`drop database if exists ${copyName}`);
      await admin.unsafe(`create database ${copyName} template ${name}`);
      return openBenchDatabase(admin, copyName, withDatabase(url, copyName), name);
    },
    drop: async () => {
      await owner.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      if (!copyOf) await admin.end();
    },
  };
}
