import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../app/auth/guards.server';
import { finaliseDocument, finaliseInScope } from '../app/billing/finalise-document.server';
import { isDomainError } from '../app/errors';
import { insertDraftDocument, type DraftLine } from '../db/queries/billing-documents';
import type { DocumentKind } from '../db/schema';
import { withTenant } from '../db/scope.server';
import { asUser, get, ownerDb, twoTenants, useToday, type TestTenant } from './setup/fixtures';

useToday('2026-03-02');

let alpha: TestTenant;
let beta: TestTenant;
let alphaCtx: TenantContext;
let betaCtx: TenantContext;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaCtx = await requireTenantMember(
    get('/t/alpha', await asUser(alpha.financeId, `tenant:${alpha.id}`)),
    'alpha',
    'finance.manage',
  );
  betaCtx = await requireTenantMember(
    get('/t/beta', await asUser(beta.financeId, `tenant:${beta.id}`)),
    'beta',
    'finance.manage',
  );
});

const line: DraftLine = {
  chargeKind: 'manual',
  orderLineId: null,
  chargeKey: null,
  deliveryId: null,
  description: 'Advice',
  periodStart: null,
  periodEnd: null,
  quantityHundredths: 100,
  unitPricePence: 1000,
  netPence: 1000,
  vatCode: 'S',
  vatRateBasisPoints: 2000,
  vatPence: 200,
  poNumber: null,
  costCentre: null,
  subjectiveCode: null,
  reason: 'Test',
};

async function drafts(t: TestTenant, count: number, kind: DocumentKind = 'invoice'): Promise<string[]> {
  return withTenant({ tenantId: t.id }, async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++)
      ids.push(
        await insertDraftDocument(tx, t.id, {
          kind,
          runId: null,
          organisationId: t.schoolOrganisationId,
          poNumber: null,
          createdBy: null,
          lines: [line],
        }),
      );
    return ids;
  });
}

const series = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(6, '0')}`);

describe('document numbers', () => {
  // On PostgreSQL these run at once on separate connections and wait on the series' counter row;
  // PGlite has one connection and runs them one after another. Either way: no gap, no repeat.
  it('100 finalisations at once take 100 consecutive numbers, none twice, none skipped', async () => {
    const ids = await drafts(alpha, 100);
    const done = await Promise.all(ids.map((id) => finaliseDocument(alphaCtx, id)));
    const numbers = done.map((d) => d.number).sort();
    expect(numbers).toEqual(series('TST-INV', 1, 100));
    const stored = await (
      await ownerDb()
    )
      .selectFrom('billing_documents')
      .select(['id', 'number'])
      .where('tenant_id', '=', alpha.id)
      .execute();
    expect(new Set(stored.map((s) => s.number)).size).toBe(100);
    expect(Object.fromEntries(stored.map((s) => [s.id, s.number]))).toEqual(
      Object.fromEntries(done.map((d) => [d.documentId, d.number])),
    );
  }, 120_000);

  it('the same draft finalised five times at once is finalised once, with one number', async () => {
    const [id, next] = await drafts(alpha, 2);
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => finaliseDocument(alphaCtx, id!)));
    const done = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(isDomainError(r) && r.status === 409).toBe(true);
    expect((await finaliseDocument(alphaCtx, next!)).number).toBe('TST-INV000002');
  });

  it('a finalisation that rolls back gives its number back', async () => {
    const [first, second] = await drafts(alpha, 2);
    const rolledBack = new Error('something later in the transaction failed');
    let taken = '';
    await expect(
      withTenant(alphaCtx, async (tx) => {
        taken = (await finaliseInScope(tx, alphaCtx, first!)).number;
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(taken).toBe('TST-INV000001');
    const row = await (
      await ownerDb()
    )
      .selectFrom('billing_documents')
      .select(['status', 'number'])
      .where('id', '=', first!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', number: null });
    expect((await finaliseDocument(alphaCtx, second!)).number).toBe('TST-INV000001');
    expect((await finaliseDocument(alphaCtx, first!)).number).toBe('TST-INV000002');
  });

  it('each kind has its own series, and each provider its own', async () => {
    const [invoice] = await drafts(alpha, 1, 'invoice');
    const [recharge] = await drafts(alpha, 1, 'recharge');
    const [betaInvoice] = await drafts(beta, 1, 'invoice');
    expect((await finaliseDocument(alphaCtx, recharge!)).number).toBe('TST-RCH000001');
    expect((await finaliseDocument(alphaCtx, invoice!)).number).toBe('TST-INV000001');
    expect((await finaliseDocument(betaCtx, betaInvoice!)).number).toBe('TST-INV000001');
  });

  it("numbers are taken only for the provider in scope: another tenant's series is refused", async () => {
    await expect(
      withTenant({ tenantId: beta.id }, (tx) =>
        sql`select next_document_number(${alpha.id}::uuid, 'invoice')`.execute(tx),
      ),
    ).rejects.toThrow(/only for the provider in scope/);
  });
});
