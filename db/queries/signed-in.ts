import { sql } from 'kysely';
import type { CompiledQuery, Selectable } from 'kysely';
import type { BuyerRole, OrganisationKind, ProviderRole, TenantsTable } from '../schema';
import type { Scoped } from '../scope.server';
import { sessionFromRow, type SessionRow } from './auth';

interface SessionPersonRow extends SessionRow {
  tenants: Array<{ tenant: Omit<Selectable<TenantsTable>, 'created_at'> & { created_at: string }; role: ProviderRole }>;
  organisations: Array<{
    organisationId: string;
    name: string;
    kind: OrganisationKind;
    urn: number | null;
    role: BuyerRole;
  }>;
  platform_admin: boolean;
}

/**
 * The session behind a token hash and, when there is one, where its person belongs, in one
 * statement (session_person, migration 0047): the session as session_find gives it; then its person
 * is the person acting in this transaction (as a new transaction for them would set it: their own
 * rows become readable, nobody else's); then, read as them, every provider they belong to, each
 * whole, with their role there, every buyer organisation with their role there, and whether they
 * run the platform. Whether the session is still good is the caller's to judge. The statement is
 * given, not run, so that it can be read alone (readAlone: one round trip, commit included).
 */
export function sessionPersonStatement(tx: Scoped, sessionId: string): CompiledQuery<SessionPersonRow> {
  return sql<SessionPersonRow>`select * from session_person(${sessionId})`.compile(tx);
}

/** session_person's row, as the app holds a signed-in person. */
export function sessionPersonFromRow(row: SessionPersonRow) {
  return {
    session: sessionFromRow(row),
    tenants: row.tenants.map(({ tenant, role }) => ({
      tenant: { ...tenant, created_at: new Date(tenant.created_at) } satisfies Selectable<TenantsTable>,
      role,
    })),
    organisations: row.organisations,
    platformAdmin: row.platform_admin,
  };
}
