import { redirect } from '@remix-run/node';
import type { BuyerRole, OrganisationKind, ProviderRole, Tenant } from '../../db/schema';
import { buyerCan, providerCan, type BuyerPermission, type ProviderPermission } from './permissions';
import type { CurrentSession } from './session.server';
import { signedInPerson, type SignedInPerson } from './signed-in.server';

export function notFound(): Response {
  return new Response('Page not found', { status: 404, statusText: 'Not Found' });
}

export async function getCurrentSession(request: Request): Promise<CurrentSession | null> {
  return (await signedInPerson(request))?.session ?? null;
}

/** Signed in (with where they belong), or sent to sign in and brought back afterwards. */
async function requirePerson(request: Request): Promise<SignedInPerson> {
  const person = await signedInPerson(request);
  if (!person) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/sign-in?returnTo=${encodeURIComponent(back)}`);
  }
  return person;
}

/** Signed in, or sent to sign in and brought back afterwards. */
export async function requireUser(request: Request): Promise<CurrentSession> {
  return (await requirePerson(request)).session;
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
  const { session, tenants } = await requirePerson(request);
  if (!slug) throw notFound();
  const found = tenants.find((t) => t.tenant.slug === slug);
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
  const { session, organisations } = await requirePerson(request);
  const organisationId = session.activeContext?.startsWith('org:') ? session.activeContext.slice(4) : null;
  if (!organisationId) throw redirect('/organisations');
  const membership = organisations.find((o) => o.organisationId === organisationId);
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
  const { session, platformAdmin } = await requirePerson(request);
  if (!platformAdmin) throw notFound();
  return session;
}
