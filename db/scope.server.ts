import { sql, type Transaction } from 'kysely';
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

export async function runScoped<T>(db: Db, scope: Scope, work: (tx: Scoped) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    // One statement for the whole scope: set_config('role', …, true) is SET LOCAL ROLE, so
    // everything after it runs as the runtime role under row-level security.
    await sql`select set_config('role', ${RUNTIME_ROLE}, true),
                     set_config('app.tenant_id', ${scope.tenantId ?? ''}, true),
                     set_config('app.user_id', ${scope.userId ?? ''}, true),
                     set_config('app.organisation_id', ${scope.organisationId ?? ''}, true)`.execute(tx);
    return work(tx as Scoped);
  });
}

/** The one path for tenant data: a transaction scoped to one tenant (and the person acting). */
export async function withTenant<T>(
  ctx: { tenantId: string; userId?: string | null },
  work: (tx: Scoped) => Promise<T>,
): Promise<T> {
  const { db } = await getDatabase();
  return runScoped(db, { tenantId: ctx.tenantId, userId: ctx.userId }, work);
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
