import { beforeEach, describe, expect, it } from 'vitest';
import * as audit from '../../app/routes/t.$tenant.audit';
import * as home from '../../app/routes/t.$tenant._index';
import * as users from '../../app/routes/t.$tenant.users._index';
import * as member from '../../app/routes/t.$tenant.users.$userId';
import * as invitation from '../../app/routes/invitations.$tenant.$token';
import * as buy from '../../app/routes/buy.services._index';
import { inviteMember } from '../../app/tenancy/invite-member.server';
import { requireTenantMember } from '../../app/auth/guards.server';
import { readMails } from '../setup/mail';
import { asUser, get, post, respond, twoTenants, type Browser, type TestTenant } from '../setup/fixtures';

let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: Browser;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
});

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

describe('every route that takes an id answers 404 to another tenant', () => {
  it('provider home', async () => {
    expect((await respond(() => home.loader(args(get('/t/alpha', alphaAdmin), { tenant: 'alpha' })))).status).toBe(200);
    expect((await respond(() => home.loader(args(get('/t/beta', alphaAdmin), { tenant: 'beta' })))).status).toBe(404);
    expect((await respond(() => home.loader(args(get('/t/nowhere', alphaAdmin), { tenant: 'nowhere' })))).status).toBe(
      404,
    );
  });

  it('users list and invite', async () => {
    expect((await respond(() => users.loader(args(get('/t/beta/users', alphaAdmin), { tenant: 'beta' })))).status).toBe(
      404,
    );
    const invite = await respond(() =>
      users.action(
        args(post('/t/beta/users', { email: 'x@beta.example', role: 'finance' }, alphaAdmin), { tenant: 'beta' }),
      ),
    );
    expect(invite.status).toBe(404);
  });

  it("a user's page, by another tenant's slug or another tenant's user id", async () => {
    const own = await respond(() =>
      member.loader(args(get('', alphaAdmin), { tenant: 'alpha', userId: alpha.financeId })),
    );
    expect(own.status).toBe(200);
    expect(
      (await respond(() => member.loader(args(get('', alphaAdmin), { tenant: 'alpha', userId: beta.financeId }))))
        .status,
    ).toBe(404);
    expect(
      (await respond(() => member.loader(args(get('', alphaAdmin), { tenant: 'beta', userId: beta.financeId }))))
        .status,
    ).toBe(404);
    expect(
      (await respond(() => member.loader(args(get('', alphaAdmin), { tenant: 'alpha', userId: 'not-a-uuid' })))).status,
    ).toBe(404);
    const change = await respond(() =>
      member.action(
        args(post('', { intent: 'role', role: 'admin' }, alphaAdmin), { tenant: 'alpha', userId: beta.financeId }),
      ),
    );
    expect(change.status).toBe(404);
    const remove = await respond(() =>
      member.action(args(post('', { intent: 'remove' }, alphaAdmin), { tenant: 'alpha', userId: beta.financeId })),
    );
    expect(remove.status).toBe(404);
  });

  it('audit log', async () => {
    expect((await respond(() => audit.loader(args(get('', alphaAdmin), { tenant: 'alpha' })))).status).toBe(200);
    expect((await respond(() => audit.loader(args(get('', alphaAdmin), { tenant: 'beta' })))).status).toBe(404);
  });

  it("an invitation link under another tenant's slug", async () => {
    const betaAdmin = await asUser(beta.adminId);
    const ctx = await requireTenantMember(get('/t/beta/users', betaAdmin), 'beta', 'users.manage');
    await inviteMember(ctx, { email: 'newcomer@beta.example', role: 'practitioner' }, 'http://localhost');
    const mail = (await readMails()).find((m) => m.to === 'newcomer@beta.example')!;
    const token = /invitations\/beta\/([a-z0-9]+)/.exec(mail.text)![1]!;
    expect((await respond(() => invitation.loader(args(get(''), { tenant: 'beta', token })))).status).toBe(200);
    expect((await respond(() => invitation.loader(args(get(''), { tenant: 'alpha', token })))).status).toBe(404);
  });
});

describe('roles and sign-in', () => {
  it('sends a signed-out person to sign in, and refuses a finance officer the users page', async () => {
    const anonymous = await respond(() => home.loader(args(get('/t/alpha'), { tenant: 'alpha' })));
    expect(anonymous.status).toBe(302);
    expect(anonymous.response?.headers.get('location')).toBe('/sign-in?returnTo=%2Ft%2Falpha');
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    expect((await respond(() => users.loader(args(get('', finance), { tenant: 'alpha' })))).status).toBe(403);
  });

  it('shows a buyer only the providers that sell to it', async () => {
    const bursar = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const result = await respond(() => buy.loader(args(get('/buy', bursar), {})));
    expect(result.status).toBe(200);
    const providers = (result.value as { providers: Array<{ slug: string }> }).providers;
    expect(providers.map((p) => p.slug)).toEqual(['alpha']);
  });
});

describe('CSRF', () => {
  it('refuses a form without the token, or with a forged one, and changes nothing', async () => {
    const missing = await respond(() =>
      member.action(
        args(post('', { intent: 'role', role: 'admin' }, alphaAdmin, { csrf: null }), {
          tenant: 'alpha',
          userId: alpha.financeId,
        }),
      ),
    );
    expect(missing.status).toBe(403);
    const forged = await respond(() =>
      member.action(
        args(post('', { intent: 'role', role: 'admin' }, alphaAdmin, { csrf: 'forgedtoken' }), {
          tenant: 'alpha',
          userId: alpha.financeId,
        }),
      ),
    );
    expect(forged.status).toBe(403);
    const page = await respond(() =>
      member.loader(args(get('', alphaAdmin), { tenant: 'alpha', userId: alpha.financeId })),
    );
    expect((page.value as { member: { role: string } }).member.role).toBe('finance');
  });
});
