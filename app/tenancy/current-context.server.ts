import type { BuyerRole, ProviderRole } from '../../db/schema';
import type { SignedInPerson } from '../auth/signed-in.server';

export type ActiveContext =
  | { kind: 'tenant'; tenantId: string; slug: string; name: string; role: ProviderRole }
  | { kind: 'buyer'; organisationId: string; name: string; role: BuyerRole };

/** The organisation this session is acting for, if the person still belongs to it: from what the
 * signed-in person's one transaction already read (no query of its own). */
export function contextOf(person: SignedInPerson): ActiveContext | null {
  const [kind, id] = (person.session.activeContext ?? '').split(':');
  if (!id) return null;
  if (kind === 'tenant') {
    const found = person.tenants.find((t) => t.tenant.id === id);
    return found
      ? { kind: 'tenant', tenantId: found.tenant.id, slug: found.tenant.slug, name: found.tenant.name, role: found.role }
      : null;
  }
  const membership = person.organisations.find((o) => o.organisationId === id);
  return membership
    ? { kind: 'buyer', organisationId: membership.organisationId, name: membership.name, role: membership.role }
    : null;
}
