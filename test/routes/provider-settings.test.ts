import { beforeEach, describe, expect, it } from 'vitest';
import * as settings from '../../app/routes/t.$tenant.settings';
import { updateProviderSettings } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import { asUser, get, ownerDb, post, respond, twoTenants, type TestTenant } from '../setup/fixtures';

let alpha: TestTenant;
let beta: TestTenant;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
});

const args = (request: Request, tenant: string) => ({ request, params: { tenant }, context: {} });

describe("a provider's settings", () => {
  it('the admin sets how long schools have to answer a delivery record, and it is audited', async () => {
    const admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const saved = await respond(() =>
      settings.action(
        args(
          post(
            '/t/alpha/settings',
            { autoConfirmDays: '15', paymentTermsDays: '28', contactEmail: 'orders@alpha.example' },
            admin,
          ),
          'alpha',
        ),
      ),
    );
    expect(saved.status).toBe(302);
    const row = await (
      await ownerDb()
    )
      .selectFrom('tenants')
      .select(['auto_confirm_days', 'payment_terms_days', 'contact_email'])
      .where('id', '=', alpha.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ auto_confirm_days: 15, payment_terms_days: 28, contact_email: 'orders@alpha.example' });
  });

  it('refuses nonsense with a message for each field, and saves nothing', async () => {
    const admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const bad = await respond(() =>
      settings.action(
        args(post('', { autoConfirmDays: '0', paymentTermsDays: 'soon', contactEmail: 'nope' }, admin), 'alpha'),
      ),
    );
    expect(bad.status).toBe(400);
    expect((bad.value as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      'autoConfirmDays',
      'paymentTermsDays',
      'contactEmail',
    ]);
    const row = await (
      await ownerDb()
    )
      .selectFrom('tenants')
      .select('auto_confirm_days')
      .where('id', '=', alpha.id)
      .executeTakeFirstOrThrow();
    expect(row.auto_confirm_days).toBe(10);
  });

  it("another tenant's admin gets 404, a finance officer 403, and the database refuses to update another tenant's row", async () => {
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    expect((await respond(() => settings.loader(args(get('', betaAdmin), 'alpha')))).status).toBe(404);
    expect(
      (
        await respond(() =>
          settings.action(
            args(
              post('', { autoConfirmDays: '1', paymentTermsDays: '1', contactEmail: 'x@y.example' }, betaAdmin),
              'alpha',
            ),
          ),
        )
      ).status,
    ).toBe(404);
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    expect((await respond(() => settings.loader(args(get('', finance), 'alpha')))).status).toBe(403);
    const updated = await withTenant({ tenantId: beta.id }, (tx) =>
      updateProviderSettings(tx, alpha.id, { autoConfirmDays: 1, paymentTermsDays: 1, contactEmail: 'x@y.example' }),
    );
    expect(updated).toBe(false);
  });
});
