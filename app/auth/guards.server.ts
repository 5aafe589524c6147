import { redirect } from '@remix-run/node';
import { findOrganisationMembership, findTenantBySlug, findTenantMembership } from '../../db/queries/tenancy';
import type { BuyerRole, OrganisationKind, ProviderRole, Tenant } from '../../db/schema';
import { withPerson } from '../../db/scope.server';
import { personIsPlatformAdmin } from '../platform/person-is-platform-admin.server';
import { buyerCan, providerCan, type BuyerPermission, type ProviderPermission } from './permissions';
import { readSessionToken, validateSessionToken, type CurrentSession } from './session.server';

export function notFound(): Response {
  return new Response('Page not found', { status: 404, statusText: 'Not Found' });
}

export async function getCurrentSession(request: Request): Promise<CurrentSession | null> {
  const token = readSessionToken(request);
  return token ? validateSessionToken(token) : null;
}

/** Signed in, or sent to sign in and brought back afterwards. */
export async function requireUser(request: Request): Promise<CurrentSession> {
  const session = await getCurrentSession(request);
  if (!session) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/sign-in?returnTo=${encodeURIComponent(back)}`);
  }
  return session;
}

export interface TenantContext {
  session: CurrentSession;
  tenant: Tenant;
  role: ProviderRole;
  tenantId: string;
  userId: string;
}

/**
 * A member of this provider with this permission. An unknown tenant, or one the person is not a
 * member of, answers 404 (it does not confirm the tenant exists); a member lacking the role, 403.
 */
export async function requireTenantMember(
  request: Request,
  slug: string | undefined,
  permission: ProviderPermission = 'tenant.view',
): Promise<TenantContext> {
  const session = await requireUser(request);
  if (!slug) throw notFound();
  const found = await withPerson(session.userId, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    if (!tenant) return null;
    const membership = await findTenantMembership(tx, tenant.id, session.userId);
    return membership ? { tenant, role: membership.role } : null;
  });
  if (!found) throw notFound();
  if (!providerCan(found.role, permission))
    throw new Response('You do not have permission to do this. Ask your tenant admin.', { status: 403 });
  return { session, tenant: found.tenant, role: found.role, tenantId: found.tenant.id, userId: session.userId };
}

export interface BuyerContext {
  session: CurrentSession;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  role: BuyerRole;
  userId: string;
}

/** Acting for the buyer organisation chosen in this session (the only one, when there is one). */
export async function requireBuyer(request: Request, permission: BuyerPermission = 'buy.view'): Promise<BuyerContext> {
  const session = await requireUser(request);
  const organisationId = session.activeContext?.startsWith('org:') ? session.activeContext.slice(4) : null;
  if (!organisationId) throw redirect('/organisations');
  const membership = await withPerson(session.userId, (tx) =>
    findOrganisationMembership(tx, organisationId, session.userId),
  );
  if (!membership) throw redirect('/organisations');
  if (!buyerCan(membership.role, permission))
    throw new Response('You do not have permission to do this for your organisation.', { status: 403 });
  return {
    session,
    organisationId: membership.organisationId,
    organisationName: membership.name,
    organisationKind: membership.kind,
    role: membership.role,
    userId: session.userId,
  };
}

/** A platform administrator (schools reference data, the service itself). Anyone else: 404. */
export async function requirePlatformAdmin(request: Request): Promise<CurrentSession> {
  const session = await requireUser(request);
  if (!(await personIsPlatformAdmin(session.userId))) throw notFound();
  return session;
}
