import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { BuyerRole, OrganisationKind, ProviderRole, TenantsTable } from '../schema';
import type { Scoped } from '../scope.server';

/**
 * The person a session belongs to is now the person acting in this transaction (as a new
 * transaction for them would set it): their own rows become readable, nobody else's.
 */
export async function actAsPerson(tx: Scoped, userId: string) {
  await sql`select set_config('app.user_id', ${userId}, true)`.execute(tx);
}

interface OwnMembershipsRow {
  tenants: Array<{ tenant: Omit<Selectable<TenantsTable>, 'created_at'> & { created_at: string }; role: ProviderRole }>;
  organisations: Array<{
    organisationId: string;
    name: string;
    kind: OrganisationKind;
    urn: number | null;
    role: BuyerRole;
  }>;
  platformAdmin: boolean;
}

/**
 * Where the person acting belongs, in one statement (a round trip each would cost more than the
 * reads): every provider, each whole, with their role there; every buyer organisation, with their
 * role there; and whether they run the platform. Row-level security shows them only their own.
 */
export async function readOwnMemberships(tx: Scoped, userId: string) {
  const { rows } = await sql<OwnMembershipsRow>`
    select
      (select coalesce(json_agg(json_build_object('tenant', to_json(t), 'role', tm.role) order by t.name), '[]')
         from tenant_memberships tm join tenants t on t.id = tm.tenant_id
        where tm.user_id = ${userId}) as tenants,
      (select coalesce(json_agg(json_build_object('organisationId', o.id, 'name', o.name, 'kind', o.kind,
                                                  'urn', o.urn, 'role', om.role) order by o.name), '[]')
         from organisation_memberships om join organisations o on o.id = om.organisation_id
        where om.user_id = ${userId}) as organisations,
      exists (select 1 from platform_admins p where p.user_id = ${userId}) as "platformAdmin"`.execute(tx);
  const row = rows[0]!;
  return {
    tenants: row.tenants.map(({ tenant, role }) => ({
      tenant: { ...tenant, created_at: new Date(tenant.created_at) } satisfies Selectable<TenantsTable>,
      role,
    })),
    organisations: row.organisations,
    platformAdmin: row.platformAdmin,
  };
}
