import { beforeEach, describe, expect, it } from 'vitest';
import * as member from '../../app/routes/t.$tenant.users.$userId';
import { asUser, get, ownerDb, post, respond, twoTenants, type Browser, type TestTenant } from '../setup/fixtures';

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
