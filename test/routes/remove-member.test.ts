import { beforeEach, describe, expect, it } from 'vitest';
import * as member from '../../app/routes/t.$tenant.users.$userId';
import * as buyingSide from '../../app/routes/t.$tenant.users.buying-side.$userId';
import {
  addBuyer,
  asUser,
  createUser,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';

let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: Browser;

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
});

describe('removing a member asks first', () => {
  it('"Remove" shows "Are you sure…?" and removes nothing; the confirmation\'s POST removes', async () => {
    const asking = await respond(() =>
      member.loader(
        args(get(`/t/alpha/users/${alpha.financeId}?confirm=remove`, alphaAdmin), {
          tenant: 'alpha',
          userId: alpha.financeId,
        }),
      ),
    );
    expect((asking.value as { confirmingRemoval: boolean }).confirmingRemoval).toBe(true);
    const db = await ownerDb();
    const memberships = () =>
      db.selectFrom('tenant_memberships').select('user_id').where('tenant_id', '=', alpha.id).execute();
    expect(await memberships()).toHaveLength(2);
    const removed = await respond(() =>
      member.action(
        args(post(`/t/alpha/users/${alpha.financeId}?confirm=remove`, { intent: 'remove' }, alphaAdmin), {
          tenant: 'alpha',
          userId: alpha.financeId,
        }),
      ),
    );
    expect(removed.status).toBe(302);
    expect((await memberships()).map((m) => m.user_id)).toEqual([alpha.adminId]);
  });

  it("another tenant's member, asked about by id, is not found", async () => {
    const other = await respond(() =>
      member.loader(
        args(get(`/t/alpha/users/${beta.financeId}?confirm=remove`, alphaAdmin), {
          tenant: 'alpha',
          userId: beta.financeId,
        }),
      ),
    );
    expect(other.status).toBe(404);
  });
});

describe("removing someone from the council's buying side asks first", () => {
  async function councilOf(tenantId: string) {
    const db = await ownerDb();
    return (
      await db.selectFrom('tenants').select('organisation_id').where('id', '=', tenantId).executeTakeFirstOrThrow()
    ).organisation_id;
  }

  it('the question names them; its POST removes them from the council only, audited; other tenants get 404', async () => {
    const commissionerId = await createUser('commissioning@alpha.example', 'Alpha commissioner');
    await addBuyer(await councilOf(alpha.id), commissionerId, 'council_commissioner');
    const betaCommissionerId = await createUser('commissioning@beta.example', 'Beta commissioner');
    await addBuyer(await councilOf(beta.id), betaCommissionerId, 'council_commissioner');
    const page = (tenant: string, userId: string, browser = alphaAdmin) =>
      respond(() =>
        buyingSide.loader(args(get(`/t/${tenant}/users/buying-side/${userId}`, browser), { tenant, userId })),
      );

    const asking = await page('alpha', commissionerId);
    expect(asking.status).toBe(200);
    expect((asking.value as { member: { name: string } }).member.name).toBe('Alpha commissioner');
    expect((await page('alpha', betaCommissionerId)).status).toBe(404);
    expect((await page('beta', betaCommissionerId)).status).toBe(404);
    expect((await page('alpha', alpha.buyerId)).status).toBe(404); // a school's buyer, not the council's
    expect((await page('alpha', 'not-a-uuid')).status).toBe(404);
    const otherTenant = await respond(() =>
      buyingSide.action(
        args(post(`/t/alpha/users/buying-side/${betaCommissionerId}`, {}, alphaAdmin), {
          tenant: 'alpha',
          userId: betaCommissionerId,
        }),
      ),
    );
    expect(otherTenant.status).toBe(404);
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    expect((await page('alpha', commissionerId, finance)).status).toBe(403);

    const removed = await respond(() =>
      buyingSide.action(
        args(post(`/t/alpha/users/buying-side/${commissionerId}`, {}, alphaAdmin), {
          tenant: 'alpha',
          userId: commissionerId,
        }),
      ),
    );
    expect(removed.status).toBe(302);
    const db = await ownerDb();
    const memberships = await db
      .selectFrom('organisation_memberships')
      .select('user_id')
      .where('user_id', 'in', [commissionerId, betaCommissionerId])
      .execute();
    expect(memberships.map((m) => m.user_id)).toEqual([betaCommissionerId]);
    const events = await db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('tenant_id', '=', alpha.id)
      .execute();
    expect(events).toEqual([
      {
        action: 'member.removed',
        detail: { email: 'commissioning@alpha.example', role: 'council_commissioner', side: 'buying' },
      },
    ]);
  });
});
