import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { getDatabase, type Db } from '../../db/client.server';
import { ensureOrganisationMembership, ensureUser, upsertCouncil, upsertTenant } from '../../db/queries/platform';
import { ensureCustomerAccounts, ensureTenantMembership } from '../../db/queries/tenancy';
import type { BuyerRole, ProviderRole } from '../../db/schema';
import { runScoped } from '../../db/scope.server';
import { hashPassword } from '../../app/auth/password.server';
import { createSession } from '../../app/auth/session.server';
import { sessionCsrfToken } from '../../app/auth/csrf.server';

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

export async function ownerDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/**
 * Empties every table but the migration records, so each test starts clean. DELETE rather than
 * TRUNCATE: a truncate gives every table and index new files, which on the embedded database
 * costs seconds per reset, while deleting a test's few rows costs milliseconds. Triggers are off
 * for this one statement (the audit log refuses any delete; the tests connect as a superuser), and
 * the identity sequences start again, as TRUNCATE ... RESTART IDENTITY did.
 */
export async function resetDatabase(): Promise<void> {
  const db = await ownerDb();
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`do $$
      declare r record;
      begin
        for r in select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%' loop
          execute format('delete from %I', r.tablename);
        end loop;
        for r in select sequencename from pg_sequences where schemaname = 'public' loop
          execute format('alter sequence %I restart', r.sequencename);
        end loop;
      end $$`.execute(tx);
  });
}

/**
 * Copies of one service as the owner, one for each `g` from `from` to `to`, each with the columns
 * `changes` gives (a jsonb object built in SQL from the original `s` and `g`). The columns
 * PostgreSQL writes itself (search_text) are left to it.
 */
export async function copyService(serviceId: string, from: number, to: number, changes: RawBuilder<unknown>) {
  const db = await ownerDb();
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
     where table_schema = 'public' and table_name = 'services' and is_generated = 'NEVER'
     order by ordinal_position`.execute(db);
  const columns = sql.join(rows.map((r) => sql.ref(r.column_name)));
  const copied = sql.join(rows.map((r) => sql.ref(`copy.${r.column_name}`)));
  await sql`insert into services (${columns})
            select ${copied}
              from services s cross join generate_series(${from}::int, ${to}::int) g,
                   jsonb_populate_record(null::services, to_jsonb(s) || ${changes}) copy
             where s.id = ${serviceId}`.execute(db);
}

export async function createUser(email: string, name = email.split('@')[0]!) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return ensureUser(await ownerDb(), { email, name, passwordHash: await passwordHash });
}

export async function createSchool(urn: number, laCode: string, name: string) {
  const db = await ownerDb();
  await db
    .insertInto('schools')
    .values({ urn, la_code: laCode, name, type_group: 'la_maintained', status: 'Open' })
    .execute();
  const org = await db
    .insertInto('organisations')
    .values({ kind: 'school', name, urn, la_code: laCode })
    .returning('id')
    .executeTakeFirstOrThrow();
  return org.id;
}

export interface TestTenant {
  id: string;
  slug: string;
  adminId: string;
  financeId: string;
  schoolOrganisationId: string;
  buyerId: string;
}

/** A test tenant's reference prefix: the letters of its slug (alpha: ALPHA). */
export function referencePrefixFor(slug: string): string {
  return slug
    .replace(/[^a-z]/g, '')
    .toUpperCase()
    .slice(0, 6)
    .padEnd(2, 'X');
}

export async function createTenant(slug: string, laCode: string, urn: number): Promise<TestTenant> {
  const db = await ownerDb();
  const councilId = await upsertCouncil(db, { laCode, name: `${slug} council` });
  const id = await upsertTenant(db, {
    slug,
    name: `${slug} education services`,
    organisationId: councilId,
    laCode,
    address: '1 High Street',
    postcode: 'SO14 7LY',
    vatNumber: 'GB000000000',
    vatNumberIsDemo: true,
    paymentTermsDays: 30,
    invoicePrefix: 'TST-',
    referencePrefix: referencePrefixFor(slug),
    contactEmail: `${slug}@example.com`,
  });
  const adminId = await createUser(`admin@${slug}.example`, `${slug} admin`);
  const financeId = await createUser(`finance@${slug}.example`, `${slug} finance`);
  const schoolOrganisationId = await createSchool(urn, laCode, `${slug} primary school`);
  const buyerId = await createUser(`bursar@${slug}-school.example`, `${slug} bursar`);
  await addBuyer(schoolOrganisationId, buyerId, 'business_manager');
  await runScoped(db, { tenantId: id }, async (tx) => {
    await ensureTenantMembership(tx, id, adminId, 'admin');
    await ensureTenantMembership(tx, id, financeId, 'finance');
    await ensureCustomerAccounts(tx, id, [
      { organisationId: schoolOrganisationId, customerClass: 'own_maintained', settlementMethod: 'recharge' },
    ]);
  });
  return { id, slug, adminId, financeId, schoolOrganisationId, buyerId };
}

export async function addMember(tenantId: string, userId: string, role: ProviderRole) {
  await runScoped(await ownerDb(), { tenantId }, (tx) => ensureTenantMembership(tx, tenantId, userId, role));
}

export async function addBuyer(organisationId: string, userId: string, role: BuyerRole) {
  await ensureOrganisationMembership(await ownerDb(), { organisationId, userId, role });
}

/** Two provider tenants, each with an admin, a finance officer and one school customer. */
export async function twoTenants() {
  await resetDatabase();
  const alpha = await createTenant('alpha', '852', 900001);
  const beta = await createTenant('beta', '921', 900002);
  return { alpha, beta };
}

export interface Browser {
  cookie: string;
  csrf: string;
}

/** A signed-in browser: a real session cookie and this browser's CSRF cookie. */
export async function asUser(userId: string, context: string | null = null): Promise<Browser> {
  const { token } = await createSession(userId, context);
  const csrf = sessionCsrfToken(token);
  return { cookie: `traded_session=${token}; traded_csrf=${csrf}`, csrf };
}

export function get(path: string, browser?: Browser): Request {
  return new Request(`http://localhost${path}`, { headers: browser ? { cookie: browser.cookie } : {} });
}

export function post(
  path: string,
  fields: Record<string, string>,
  browser?: Browser,
  options: { csrf?: string | null } = {},
): Request {
  const body = new URLSearchParams(fields);
  const csrf = options.csrf === undefined ? browser?.csrf : options.csrf;
  if (csrf) body.set('csrf', csrf);
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(browser ? { cookie: browser.cookie } : {}) },
  });
}

/** Runs a loader or action, returning the Response it threw or returned. */
export async function respond(
  run: () => Promise<unknown>,
): Promise<{ status: number; response?: Response; value?: unknown }> {
  try {
    const value = await run();
    if (value instanceof Response) return { status: value.status, response: value };
    if (
      value &&
      typeof value === 'object' &&
      'type' in value &&
      (value as { type: string }).type === 'DataWithResponseInit'
    ) {
      const init = (value as unknown as { init?: ResponseInit; data: unknown }).init;
      return { status: init?.status ?? 200, value: (value as unknown as { data: unknown }).data };
    }
    return { status: 200, value };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, response: thrown };
    throw thrown;
  }
}

/** The posted fields of a simple service form: an educational psychology day sold to own-area schools. */
export const EP_DAY_FIELDS = {
  code: 'EP-DAY',
  name: 'Educational psychology day',
  category: 'educational_psychology',
  statutory: 'traded',
  unitKind: 'day',
  unitHours: '6',
  vatAcademy: 'E',
  vatOtherLaSchool: 'E',
  vatPartnerCouncil: 'O',
  vatIndependentOther: 'S',
  soldOwnArea: 'yes',
};

/** Fixes the calendar date for one test file (the contract year its orders fall in), then restores it. */
export function useToday(date: string) {
  let before: string | undefined;
  beforeAll(() => {
    before = process.env.TRADED_TODAY;
    process.env.TRADED_TODAY = date;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TRADED_TODAY;
    else process.env.TRADED_TODAY = before;
  });
}

/** Runs work as if today were another date (an order accepted before the work logged against it, say). */
export async function onDate<T>(date: string, work: () => Promise<T>): Promise<T> {
  const before = process.env.TRADED_TODAY;
  process.env.TRADED_TODAY = date;
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.TRADED_TODAY;
    else process.env.TRADED_TODAY = before;
  }
}
