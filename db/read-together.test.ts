import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { twoTenants, type TestTenant } from '../test/setup/fixtures';
import { readTogether, withTenant, type Scoped } from './scope.server';

// A page's reads share one read-only transaction (readTogether) instead of one each.

let alpha: TestTenant;
let beta: TestTenant;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
});

const probe = (tx: Scoped) =>
  sql<{ probe: string | null }>`select nullif(current_setting('app.probe', true), '') as probe`
    .execute(tx)
    .then((r) => r.rows[0]!.probe);

describe('reads together', () => {
  it('run every use case of the same scope in one transaction, as the runtime role of that tenant', async () => {
    const ctx = { tenantId: alpha.id, userId: alpha.adminId };
    const seen = await readTogether(ctx, async () => {
      await withTenant(ctx, (tx) => sql`select set_config('app.probe', 'first', true)`.execute(tx));
      return withTenant(ctx, async (tx) => ({
        probe: await probe(tx),
        tenants: [
          ...new Set((await tx.selectFrom('customer_accounts').select('tenant_id').execute()).map((a) => a.tenant_id)),
        ],
        role: (await sql<{ role: string }>`select current_user as role`.execute(tx)).rows[0]!.role,
      }));
    });
    expect(seen).toEqual({ probe: 'first', tenants: [alpha.id], role: 'traded_app' });
  });

  it('refuse a change: the transaction is read only', async () => {
    const ctx = { tenantId: alpha.id, userId: alpha.adminId };
    await expect(
      readTogether(ctx, () =>
        withTenant(ctx, (tx) =>
          tx.updateTable('tenants').set({ name: 'Changed' }).where('id', '=', alpha.id).execute(),
        ),
      ),
    ).rejects.toThrow(/read-only transaction/);
    expect(
      await withTenant(ctx, (tx) => tx.selectFrom('tenants').select('name').executeTakeFirstOrThrow()),
    ).not.toEqual({ name: 'Changed' });
  });

  it('refuse another scope inside, rather than reading it as the first or waiting for ever', async () => {
    await expect(
      readTogether({ tenantId: alpha.id, userId: alpha.adminId }, () =>
        withTenant({ tenantId: beta.id, userId: beta.adminId }, (tx) =>
          tx.selectFrom('tenants').select('slug').execute(),
        ),
      ),
    ).rejects.toThrow(/another scope/);
  });

  it('are over once the work is done: a use case asked later opens its own transaction', async () => {
    const ctx = { tenantId: alpha.id, userId: alpha.adminId };
    let later: () => Promise<string | null> = async () => 'not asked';
    await readTogether(ctx, async () => {
      await withTenant(ctx, (tx) => sql`select set_config('app.probe', 'inside', true)`.execute(tx));
      later = () => withTenant(ctx, probe);
    });
    expect(await later()).toBeNull();
    // And it may change things again.
    await withTenant(ctx, (tx) => tx.updateTable('tenants').set({ contact_email: 'x@alpha.example' }).execute());
  });

  it('plan each statement for any values when the page asks, in its transaction alone', async () => {
    const ctx = { tenantId: alpha.id, userId: alpha.adminId };
    const mode = (tx: Scoped) =>
      sql<{ mode: string }>`select current_setting('plan_cache_mode') as mode`.execute(tx).then((r) => r.rows[0]!.mode);
    const asked = await readTogether(ctx, () => withTenant(ctx, mode), { genericPlans: true });
    const unasked = await readTogether(ctx, () => withTenant(ctx, mode));
    // The setting was the transaction's own: later transactions plan as before.
    const after = await withTenant(ctx, mode);
    expect({ asked, unasked, after }).toEqual({ asked: 'force_generic_plan', unasked: 'auto', after: 'auto' });
  });
});
