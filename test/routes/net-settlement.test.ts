import { sql } from 'kysely';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import * as page from '../../app/routes/t.$tenant.finance.settlement';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped, withTenant } from '../../db/scope.server';
import {
  asUser,
  createTenant,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';
import { finalDocument } from '../setup/payments';
import { routeData } from '../setup/route-data';

useToday('2026-06-15');

const remix = routeData();

/** The page as the server renders it for what the loader (and the action, if any) returned. */
function render(loaderData: unknown, search = '', actionData?: unknown) {
  remix.loaderData = loaderData;
  remix.actionData = actionData;
  remix.search = search;
  return renderToStaticMarkup(createElement(page.default));
}

const args = (request: Request, tenant: string) => ({ request, params: { tenant }, context: {} });
const PERIOD = {
  'from-day': '1',
  'from-month': '4',
  'from-year': '2026',
  'to-day': '31',
  'to-month': '3',
  'to-year': '2027',
};
const query = (extra: Record<string, string>) => new URLSearchParams({ ...PERIOD, ...extra }).toString();

let alpha: TestTenant;
let beta: TestTenant;
let alphaBrowser: Browser;
let betaBrowser: Browser;
let alphaCtx: TenantContext;
let betaCtx: TenantContext;
let alphaCouncil: string;
let betaCouncil: string;

async function councilOf(tenantId: string) {
  const t = await (
    await ownerDb()
  )
    .selectFrom('tenants')
    .select('organisation_id')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return t.organisation_id;
}

async function statement(browser: Browser, tenant: string, partner: string, extra: Record<string, string> = {}) {
  const result = await respond(() =>
    page.loader(args(get(`/t/${tenant}/finance/settlement?${query({ partner, ...extra })}`, browser), tenant)),
  );
  return result as { status: number; value: Awaited<ReturnType<typeof page.loader>> & Record<string, unknown> };
}

type Loaded = {
  position: {
    ours: { outstandingPence: number };
    theirs: { outstandingPence: number };
    netPence: number;
    nettablePence: number;
  } | null;
  settlements: Array<{ id: string; amountPence: number; reference: string; paymentId: string }>;
  confirming: boolean;
  errors: Array<{ message: string }>;
  rows: Array<{ side: string; number: string; paidPence: number; outstandingPence: number }>;
};
const loaded = (r: { value: unknown }) => r.value as Loaded;

function settle(browser: Browser, tenant: string, fields: Record<string, string>) {
  return respond(() => page.action(args(post(`/t/${tenant}/finance/settlement`, fields, browser), tenant)));
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaCouncil = await councilOf(alpha.id);
  betaCouncil = await councilOf(beta.id);
  const db = await ownerDb();
  // Each council is a customer of the other, as Southampton and the Isle of Wight are.
  await runScoped(db, { tenantId: alpha.id }, (tx) =>
    ensureCustomerAccounts(tx, alpha.id, [
      { organisationId: betaCouncil, customerClass: 'partner_council', settlementMethod: 'invoice' },
    ]),
  );
  await runScoped(db, { tenantId: beta.id }, (tx) =>
    ensureCustomerAccounts(tx, beta.id, [
      { organisationId: alphaCouncil, customerClass: 'partner_council', settlementMethod: 'invoice' },
    ]),
  );
  alphaBrowser = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  betaBrowser = await asUser(beta.financeId, `tenant:${beta.id}`);
  alphaCtx = await requireTenantMember(get('/t/alpha', alphaBrowser), 'alpha', 'finance.manage');
  betaCtx = await requireTenantMember(get('/t/beta', betaBrowser), 'beta', 'finance.manage');
});

/** Alpha invoices beta £300 and £200; beta invoices alpha £400 (outside the scope of VAT). */
async function invoiceEachOther() {
  const a1 = await finalDocument(alphaCtx, betaCouncil, [{ netPence: 30000, vatCode: 'O' }]);
  const a2 = await finalDocument(alphaCtx, betaCouncil, [{ netPence: 20000, vatCode: 'O' }]);
  const b1 = await finalDocument(betaCtx, alphaCouncil, [{ netPence: 40000, vatCode: 'O' }]);
  return { a1, a2, b1 };
}

describe('net settlement between two councils', () => {
  it('states what each invoiced the other, what is outstanding each way, and the net', async () => {
    const { a1 } = await invoiceEachOther();
    const fromAlpha = await statement(alphaBrowser, 'alpha', 'beta');
    expect(fromAlpha.status).toBe(200);
    const position = loaded(fromAlpha).position!;
    expect(position.ours.outstandingPence).toBe(50000);
    expect(position.theirs.outstandingPence).toBe(40000);
    expect(position.netPence).toBe(10000);
    expect(position.nettablePence).toBe(40000);
    expect(
      loaded(fromAlpha)
        .rows.filter((r) => r.side === 'ours')
        .map((r) => r.number),
    ).toContain(a1.number);

    const fromBeta = loaded(await statement(betaBrowser, 'beta', 'alpha')).position!;
    expect(fromBeta.netPence).toBe(-10000);
    expect(fromBeta.nettablePence).toBe(40000);
  });

  it('asks before netting, then records it on both sides so both ledgers agree and the net is unchanged', async () => {
    const { a1, a2, b1 } = await invoiceEachOther();
    const confirm = await statement(alphaBrowser, 'alpha', 'beta', { confirm: '1' });
    expect(loaded(confirm).confirming).toBe(true);

    const done = await settle(alphaBrowser, 'alpha', {
      partner: 'beta',
      from: '2026-04-01',
      to: '2027-03-31',
      amount: '40000',
    });
    expect(done.status).toBe(302);
    const settledId = new URL(done.response!.headers.get('location')!, 'http://x').searchParams.get('settled');
    expect(settledId).toBeTruthy();

    const alphaAfter = loaded(await statement(alphaBrowser, 'alpha', 'beta'));
    const betaAfter = loaded(await statement(betaBrowser, 'beta', 'alpha'));
    // Each side's outstanding fell by the same £400; the net between them did not move.
    expect(alphaAfter.position!.ours.outstandingPence).toBe(10000);
    expect(alphaAfter.position!.theirs.outstandingPence).toBe(0);
    expect(alphaAfter.position!.netPence).toBe(10000);
    expect(betaAfter.position!.ours.outstandingPence).toBe(0);
    expect(betaAfter.position!.theirs.outstandingPence).toBe(10000);
    expect(betaAfter.position!.netPence).toBe(-10000);

    // Oldest first on each side, as allocations of a payment by netting in each tenant's own ledger.
    const db = await ownerDb();
    const allocations = await db
      .selectFrom('payment_allocations as a')
      .innerJoin('payments as p', (j) => j.onRef('p.tenant_id', '=', 'a.tenant_id').onRef('p.id', '=', 'a.payment_id'))
      .select([
        'a.tenant_id',
        'a.document_id',
        'a.amount_pence',
        'p.method',
        'p.organisation_id',
        'p.amount_pence as paid',
      ])
      .execute();
    expect(
      allocations
        .map((a) => ({ tenant: a.tenant_id, document: a.document_id, pence: Number(a.amount_pence), method: a.method }))
        .sort((x, y) => x.pence - y.pence),
    ).toEqual(
      [
        { tenant: alpha.id, document: a2.id, pence: 10000, method: 'netting' },
        { tenant: alpha.id, document: a1.id, pence: 30000, method: 'netting' },
        { tenant: beta.id, document: b1.id, pence: 40000, method: 'netting' },
      ].sort((x, y) => x.pence - y.pence),
    );
    expect(new Set(allocations.map((a) => Number(a.paid)))).toEqual(new Set([40000]));
    expect(allocations.find((a) => a.tenant_id === alpha.id)!.organisation_id).toBe(betaCouncil);
    expect(allocations.find((a) => a.tenant_id === beta.id)!.organisation_id).toBe(alphaCouncil);

    // Both councils' finance see the same settlement.
    expect(alphaAfter.settlements.map((s) => s.id)).toEqual([settledId]);
    expect(betaAfter.settlements.map((s) => s.id)).toEqual([settledId]);
    expect(betaAfter.settlements[0]!.amountPence).toBe(40000);
    expect(betaAfter.settlements[0]!.reference).toBe(alphaAfter.settlements[0]!.reference);
  });

  it('says so when nothing is left to net, and records nothing', async () => {
    await invoiceEachOther();
    const fields = { partner: 'beta', from: '2026-04-01', to: '2027-03-31', amount: '40000' };
    expect((await settle(alphaBrowser, 'alpha', fields)).status).toBe(302);
    const after = loaded(await statement(alphaBrowser, 'alpha', 'beta'));
    expect(after.position!.nettablePence).toBe(0);
    expect(loaded(await statement(alphaBrowser, 'alpha', 'beta', { confirm: '1' })).confirming).toBe(false);

    const again = await settle(betaBrowser, 'beta', { ...fields, partner: 'alpha' });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.value)).toContain('Nothing is left to net');
    const { n } = await (
      await ownerDb()
    )
      .selectFrom('net_settlements')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(2);
  });

  it('refuses an amount other than what the statement now nets, saving nothing', async () => {
    await invoiceEachOther();
    const changed = await settle(alphaBrowser, 'alpha', {
      partner: 'beta',
      from: '2026-04-01',
      to: '2027-03-31',
      amount: '30000',
    });
    expect(changed.status).toBe(409);
    expect(JSON.stringify(changed.value)).toContain('£400.00 can be netted now');
    const { n } = await (
      await ownerDb()
    )
      .selectFrom('payments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(0);
  });

  it('names what is wrong with a bad form or period instead of failing', async () => {
    await invoiceEachOther();
    const bad = await settle(alphaBrowser, 'alpha', {
      partner: 'beta',
      from: '2026-13-01',
      to: '2027-03-31',
      amount: 'x',
    });
    expect(bad.status).toBe(400);
    const text = JSON.stringify(bad.value);
    expect(text).toContain('The first day must be a real date');
    expect(text).toContain('The amount to net is missing');
    const badPeriod = await statement(alphaBrowser, 'alpha', 'beta', {
      'to-day': '31',
      'to-month': '3',
      'to-year': '2026',
    });
    expect(badPeriod.status).toBe(400);
    expect(JSON.stringify(badPeriod.value)).toContain('The last day must be the same as or after the first day');
  });

  it('keeps a third council out: it cannot see the pair’s statement or settlements, nor net for them', async () => {
    await invoiceEachOther();
    expect(
      (await settle(alphaBrowser, 'alpha', { partner: 'beta', from: '2026-04-01', to: '2027-03-31', amount: '40000' }))
        .status,
    ).toBe(302);
    const gamma = await createTenant('gamma', '850', 900003);
    const gammaBrowser = await asUser(gamma.financeId, `tenant:${gamma.id}`);
    const gammaCtx = await requireTenantMember(get('/t/gamma', gammaBrowser), 'gamma', 'finance.manage');

    expect((await statement(gammaBrowser, 'gamma', 'alpha')).status).toBe(404);
    expect((await statement(gammaBrowser, 'gamma', 'beta')).status).toBe(404);
    const own = loaded(await statement(gammaBrowser, 'gamma', ''));
    expect(own.settlements).toEqual([]);
    expect(
      (await settle(gammaBrowser, 'gamma', { partner: 'alpha', from: '2026-04-01', to: '2027-03-31', amount: '10000' }))
        .status,
    ).toBe(404);
    // Past the page, the database itself refuses: gamma's finance is not finance of either council.
    await expect(
      withTenant(gammaCtx, (tx) =>
        sql`select settle_by_netting(${alpha.id}::uuid, '2026-04-01'::date, '2027-03-31'::date, 10000)`.execute(tx),
      ),
    ).rejects.toThrow(/not a partner/);
    await expect(
      withTenant(gammaCtx, (tx) =>
        sql`select * from net_settlement_statement(${beta.id}::uuid, '2026-04-01'::date, '2027-03-31'::date)`.execute(
          tx,
        ),
      ),
    ).rejects.toThrow(/not a partner/);
    // Someone in a council's scope who is not its finance cannot net either.
    await expect(
      withTenant({ tenantId: alpha.id, userId: gamma.financeId }, (tx) =>
        sql`select settle_by_netting(${beta.id}::uuid, '2026-04-01'::date, '2027-03-31'::date, 10000)`.execute(tx),
      ),
    ).rejects.toThrow(/Only finance/);
    const rows = await withTenant(gammaCtx, (tx) => tx.selectFrom('net_settlements').selectAll().execute());
    expect(rows).toEqual([]);
  });

  it('never changes or deletes a settlement once recorded', async () => {
    await invoiceEachOther();
    await settle(alphaBrowser, 'alpha', { partner: 'beta', from: '2026-04-01', to: '2027-03-31', amount: '40000' });
    const db = await ownerDb();
    await expect(sql`update net_settlements set amount_pence = 1`.execute(db)).rejects.toThrow(/never changed/);
    await expect(sql`delete from net_settlements`.execute(db)).rejects.toThrow(/never changed/);
  });

  it('renders the statement, the confirm step and the settlement both councils see', async () => {
    await invoiceEachOther();
    const before = render((await statement(alphaBrowser, 'alpha', 'beta')).value);
    expect(before).toContain('<label class="govuk-label" for="partner">Partner council</label>');
    expect(before).toContain('Statement with beta education services');
    expect(before).toContain('What you invoiced beta education services</caption>');
    expect(before).toContain('beta education services owes you £100.00');
    expect(before).toContain('>Settle by netting</button>');

    const confirm = render((await statement(alphaBrowser, 'alpha', 'beta', { confirm: '1' })).value);
    expect(confirm).toContain('Settle £400.00 with beta education services by netting?');
    expect(confirm).toContain('>Yes, settle by netting</button>');
    expect(confirm).toContain('name="amount" value="40000"');

    const done = await settle(alphaBrowser, 'alpha', {
      partner: 'beta',
      from: '2026-04-01',
      to: '2027-03-31',
      amount: '40000',
    });
    const location = new URL(done.response!.headers.get('location')!, 'http://x');
    const after = render(
      (await respond(() => page.loader(args(get(`${location.pathname}${location.search}`, alphaBrowser), 'alpha'))))
        .value,
      location.search,
    );
    expect(after).toContain('£400.00 settled by netting with beta education services');
    expect(after).toContain('Nothing to net for this period');
    const partnerSide = render((await statement(betaBrowser, 'beta', 'alpha')).value);
    expect(partnerSide).toContain('Settlements by netting with alpha education services</caption>');
    // The partner's staff are not people beta may look up: beta's page names the council that settled.
    expect(partnerSide).toMatch(
      /Netting [0-9A-F]{8}<\/a><\/td><td class="govuk-table__cell">alpha education services<\/td>/,
    );
    expect(partnerSide).toContain('£400.00</td><td class="govuk-table__cell">alpha education services</td>');
    expect(after).toContain('£400.00</td><td class="govuk-table__cell">alpha finance, alpha education services</td>');
    expect(partnerSide).toContain('You owe alpha education services £100.00');
  });
});
