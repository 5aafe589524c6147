import { assert, beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../db/queries/audit';
import { listTenantUsers } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import { asUser, get, twoTenants, type TestTenant } from '../../test/setup/fixtures';
import { readMails } from '../../test/setup/mail';
import { requireTenantMember, type TenantContext } from '../auth/guards.server';
import { validateSessionToken } from '../auth/session.server';
import { acceptInvitation } from './accept-invitation.server';
import { changeMemberRole } from './change-member-role.server';
import { inviteMember } from './invite-member.server';
import { removeMember } from './remove-member.server';

let alpha: TestTenant;
let ctx: TenantContext;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  ctx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'users.manage');
});

async function latestInvitationToken(email: string): Promise<string> {
  const mails = (await readMails()).filter((m) => m.to === email);
  return /invitations\/alpha\/([a-z0-9]+)/.exec(mails.at(-1)!.text)![1]!;
}

describe('inviting and managing members', () => {
  it('invites by email, the invitee joins with a password and is signed in, and it is audited', async () => {
    await inviteMember(ctx, { email: 'New.Person@alpha.example', role: 'practitioner' }, 'http://localhost');
    const token = await latestInvitationToken('new.person@alpha.example');
    await expect(acceptInvitation('alpha', token, { name: 'New Person', password: 'password' })).rejects.toThrow(
      /too common/,
    );
    const outcome = await acceptInvitation('alpha', token, {
      name: 'New Person',
      password: 'a-long-enough-passphrase',
    });
    assert(outcome.kind === 'signed-in');
    const { token: sessionToken, home } = outcome;
    expect(home).toBe('/t/alpha');
    expect((await validateSessionToken(sessionToken))?.email).toBe('new.person@alpha.example');
    await expect(
      acceptInvitation('alpha', token, { name: 'Again', password: 'a-long-enough-passphrase' }),
    ).rejects.toThrow(/expired or has already been used/);
    const users = await withTenant(ctx, (tx) => listTenantUsers(tx, alpha.id));
    expect(users.find((u) => u.email === 'new.person@alpha.example')?.role).toBe('practitioner');
    const events = await withTenant(ctx, (tx) => listAuditEvents(tx, alpha.id));
    expect(events.map((e) => e.action)).toEqual(['member.joined', 'member.invited']);
  });

  it('refuses to invite someone who is already a member', async () => {
    await expect(inviteMember(ctx, { email: 'finance@alpha.example', role: 'admin' }, 'http://x')).rejects.toThrow(
      /already a user/,
    );
  });

  it('changes a role and removes a member, but never the last admin', async () => {
    await changeMemberRole(ctx, alpha.financeId, 'service_manager');
    await expect(changeMemberRole(ctx, alpha.adminId, 'finance')).rejects.toThrow(/only tenant admin/);
    await expect(removeMember(ctx, alpha.adminId)).rejects.toThrow(/only tenant admin/);
    await removeMember(ctx, alpha.financeId);
    const users = await withTenant(ctx, (tx) => listTenantUsers(tx, alpha.id));
    expect(users.map((u) => u.role)).toEqual(['admin']);
    const events = await withTenant(ctx, (tx) => listAuditEvents(tx, alpha.id));
    expect(events.map((e) => e.action)).toEqual(['member.removed', 'member.role_changed']);
  });
});
