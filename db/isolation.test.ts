import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { ownerDb, twoTenants, type TestTenant } from '../test/setup/fixtures';
import { checkRuntimeRole } from './runtime-role-check.server';
import { runScoped, RUNTIME_ROLE } from './scope.server';

let alpha: TestTenant;
let beta: TestTenant;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
});

const tenantTables = ['tenant_memberships', 'customer_accounts', 'invitations', 'audit_events'] as const;

describe('row-level security', () => {
  it('shows no tenant rows when no tenant is set', async () => {
    const db = await ownerDb();
    for (const table of tenantTables) {
      const rows = await runScoped(db, {}, (tx) => sql`select * from ${sql.table(table)}`.execute(tx));
      expect(rows.rows, table).toHaveLength(0);
    }
  });

  it("shows a tenant only its own rows, even when asked for another's", async () => {
    const db = await ownerDb();
    const accounts = await runScoped(db, { tenantId: alpha.id }, (tx) =>
      tx.selectFrom('customer_accounts').select(['tenant_id']).execute(),
    );
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.every((a) => a.tenant_id === alpha.id)).toBe(true);
    const betaRows = await runScoped(db, { tenantId: alpha.id }, (tx) =>
      tx.selectFrom('tenant_memberships').selectAll().where('tenant_id', '=', beta.id).execute(),
    );
    expect(betaRows).toHaveLength(0);
  });

  it('refuses to insert a row for another tenant', async () => {
    const db = await ownerDb();
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) =>
        tx
          .insertInto('customer_accounts')
          .values({
            tenant_id: beta.id,
            organisation_id: alpha.schoolOrganisationId,
            customer_class: 'academy',
            settlement_method: 'invoice',
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot move a row into another tenant or touch another tenant's rows", async () => {
    const db = await ownerDb();
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) =>
        tx.updateTable('customer_accounts').set({ tenant_id: beta.id }).where('tenant_id', '=', alpha.id).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const deleted = await runScoped(db, { tenantId: alpha.id }, (tx) =>
      tx.deleteFrom('tenant_memberships').where('tenant_id', '=', beta.id).executeTakeFirst(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
  });

  it('lets a buyer see only its own customer accounts across providers', async () => {
    const db = await ownerDb();
    const rows = await runScoped(db, { organisationId: alpha.schoolOrganisationId, userId: alpha.buyerId }, (tx) =>
      tx.selectFrom('customer_accounts').select(['tenant_id', 'organisation_id']).execute(),
    );
    expect(rows).toEqual([{ tenant_id: alpha.id, organisation_id: alpha.schoolOrganisationId }]);
  });

  it("lets a person list their own memberships in other tenants, and nobody else's", async () => {
    const db = await ownerDb();
    const rows = await runScoped(db, { userId: alpha.adminId }, (tx) =>
      tx.selectFrom('tenant_memberships').select(['tenant_id', 'user_id']).execute(),
    );
    expect(rows).toEqual([{ tenant_id: alpha.id, user_id: alpha.adminId }]);
  });

  it('runs as a runtime role that is not superuser, not BYPASSRLS and owns nothing', async () => {
    const db = await ownerDb();
    expect(await checkRuntimeRole(db)).toEqual({ problems: [] });
    const who = await runScoped(db, {}, (tx) => sql<{ u: string }>`select current_user as u`.execute(tx));
    expect(who.rows[0]?.u).toBe(RUNTIME_ROLE);
    const flags = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
      select rolsuper, rolbypassrls from pg_roles where rolname = ${RUNTIME_ROLE}`.execute(db);
    expect(flags.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('is reported as unsafe when a tenant table loses FORCE ROW LEVEL SECURITY', async () => {
    const db = await ownerDb();
    await db
      .transaction()
      .execute(async (tx) => {
        await sql`alter table invitations no force row level security`.execute(tx);
        const report = await checkRuntimeRole(tx);
        expect(report.problems.join(' ')).toMatch(/invitations/);
        await sql`rollback`.execute(tx).catch(() => {});
        throw new Error('rolled back');
      })
      .catch((e: Error) => expect(e.message).toMatch(/rolled back|transaction/));
    expect(await checkRuntimeRole(db)).toEqual({ problems: [] });
  });
});

describe('audit log', () => {
  it('is append-only: no update or delete, even by the owner', async () => {
    const db = await ownerDb();
    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      tx
        .insertInto('audit_events')
        .values({ tenant_id: alpha.id, action: 'test', subject_type: 'x', subject_id: '1', detail: '{}' })
        .execute(),
    );
    await expect(sql`update audit_events set action = 'changed'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(db)).rejects.toThrow(/append-only/);
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) => sql`delete from audit_events`.execute(tx)),
    ).rejects.toThrow(/permission denied|append-only/);
  });
});

describe('school performance data', () => {
  it('is national reference data: the runtime role reads KS2 results and inspections, never writes them, and never sees the import record', async () => {
    const db = await ownerDb();
    await sql`insert into ks2_results (urn, academic_year, source, ptrwm_exp) values (900001, 2025, 'year_file', 70)`.execute(
      db,
    );
    await sql`insert into ofsted_inspections (urn, inspection_date, overall_effectiveness) values (900001, '2024-01-10', 'good')`.execute(
      db,
    );
    for (const scope of [
      {},
      { tenantId: alpha.id },
      { organisationId: alpha.schoolOrganisationId, userId: alpha.buyerId },
    ]) {
      const seen = await runScoped(db, scope, (tx) =>
        sql<{ n: number }>`select count(*)::int as n from ks2_results`.execute(tx),
      );
      expect(seen.rows[0]!.n).toBe(1);
      for (const write of [
        sql`update ks2_results set ptrwm_exp = 10`,
        sql`delete from ofsted_inspections`,
        sql`insert into ks2_results (urn, academic_year, source) values (900002, 2025, 'year_file')`,
        sql`select * from performance_imports`,
      ])
        await expect(runScoped(db, scope, (tx) => write.execute(tx))).rejects.toThrow(/permission denied/);
    }
  });

  it("keeps each tenant's thresholds to itself", async () => {
    const db = await ownerDb();
    for (const t of [alpha, beta])
      await runScoped(db, { tenantId: t.id }, (tx) =>
        tx
          .insertInto('improvement_thresholds')
          .values({ tenant_id: t.id, ptrwm_exp_floor: 60, progress_limit: -4 })
          .execute(),
      );
    const seen = await runScoped(db, { tenantId: alpha.id }, (tx) =>
      tx.selectFrom('improvement_thresholds').select('tenant_id').execute(),
    );
    expect(seen).toEqual([{ tenant_id: alpha.id }]);
    expect(await runScoped(db, {}, (tx) => tx.selectFrom('improvement_thresholds').selectAll().execute())).toEqual([]);
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) =>
        tx
          .insertInto('improvement_thresholds')
          .values({ tenant_id: beta.id, ptrwm_exp_floor: 1, progress_limit: 0 })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security|duplicate key/);
    const changed = await runScoped(db, { tenantId: alpha.id }, (tx) =>
      tx
        .updateTable('improvement_thresholds')
        .set({ ptrwm_exp_floor: 1 })
        .where('tenant_id', '=', beta.id)
        .executeTakeFirst(),
    );
    expect(Number(changed.numUpdatedRows)).toBe(0);
  });

  it("keeps each tenant's categories of support and placements to itself", async () => {
    const db = await ownerDb();
    const categories: Record<string, string> = {};
    for (const t of [alpha, beta])
      categories[t.id] = (
        await runScoped(db, { tenantId: t.id }, (tx) =>
          tx
            .insertInto('support_categories')
            .values({ tenant_id: t.id, level: 'targeted', position: 2, name: 'Targeted', funded_days: 5 })
            .returning('id')
            .executeTakeFirstOrThrow(),
        )
      ).id;
    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      tx
        .insertInto('support_placements')
        .values({
          tenant_id: alpha.id,
          urn: 900001,
          academic_year: 2027,
          category_id: categories[alpha.id]!,
          reason: 'Below the floor',
          decided_by: alpha.adminId,
        })
        .execute(),
    );
    for (const table of ['support_categories', 'support_placements'] as const) {
      const seen = await runScoped(db, { tenantId: beta.id }, (tx) =>
        sql<{ tenant_id: string }>`select tenant_id from ${sql.table(table)}`.execute(tx),
      );
      expect(
        seen.rows.every((r) => r.tenant_id === beta.id),
        table,
      ).toBe(true);
      expect((await runScoped(db, {}, (tx) => sql`select * from ${sql.table(table)}`.execute(tx))).rows, table).toEqual(
        [],
      );
    }
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) =>
        tx
          .insertInto('support_placements')
          .values({
            tenant_id: beta.id,
            urn: 900001,
            academic_year: 2027,
            category_id: categories[beta.id]!,
            reason: 'x',
            decided_by: alpha.adminId,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const renamed = await runScoped(db, { tenantId: alpha.id }, (tx) =>
      tx.updateTable('support_categories').set({ name: 'Mine' }).where('tenant_id', '=', beta.id).executeTakeFirst(),
    );
    expect(Number(renamed.numUpdatedRows)).toBe(0);
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) => sql`update support_placements set reason = 'edited'`.execute(tx)),
    ).rejects.toThrow(/permission denied|append-only/);
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) => sql`delete from support_placements`.execute(tx)),
    ).rejects.toThrow(/permission denied|append-only/);
  });
});
