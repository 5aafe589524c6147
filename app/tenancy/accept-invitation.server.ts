import { insertAuditEvent } from '../../db/queries/audit';
import { findUserByEmail, insertUser } from '../../db/queries/auth';
import {
  findInvitationByTokenHash,
  findTenantBySlug,
  findTenantMembership,
  insertTenantMembership,
  joinBuyingSide,
  markInvitationAccepted,
} from '../../db/queries/tenancy';
import { withPerson, withTenant } from '../../db/scope.server';
import { hashPassword } from '../auth/password.server';
import { checkPassword, finishSignIn } from '../auth/sign-in.server';
import { passwordProblem } from '../auth/password-policy';
import { hashToken } from '../auth/tokens.server';
import { DomainError, isDomainError } from '../errors';

export async function findInvitation(slug: string, token: string) {
  const tenant = await withPerson(null, (tx) => findTenantBySlug(tx, slug));
  if (!tenant) return null;
  const invitation = await withTenant({ tenantId: tenant.id }, (tx) =>
    findInvitationByTokenHash(tx, tenant.id, hashToken(token)),
  );
  if (!invitation || invitation.accepted_at || invitation.revoked_at || invitation.expires_at <= new Date())
    return null;
  const existingUser = await withPerson(null, (tx) => findUserByEmail(tx, invitation.email));
  return { tenant, invitation, existingUser: Boolean(existingUser) };
}

/**
 * A new person sets their name and password; someone who already uses Traded confirms with their
 * password. Either way the invitation is used once and they are signed in.
 */
export async function acceptInvitation(
  slug: string,
  token: string,
  input: { name?: string; password: string; address?: string; previousToken?: string | null },
) {
  const found = await findInvitation(slug, token);
  if (!found)
    throw new DomainError(
      'invitation.invalid',
      'This invitation link has expired or has already been used. Ask your tenant admin for a new one.',
      undefined,
      410,
    );
  const { tenant, invitation } = found;

  const existing = await withPerson(null, (tx) => findUserByEmail(tx, invitation.email));
  if (existing) {
    // Counted like signing in: an invitation link must not become an unlimited password oracle.
    const confirmed = await checkPassword({
      email: invitation.email,
      password: input.password,
      address: input.address ?? 'unknown',
    }).catch((error: unknown) => {
      // The page asks only for the password: the refusal points there.
      if (isDomainError(error) && error.code === 'sign_in.locked')
        throw new DomainError(error.code, error.message, 'password', error.status);
      throw error;
    });
    if (!confirmed)
      throw new DomainError('invitation.password', 'Enter the password you already use for Traded', 'password', 400);
  } else {
    if (!input.name?.trim()) throw new DomainError('invitation.name', 'Enter your full name', 'name', 400);
    const problem = passwordProblem(input.password, { email: invitation.email });
    if (problem) throw new DomainError('invitation.weak_password', problem, 'password', 400);
  }
  const passwordHash = existing ? null : await hashPassword(input.password);

  const userId = await withTenant({ tenantId: tenant.id }, async (tx) => {
    if (!(await markInvitationAccepted(tx, tenant.id, invitation.id)))
      throw new DomainError('invitation.invalid', 'This invitation has already been used.', undefined, 410);
    const user =
      existing ?? (await insertUser(tx, { email: invitation.email, name: input.name!.trim(), passwordHash }));
    if (invitation.role === null) await joinBuyingSide(tx, invitation.id, user.id);
    else if (!(await findTenantMembership(tx, tenant.id, user.id)))
      await insertTenantMembership(tx, tenant.id, user.id, invitation.role);
    await insertAuditEvent(tx, {
      tenantId: tenant.id,
      actorUserId: user.id,
      action: 'member.joined',
      subjectType: 'user',
      subjectId: user.id,
      detail: {
        invitationId: invitation.id,
        role: invitation.role ?? invitation.buyer_role,
        ...(invitation.role === null ? { side: 'buying' } : {}),
      },
    });
    return user.id;
  });
  return finishSignIn(userId, {
    previousToken: input.previousToken,
    context:
      invitation.role === null
        ? { context: `org:${invitation.buyer_organisation_id}`, home: '/buy' }
        : { context: `tenant:${tenant.id}`, home: `/t/${tenant.slug}` },
  });
}
