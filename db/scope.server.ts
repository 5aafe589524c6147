import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type CompiledQuery, type Transaction } from 'kysely';
import { sendAhead, sendNow } from './begin-with-next-query.server';
import { getDatabase, type Db } from './client.server';
import type { Database } from './schema';

export const RUNTIME_ROLE = 'traded_app';

declare const scopedBrand: unique symbol;
/**
 * A transaction running as the runtime role with the tenant, person and buyer organisation set.
 * Query functions in db/queries accept only this handle, so every tenant read goes through RLS.
 */
export type Scoped = Transaction<Database> & { readonly [scopedBrand]: true };

export interface Scope {
  tenantId?: string | null;
  userId?: string | null;
  organisationId?: string | null;
}

/** A page's reads sharing one read-only transaction (readTogether), while it is open. */
interface SharedReads {
  db: Db;
  scope: Scope;
  tx: Scoped;
  open: boolean;
}
const sharedReads = new AsyncLocalStorage<SharedReads>();

function sameScope(a: Scope, b: Scope): boolean {
  return (
    (a.tenantId ?? null) === (b.tenantId ?? null) &&
    (a.userId ?? null) === (b.userId ?? null) &&
    (a.organisationId ?? null) === (b.organisationId ?? null)
  );
}

/** The scope's setting that has a transaction's statements planned for any values (genericPlans). */
export const GENERIC_PLANS_SETTING = "set_config('plan_cache_mode', 'force_generic_plan', true)";

/** How a page's reads together are planned (readTogether). */
export interface ReadsTogetherOptions {
  /**
   * Each statement planned once per connection, for any parameters (PostgreSQL's generic plan),
   * rather than afresh on every call. PostgreSQL keeps planning a prepared statement afresh when its
   * plan for the values at hand is estimated a little cheaper than one for any values, even where
   * both are the same plan; for a page whose statements take longer to plan than to run, that is
   * most of its time in the database. Only for pages whose plans for any values are checked at
   * national scale (test/routes/listing-plans.test.ts).
   */
  genericPlans?: boolean;
}

function openScoped<T>(
  db: Db,
  scope: Scope,
  readOnly: boolean,
  work: (tx: Scoped) => Promise<T>,
  { genericPlans = false }: ReadsTogetherOptions = {},
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    // One statement for the whole scope: set_config('role', …, true) is SET LOCAL ROLE, so
    // everything after it runs as the runtime role under row-level security. It rides with the
    // work's first statement (and the begin) in one write; its error, if any, is that statement's.
    const readOnlySetting = readOnly ? sql`, set_config('transaction_read_only', 'on', true)` : sql``;
    const planSetting = genericPlans ? sql.raw(`, ${GENERIC_PLANS_SETTING}`) : sql``;
    const settings = sql`select set_config('role', ${RUNTIME_ROLE}, true),
                     set_config('app.tenant_id', ${scope.tenantId ?? ''}, true),
                     set_config('app.user_id', ${scope.userId ?? ''}, true),
                     set_config('app.organisation_id', ${scope.organisationId ?? ''}, true)${readOnlySetting}${planSetting}`.compile(
      tx,
    );
    await sendAhead(tx, settings);
    return work(tx as Scoped);
  });
}

export async function runScoped<T>(db: Db, scope: Scope, work: (tx: Scoped) => Promise<T>): Promise<T> {
  const shared = sharedReads.getStore();
  if (shared?.open && shared.db === db) {
    if (sameScope(shared.scope, scope)) return work(shared.tx);
    // A second transaction beside the open one would wait for it for ever on PGlite (one connection).
    throw new Error('Reads together share one scope: another scope was asked for inside readTogether');
  }
  return openScoped(db, scope, false, work);
}

/**
 * One statement read in a read-only transaction of its own, in one round trip on PostgreSQL: the
 * begin, the scope, the statement and the commit go in one write, the commit sent without waiting
 * for the read (a read-only transaction has nothing to wait for before it ends; a read that failed
 * has its transaction rolled back, and its error is thrown here). The signed-in person, asked for
 * on every page, is read this way.
 */
export async function readAlone<R>(scope: Scope, query: (tx: Scoped) => CompiledQuery<R>): Promise<R[]> {
  const { db } = await getDatabase();
  if (sharedReads.getStore()?.open)
    throw new Error('A read alone opens its own transaction: it cannot be asked for inside readTogether');
  const { answer } = await openScoped(db, scope, true, async (tx) => {
    const sent = sendNow(tx, query(tx as Scoped));
    sent.catch(() => {}); // Thrown below, once the transaction has ended.
    return { answer: sent };
  });
  return (await answer).rows;
}

/**
 * A page's reads in one transaction: every withTenant (or withBuyer…) for the same scope while
 * `work` runs joins it, rather than each use case opening its own (a begin, the scope and a commit
 * each: a line page read in five transactions). Read only, so a change cannot slip in and be
 * committed with reads it did not expect, nor before a side effect it waits for; a scope of its
 * own (the signed-in person's) still opens its own transaction. Once `work` is done nothing more
 * joins it, whatever asks later.
 */
export async function readTogether<T>(
  scope: Scope,
  work: () => Promise<T>,
  options: ReadsTogetherOptions = {},
): Promise<T> {
  const { db } = await getDatabase();
  return openScoped(
    db,
    scope,
    true,
    async (tx) => {
      const shared: SharedReads = { db, scope, tx, open: true };
      try {
        return await sharedReads.run(shared, work);
      } finally {
        shared.open = false;
      }
    },
    options,
  );
}

/** The one path for tenant data: a transaction scoped to one tenant (and the person acting). */
export async function withTenant<T>(
  ctx: { tenantId: string; userId?: string | null },
  work: (tx: Scoped) => Promise<T>,
): Promise<T> {
  const { db } = await getDatabase();
  return runScoped(db, { tenantId: ctx.tenantId, userId: ctx.userId }, work);
}

/** A page's reads for one tenant (and the person acting) in one read-only transaction: see readTogether. */
export function tenantReadsTogether<T>(
  ctx: { tenantId: string; userId?: string | null },
  work: () => Promise<T>,
  options: ReadsTogetherOptions = {},
): Promise<T> {
  return readTogether({ tenantId: ctx.tenantId, userId: ctx.userId }, work, options);
}

/** A buyer acting for its organisation: sees its own accounts with every provider, nothing else. */
export async function withBuyer<T>(
  ctx: { organisationId: string; userId: string },
  work: (tx: Scoped) => Promise<T>,
): Promise<T> {
  const { db } = await getDatabase();
  return runScoped(db, { organisationId: ctx.organisationId, userId: ctx.userId }, work);
}

/** The runtime role with no tenant: platform identity (users, sessions) and reference data only. */
export async function withPerson<T>(userId: string | null, work: (tx: Scoped) => Promise<T>): Promise<T> {
  const { db } = await getDatabase();
  return runScoped(db, { userId }, work);
}

/**
 * A provider's staff reading, as their own council, what it commissions from other authorities
 * (reciprocal agreements): the tenant and the tenant's council organisation both in scope.
 */
export async function withTenantAsCouncil<T>(
  ctx: { tenantId: string; userId: string; councilOrganisationId: string },
  work: (tx: Scoped) => Promise<T>,
): Promise<T> {
  const { db } = await getDatabase();
  return runScoped(db, { tenantId: ctx.tenantId, userId: ctx.userId, organisationId: ctx.councilOrganisationId }, work);
}
