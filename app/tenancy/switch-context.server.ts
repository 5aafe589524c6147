import { setSessionContext } from '../../db/queries/auth';
import { findOrganisationMembership, findTenantMembership, listOwnMemberships } from '../../db/queries/tenancy';
import { withPerson } from '../../db/scope.server';
import type { CurrentSession } from '../auth/session.server';
import { DomainError } from '../errors';

export async function listContexts(userId: string) {
  return withPerson(userId, (tx) => listOwnMemberships(tx, userId));
}

/** Acts for another organisation the person belongs to; returns where to go next. */
export async function switchContext(session: CurrentSession, context: string): Promise<string> {
  const [kind, id] = context.split(':');
  return withPerson(session.userId, async (tx) => {
    if (kind === 'tenant' && id) {
      const { provider } = await listOwnMemberships(tx, session.userId);
      const match = provider.find((p) => p.tenantId === id);
      if (match && (await findTenantMembership(tx, id, session.userId))) {
        await setSessionContext(tx, session.sessionId, `tenant:${id}`);
        return `/t/${match.slug}`;
      }
    }
    if (
      kind === 'org' &&
      id &&
      /^[0-9a-f-]{36}$/.test(id) &&
      (await findOrganisationMembership(tx, id, session.userId))
    ) {
      await setSessionContext(tx, session.sessionId, `org:${id}`);
      return '/buy';
    }
    throw new DomainError('context.unknown', 'Select an organisation you belong to', 'context', 400);
  });
}
