import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

/**
 * The person a session belongs to is now the person acting in this transaction (as a new
 * transaction for them would set it): their own rows become readable, nobody else's.
 */
export async function actAsPerson(tx: Scoped, userId: string) {
  await sql`select set_config('app.user_id', ${userId}, true)`.execute(tx);
}

/** Every provider the person acting belongs to, each whole, with their role there. */
export async function listOwnTenants(tx: Scoped, userId: string) {
  const rows = await tx
    .selectFrom('tenant_memberships')
    .innerJoin('tenants', 'tenants.id', 'tenant_memberships.tenant_id')
    .selectAll('tenants')
    .select('tenant_memberships.role as membershipRole')
    .where('tenant_memberships.user_id', '=', userId)
    .execute();
  return rows.map(({ membershipRole, ...tenant }) => ({ tenant, role: membershipRole }));
}

/** Every buyer organisation the person acting belongs to, with their role there. */
export async function listOwnOrganisations(tx: Scoped, userId: string) {
  return tx
    .selectFrom('organisation_memberships')
    .innerJoin('organisations', 'organisations.id', 'organisation_memberships.organisation_id')
    .select([
      'organisations.id as organisationId',
      'organisations.name',
      'organisations.kind',
      'organisations.urn',
      'organisation_memberships.role',
    ])
    .where('organisation_memberships.user_id', '=', userId)
    .execute();
}
