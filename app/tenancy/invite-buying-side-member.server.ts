import { insertAuditEvent } from '../../db/queries/audit';
import { insertInvitation } from '../../db/queries/tenancy';
import type { BuyingSideRole } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { buyerRoleNames } from '../auth/permissions';
import { generateToken, hashToken } from '../auth/tokens.server';
import { DomainError } from '../errors';
import { getMailer } from '../mail/mailer.server';
import { onBehalfOf } from '../mail/on-behalf-of';
import { INVITATION_DAYS } from './invite-member.server';

/**
 * Invites a person to the council's own buying side (a commissioner, an approver). The invitation
 * names the council's own organisation: the database refuses any other.
 */
export async function inviteBuyingSideMember(
  ctx: TenantContext,
  input: { email: string; buyerRole: BuyingSideRole },
  baseUrl: string,
) {
  // A teaching school's or trust's own buying is done by its own people on the buying side, not from here.
  if (ctx.tenant.kind !== 'council')
    throw new DomainError(
      'invite.not_council',
      'Only a council invites people to buy for it from here',
      'buyerEmail',
      404,
    );
  const token = generateToken();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000);
  const email = input.email.trim().toLowerCase();
  await withTenant(ctx, async (tx) => {
    const { id } = await insertInvitation(tx, {
      tenantId: ctx.tenantId,
      email,
      buyerOrganisationId: ctx.tenant.organisation_id,
      buyerRole: input.buyerRole,
      tokenHash: hashToken(token),
      invitedBy: ctx.userId,
      expiresAt,
    });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'member.invited',
      subjectType: 'invitation',
      subjectId: id,
      detail: { email, role: input.buyerRole, side: 'buying' },
    });
  });
  const link = `${baseUrl}/invitations/${ctx.tenant.slug}/${token}`;
  await getMailer().send({
    to: email,
    subject: `You have been invited to buy for your council on Traded`,
    text: [
      `${ctx.session.name} has invited you to buy services for the council on Traded as ${buyerRoleNames[input.buyerRole].toLowerCase()}.`,
      '',
      `Accept the invitation: ${link}`,
      '',
      `The link works once and expires in ${INVITATION_DAYS} days.`,
    ].join('\n'),
    ...onBehalfOf(ctx.tenant.name, ctx.session.email),
  });
  return { email, expiresAt };
}
