import { assert, beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../db/queries/audit';
import { insertInvitation, listCouncilBuyingSide } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import { requireBuyer, requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { describeAuditEvent } from '../../app/audit/audit-words';
import { hashToken } from '../../app/auth/tokens.server';
import * as users from '../../app/routes/t.$tenant.users._index';
import { acceptInvitation } from '../../app/tenancy/accept-invitation.server';
import { readMails } from '../setup/mail';
import { asUser, get, ownerDb, post, respond, twoTenants, type Browser, type TestTenant } from '../setup/fixtures';
import { joinBuyingSide } from '../../db/queries/tenancy';

let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: Browser;
let alphaCouncilId: string;
let betaCouncilId: string;

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

async function councilOf(tenantId: string) {
  const db = await ownerDb();
  return (await db.selectFrom('tenants').select('organisation_id').where('id', '=', tenantId).executeTakeFirstOrThrow())
    .organisation_id;
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  alphaCouncilId = await councilOf(alpha.id);
  betaCouncilId = await councilOf(beta.id);
});

async function latestInvitationToken(email: string): Promise<string> {
  const mails = (await readMails()).filter((m) => m.to === email);
  return /invitations\/alpha\/([a-z0-9]+)/.exec(mails.at(-1)!.text)![1]!;
}

async function adminCtx(): Promise<TenantContext> {
  return requireTenantMember(get('/t/alpha', alphaAdmin), 'alpha', 'users.manage');
}

function invitationFor(ctx: TenantContext, organisationId: string) {
  return withTenant(ctx, (tx) =>
    insertInvitation(tx, {
      tenantId: ctx.tenantId,
      email: 'someone@alpha.example',
      buyerOrganisationId: organisationId,
      buyerRole: 'council_commissioner',
      tokenHash: hashToken(`t-${Math.random()}`),
      invitedBy: ctx.userId,
      expiresAt: new Date(Date.now() + 60_000),
    }),
  );
}

describe("inviting people to the council's own buying side", () => {
  it('the admin invites a commissioner, who joins, lands on the buying side and commissions for the council', async () => {
    const sent = await respond(() =>
      users.action(
        args(
          post(
            '/t/alpha/users',
            { intent: 'buying', buyerEmail: 'Grace@Alpha.example', buyerRole: 'council_commissioner' },
            alphaAdmin,
          ),
          { tenant: 'alpha' },
        ),
      ),
    );
    expect(sent.status).toBe(302);
    expect(sent.response?.headers.get('location')).toBe('/t/alpha/users?invited=grace%40alpha.example');

    const listed = await respond(() => users.loader(args(get('/t/alpha/users', alphaAdmin), { tenant: 'alpha' })));
    const waiting = (listed.value as Awaited<ReturnType<typeof users.loader>>).invitations;
    expect(waiting.map((i) => [i.email, i.role, i.buyer_role])).toEqual([
      ['grace@alpha.example', null, 'council_commissioner'],
    ]);

    const outcome = await acceptInvitation('alpha', await latestInvitationToken('grace@alpha.example'), {
      name: 'Grace Obi',
      password: 'a-long-enough-passphrase',
    });
    assert(outcome.kind === 'signed-in');
    expect(outcome.home).toBe('/buy');
    const browser = { cookie: `traded_session=${outcome.token}`, csrf: '' };
    const buyer = await requireBuyer(get('/buy', browser), 'buy.commission');
    expect([buyer.organisationId, buyer.role]).toEqual([alphaCouncilId, 'council_commissioner']);
    // A place on the buying side, not on the provider side.
    const provider = await respond(() => users.loader(args(get('/t/alpha/users', browser), { tenant: 'alpha' })));
    expect(provider.status).toBe(404);

    const ctx = await adminCtx();
    expect((await withTenant(ctx, (tx) => listCouncilBuyingSide(tx))).map((p) => [p.email, p.role])).toEqual([
      ['grace@alpha.example', 'council_commissioner'],
    ]);
    const events = await withTenant(ctx, (tx) => listAuditEvents(tx, alpha.id));
    const words = events.map((e) =>
      describeAuditEvent({
        action: e.action,
        subjectType: e.subject_type,
        subjectLabel: null,
        detail: e.detail as Record<string, unknown>,
      }),
    );
    expect(words).toEqual([
      'joined as council commissioner for the council',
      'invited grace@alpha.example as council commissioner for the council',
    ]);
  });

  it('asks for an email address and a role, in an error summary', async () => {
    const refused = await respond(() =>
      users.action(args(post('/t/alpha/users', { intent: 'buying', buyerEmail: '' }, alphaAdmin), { tenant: 'alpha' })),
    );
    expect(refused.status).toBe(400);
    expect((refused.value as { errors: Array<{ field: string; message: string }> }).errors).toEqual([
      { field: 'buyerEmail', message: 'Enter an email address' },
      { field: 'buyerRole', message: 'Select what they will do for the council' },
    ]);
  });

  it("the database refuses an invitation to another council's buying organisation", async () => {
    const ctx = await adminCtx();
    await expect(invitationFor(ctx, betaCouncilId)).rejects.toThrow(/invitations_own_buying_side|foreign key/);
    await expect(invitationFor(ctx, alpha.schoolOrganisationId)).rejects.toThrow();
    await invitationFor(ctx, alphaCouncilId);
  });

  it('the database refuses a buying-side invitation from anyone but a tenant admin', async () => {
    const finance = { ...(await adminCtx()), userId: alpha.financeId };
    await expect(invitationFor(finance, alphaCouncilId)).rejects.toThrow(/row-level security|policy/);
  });

  it('only the invitee joins, and only through their own accepted invitation', async () => {
    const ctx = await adminCtx();
    const { id } = await invitationFor(ctx, alphaCouncilId);
    const db = await ownerDb();
    // Not yet accepted: nobody joins through it.
    await expect(withTenant({ tenantId: alpha.id }, (tx) => joinBuyingSide(tx, id, alpha.financeId))).rejects.toThrow(
      /not this person/,
    );
    await db.updateTable('invitations').set({ accepted_at: new Date() }).where('id', '=', id).execute();
    // Accepted, but by someone else's account.
    await expect(withTenant({ tenantId: alpha.id }, (tx) => joinBuyingSide(tx, id, alpha.financeId))).rejects.toThrow(
      /not this person/,
    );
    // From another tenant's scope, the invitation is not there.
    await expect(withTenant({ tenantId: beta.id }, (tx) => joinBuyingSide(tx, id, alpha.financeId))).rejects.toThrow(
      /not this person/,
    );
  });

  it("another tenant's admin cannot invite to this council's buying side, nor list it", async () => {
    const refused = await respond(() =>
      users.action(
        args(
          post('/t/beta/users', { intent: 'buying', buyerEmail: 'x@beta.example', buyerRole: 'approver' }, alphaAdmin),
          {
            tenant: 'beta',
          },
        ),
      ),
    );
    expect(refused.status).toBe(404);
    const finance = { ...(await adminCtx()), userId: alpha.financeId };
    expect(await withTenant(finance, (tx) => listCouncilBuyingSide(tx))).toEqual([]);
  });
});

describe('a locked invitation says until when', () => {
  it('after too many wrong passwords, the password field says when to try again and what to do', async () => {
    await respond(() =>
      users.action(
        args(
          post(
            '/t/alpha/users',
            { intent: 'buying', buyerEmail: 'finance@alpha.example', buyerRole: 'approver' },
            alphaAdmin,
          ),
          { tenant: 'alpha' },
        ),
      ),
    );
    const token = await latestInvitationToken('finance@alpha.example');
    const attempt = () => acceptInvitation('alpha', token, { password: 'not-the-password', address: '198.51.100.40' });
    for (let i = 0; i < 5; i++) await expect(attempt()).rejects.toThrow(/Enter the password you already use/);
    const locked = await attempt().catch((error: unknown) => error);
    expect(locked).toMatchObject({ code: 'sign_in.locked', field: 'password', status: 429 });
    expect((locked as Error).message).toMatch(
      /^Too many failed attempts to sign in\. You can try again (at|on [0-9]{1,2} [A-Z][a-z]+ [0-9]{4} at) ([0-9:]+(am|pm)|midday|midnight)\. If you have forgotten your password, ask whoever manages Traded users in your organisation to help$/,
    );
  });
});
