import { findOrganisationMembership, findTenantById, findTenantMembership } from '../../db/queries/tenancy';
import type { BuyerRole, ProviderRole } from '../../db/schema';
import { withPerson } from '../../db/scope.server';
import type { CurrentSession } from '../auth/session.server';

export type ActiveContext =
  | { kind: 'tenant'; tenantId: string; slug: string; name: string; role: ProviderRole }
  | { kind: 'buyer'; organisationId: string; name: string; role: BuyerRole };

/** The organisation this session is acting for, if the person still belongs to it. */
export async function currentContext(session: CurrentSession): Promise<ActiveContext | null> {
  const active = session.activeContext;
  if (!active) return null;
  const [kind, id] = active.split(':');
  if (!id) return null;
  return withPerson(session.userId, async (tx) => {
    if (kind === 'tenant') {
      const tenant = await findTenantById(tx, id);
      const membership = tenant ? await findTenantMembership(tx, tenant.id, session.userId) : undefined;
      return tenant && membership
        ? { kind: 'tenant' as const, tenantId: tenant.id, slug: tenant.slug, name: tenant.name, role: membership.role }
        : null;
    }
    const membership = await findOrganisationMembership(tx, id, session.userId);
    return membership
      ? {
          kind: 'buyer' as const,
          organisationId: membership.organisationId,
          name: membership.name,
          role: membership.role,
        }
      : null;
  });
}
