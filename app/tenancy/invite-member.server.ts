import { insertAuditEvent } from '../../db/queries/audit';
import { findUserByEmail } from '../../db/queries/auth';
import { findTenantMembership, insertInvitation } from '../../db/queries/tenancy';
import type { ProviderRole } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { providerRoleNames } from '../auth/permissions';
import { generateToken, hashToken } from '../auth/tokens.server';
import { DomainError } from '../errors';
import { getMailer } from '../mail/mailer.server';
import { onBehalfOf } from '../mail/on-behalf-of';

export const INVITATION_DAYS = 7;

/** A new invitation's secret (sent by mail only) and when it stops working. */
export function newInvitationToken() {
  const token = generateToken();
  return {
    token,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
  };
}

/** The invitation mail, sent once the invitation is saved: the link works once. */
export async function sendInvitationMail(invitation: {
  email: string;
  token: string;
  role: ProviderRole;
  tenant: { name: string; slug: string };
  invitedBy: { name: string; email: string | null };
  baseUrl: string;
}) {
  const link = `${invitation.baseUrl}/invitations/${invitation.tenant.slug}/${invitation.token}`;
  await getMailer().send({
    to: invitation.email,
    subject: `You have been invited to ${invitation.tenant.name} on Traded`,
    text: [
      `${invitation.invitedBy.name} has invited you to join ${invitation.tenant.name} on Traded as ${providerRoleNames[invitation.role].toLowerCase()}.`,
      '',
      `Accept the invitation: ${link}`,
      '',
      `The link works once and expires in ${INVITATION_DAYS} days.`,
    ].join('\n'),
    ...onBehalfOf(invitation.tenant.name, invitation.invitedBy.email),
  });
}

/** Invites a person by email; the link goes out by mail after the invitation is saved. */
export async function inviteMember(ctx: TenantContext, input: { email: string; role: ProviderRole }, baseUrl: string) {
  const { token, tokenHash, expiresAt } = newInvitationToken();
  const email = input.email.trim().toLowerCase();
  await withTenant(ctx, async (tx) => {
    const existing = await findUserByEmail(tx, email);
    if (existing && (await findTenantMembership(tx, ctx.tenantId, existing.id)))
      throw new DomainError('invite.already_member', `${email} is already a user of ${ctx.tenant.name}`, 'email', 409);
    const { id } = await insertInvitation(tx, {
      tenantId: ctx.tenantId,
      email,
      role: input.role,
      tokenHash,
      invitedBy: ctx.userId,
      expiresAt,
    });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'member.invited',
      subjectType: 'invitation',
      subjectId: id,
      detail: { email, role: input.role },
    });
  });
  await sendInvitationMail({
    email,
    token,
    role: input.role,
    tenant: ctx.tenant,
    invitedBy: { name: ctx.session.name, email: ctx.session.email },
    baseUrl,
  });
  return { email, expiresAt };
}
