import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';
import { openPglite, openPostgres, type Db } from '../../db/client.server';
import { migrateToLatest } from '../../db/migrate.server';
import { loadDemoTenants, seedDemo } from '../../db/seed';
import { createBenchDatabase } from '../bench-billing/bench-database';
import { generateData, type BenchSize, type GeneratedCounts } from '../bench-billing/generate';

/** The demo's providers (5 councils, with their real schools, sign-ins and activity, and more). */
export const DEMO_PROVIDERS = loadDemoTenants().length;

/**
 * National scale beside the demo: made-up authorities of 144 schools each, as many as make 153
 * providers with the demo's, so about 22,000 schools. The made-up codes start clear of the demo's
 * real ones (LA codes 335 and 851 to 921).
 */
export const FULL_SIZE: BenchSize = {
  label: 'full',
  authorities: 153 - DEMO_PROVIDERS,
  schoolsPerAuthority: 144,
  laCodeFrom: 400,
  urnFrom: 600000,
};
/** A quick check of the whole path: 10 made-up authorities of 20 schools beside the demo. */
export const SMALL_SIZE: BenchSize = { ...FULL_SIZE, label: 'small', authorities: 10, schoolsPerAuthority: 20 };

export type DatabaseKind = 'postgres' | 'pglite';

export interface BuiltData {
  kind: DatabaseKind;
  /** What the server's environment needs to open this database. */
  env: Record<string, string | undefined>;
  counts: GeneratedCounts & { services: number; servicesSoldToAnySchool: number; orders: number };
  /** Time to build it, in ms. */
  buildMs: number;
  drop(): Promise<void>;
  /**
   * A copy of the data as it stands, for another checkout's server: the record of migrations that
   * checkout does not know (`known`) is struck from the copy's (their objects stay), so it starts
   * without refusing a database newer than itself. Its own environment and drop().
   */
  copy(suffix: string, known: string[]): Promise<CopiedData>;
}

export interface CopiedData {
  env: Record<string, string | undefined>;
  drop(): Promise<void>;
}

const STRIKE_UNKNOWN_MIGRATIONS = `delete from kysely_migration where not (name = any($1::text[]))`;

/** The owner's raw SQL: postgres.js on PostgreSQL; on PGlite, the little of it the generator uses. */
type OwnerSql = Pick<postgres.Sql, 'unsafe' | 'begin'>;

/**
 * The part of postgres.js's interface the billing bench's generator calls (`begin` with a
 * transaction's `unsafe`, and `unsafe` outside one), over PGlite's own connection.
 */
function pgliteOwner(pglite: PGlite): OwnerSql {
  const run = (on: Pick<PGlite, 'query'>) => async (query: string, params?: unknown[]) =>
    (await on.query(query, params as unknown[] | undefined)).rows;
  const owner = {
    unsafe: run(pglite),
    begin: (work: (tx: { unsafe: ReturnType<typeof run> }) => Promise<unknown>) =>
      pglite.transaction((tx) => work({ unsafe: run(tx) })),
  };
  return owner as unknown as OwnerSql;
}

/** Column names of a table the copy can write (all but the key, the tenant and generated ones). */
async function copyableColumns(owner: OwnerSql, table: string, skip: string[]): Promise<string[]> {
  const rows = await owner.unsafe<{ column_name: string }[]>(
    `select column_name from information_schema.columns
      where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' and is_identity = 'NO'
      order by ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name).filter((c) => !skip.includes(c));
}

/**
 * Catalogues like the demo's: each made-up authority gets, beside the billing bench's eight
 * own-area services, a copy of one demo authority's catalogue (11 to 14 services, one of them sold
 * to any school in England, others to partner councils) with its charge schedules and prices.
 * Services go in with their triggers on; schedules and prices as the owner with triggers off, as
 * the billing bench loads them (a published schedule's prices are otherwise frozen).
 */
async function copyDemoCatalogues(owner: OwnerSql, demoSlugs: string[]) {
  const serviceColumns = await copyableColumns(owner, 'services', ['tenant_id', 'id', 'created_at', 'updated_at']);
  const cols = serviceColumns.join(', ');
  const demoList = demoSlugs.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ');
  const pairs = `(select b.id as bench_id, d.id as demo_id
                    from tenants b
                    join (select id, row_number() over (order by slug) - 1 as n from tenants where slug in (${demoList})) d
                      on d.n = substring(b.slug from 7)::int % ${demoSlugs.length}
                   where b.slug ~ '^bench-[0-9]+$')`;
  await owner.unsafe(
    `insert into services (tenant_id, ${cols})
     select p.bench_id, ${serviceColumns.map((c) => `s.${c}`).join(', ')}
       from ${pairs} p join services s on s.tenant_id = p.demo_id
      where s.status = 'published'`,
  );
  await owner.begin(async (tx) => {
    await tx.unsafe(`set local session_replication_role = replica`);
    await tx.unsafe(
      `insert into charge_schedules (tenant_id, year_kind, year_start, version, status, effective_from, note, published_at)
       select p.bench_id, cs.year_kind, cs.year_start, cs.version, cs.status, cs.effective_from, cs.note, cs.published_at
         from ${pairs} p join charge_schedules cs on cs.tenant_id = p.demo_id
       on conflict (tenant_id, year_kind, year_start, version) do nothing`,
    );
    await tx.unsafe(
      `insert into schedule_prices (tenant_id, schedule_id, service_id, customer_class, price)
       select p.bench_id, bcs.id, bs.id, sp.customer_class, sp.price
         from ${pairs} p
         join charge_schedules dcs on dcs.tenant_id = p.demo_id
         join schedule_prices sp on sp.tenant_id = p.demo_id and sp.schedule_id = dcs.id
         join services ds on ds.tenant_id = p.demo_id and ds.id = sp.service_id
         join services bs on bs.tenant_id = p.bench_id and bs.code = ds.code
         join charge_schedules bcs on bcs.tenant_id = p.bench_id and bcs.year_kind = dcs.year_kind
          and bcs.year_start = dcs.year_start and bcs.version = dcs.version
       on conflict do nothing`,
    );
  });
}

async function countAll(owner: OwnerSql): Promise<BuiltData['counts']> {
  const [counts] = await owner.unsafe<BuiltData['counts'][]>(`select
      (select count(*) from tenants)::int as "tenants",
      (select count(*) from schools)::int as "schools",
      (select count(*) from services)::int as "services",
      (select count(*) from services where (sold_to ->> 'anySchool')::boolean)::int as "servicesSoldToAnySchool",
      (select count(*) from orders)::int as "orders",
      (select count(*) from order_lines)::int as "orderLines",
      (select count(*) from deliveries)::int as "deliveries",
      (select count(*) from billing_documents)::int as "historyDocuments",
      (select count(*) from billing_document_lines)::int as "historyLines"`);
  return counts!;
}

/**
 * The billing bench's national data (councils, schools, a year of orders, delivery and billing),
 * then the demo on top (its real schools, people, catalogues and activity, as a newcomer's first
 * start loads it), then the demo-like catalogues for the made-up authorities.
 */
async function load(owner: OwnerSql, db: Db, size: BenchSize, log: (line: string) => void) {
  let t = performance.now();
  await generateData(owner as postgres.Sql, size);
  // The generator loads with triggers off, so the catalogue's offers (kept by a trigger on
  // services, where the schema has them) are made here for its services.
  await owner.unsafe(
    `do $$ begin
       if to_regprocedure('catalogue_offers_refresh(uuid, uuid)') is not null then
         perform catalogue_offers_refresh(tenant_id, id) from services;
       end if;
     end $$`,
  );
  log(`national data generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await seedDemo(db);
  log(`demo loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await copyDemoCatalogues(
    owner,
    loadDemoTenants().map((d) => d.profile.slug),
  );
  await owner.unsafe('vacuum analyze');
  log(`demo-like catalogues copied and analysed in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return countAll(owner);
}

/** A fresh PostgreSQL database on the server DATABASE_URL names, dropped by drop(). */
export async function buildOnPostgres(size: BenchSize, log: (line: string) => void): Promise<BuiltData> {
  const t = performance.now();
  const database = await createBenchDatabase(`http_${size.label}`);
  const app = openPostgres(database.url);
  try {
    const counts = await load(database.owner, app.db, size, log);
    return {
      kind: 'postgres',
      env: { DATABASE_URL: database.url, PGLITE_DIR: undefined },
      counts,
      buildMs: performance.now() - t,
      drop: () => database.drop(),
      copy: async (suffix, known) => {
        const copied = await database.copy(suffix);
        await copied.owner.unsafe(STRIKE_UNKNOWN_MIGRATIONS, [known]);
        return { env: { DATABASE_URL: copied.url, PGLITE_DIR: undefined }, drop: () => copied.drop() };
      },
    };
  } catch (error) {
    await app.close();
    await database.drop();
    throw error;
  } finally {
    await app.close().catch(() => {});
  }
}

/** A PGlite folder of its own under the system's temp folder, removed by drop(). */
export async function buildOnPglite(size: BenchSize, log: (line: string) => void): Promise<BuiltData> {
  const t = performance.now();
  const parent = mkdtempSync(path.join(os.tmpdir(), 'traded-bench-http-'));
  const dir = path.join(parent, 'pg');
  const drop = async () => rmSync(parent, { recursive: true, force: true });
  const handle = await openPglite(dir);
  try {
    await migrateToLatest(handle.db);
    const counts = await load(pgliteOwner(handle.pglite!), handle.db, size, log);
    return {
      kind: 'pglite',
      env: { DATABASE_URL: undefined, PGLITE_DIR: dir },
      counts,
      buildMs: performance.now() - t,
      drop,
      // The folder copied whole while nothing holds it (this handle is closed by then).
      copy: async (suffix, known) => {
        const copyDir = path.join(parent, `pg-${suffix}`);
        cpSync(dir, copyDir, { recursive: true });
        const copied = await openPglite(copyDir);
        try {
          await pgliteOwner(copied.pglite!).unsafe(STRIKE_UNKNOWN_MIGRATIONS, [known]);
        } finally {
          await copied.close();
        }
        return {
          env: { DATABASE_URL: undefined, PGLITE_DIR: copyDir },
          drop: async () => rmSync(copyDir, { recursive: true, force: true }),
        };
      },
    };
  } catch (error) {
    await handle.close();
    await drop();
    throw error;
  } finally {
    await handle.close().catch(() => {});
  }
}
