import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { listBuyerOrders } from '../../app/commissioning/list-orders.server';
import { orderForBuyer } from '../../app/commissioning/order-detail.server';
import { decideVariationAsProvider, requestVariation } from '../../app/commissioning/vary-line.server';
import {
  answerRenewal,
  openRenewalWindow,
  renewalStatus,
  renewalsForBuyer,
} from '../../app/commissioning/renewals.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as buyerRenewals from '../../app/routes/buy.renewals';
import * as providerRenewals from '../../app/routes/t.$tenant.renewals';
import { asUser, get, onDate, post, respond, twoTenants, type TestTenant, useToday } from '../setup/fixtures';

// Orders here are for the 2025/26 academic year, placed while it runs.
useToday('2026-03-01');

let alpha: TestTenant;
let beta: TestTenant;
let alphaCtx: TenantContext;
let serviceId: string;

const subscription = (pence: number) => ({
  model: 'subscription' as const,
  annualPence: pence,
  instalments: 'termly' as const,
  minimumChargePence: 0,
  rounding: 'penny' as const,
});

async function buyer() {
  return requireBuyer(get('/buy', await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)), 'buy.order');
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaCtx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'orders.manage');
  serviceId = await createService(
    alphaCtx,
    serviceForm.parse({
      code: 'GOV-CLERK',
      name: 'Governing board clerking',
      category: 'governor_services',
      statutory: 'traded',
      unitKind: 'package',
      vatAcademy: 'S',
      vatOtherLaSchool: 'S',
      vatPartnerCouncil: 'S',
      vatIndependentOther: 'S',
      soldOwnArea: 'yes',
    }),
  );
  await changeServiceStatus(alphaCtx, serviceId, 'published');
  for (const [year, pence] of [
    [2025, 295000],
    [2026, 304000],
  ] as const) {
    const schedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: year });
    await setServicePrice(alphaCtx, schedule, serviceId, 'own_maintained', subscription(pence));
    await setServicePrice(alphaCtx, schedule, serviceId, 'academy', subscription(pence + 10000));
    await publishSchedule(alphaCtx, schedule);
  }
  // Last year's subscription, bought and accepted.
  const ctx = await buyer();
  await addToBasket(ctx, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 1 });
  const [order] = await submitOrder(
    ctx,
    {
      slug: 'alpha',
      poNumber: '',
      contactName: 'Bursar',
      contactEmail: 'bursar@example.com',
      idempotencyKey: crypto.randomUUID(),
    },
    'x',
  );
  await decideOrder(alphaCtx, order!.id, { accept: true }, 'x');
});

describe('buy-back', () => {
  it('offers the line as it stands now (after accepted changes) and shows the new year’s price before the school commits', async () => {
    const ctx = await buyer();
    const lastYear = (await renewalsForBuyer(ctx, '2027-01-15')).length;
    expect(lastYear).toBe(0);
    // During 2025/26 the school took a second subscription (a second site), agreed as a variation.
    const [line] = (await orderForBuyer(ctx, 'alpha', (await listBuyerOrders(ctx))[0]!.id)).lines;
    const variationId = await requestVariation(ctx, 'alpha', line!.id, { quantity: 2, reason: 'Second site' }, 'x');
    await decideVariationAsProvider(alphaCtx, variationId, { accept: true });
    await openRenewalWindow(
      alphaCtx,
      { yearKind: 'academic', startYear: 2026, closesOn: '2027-03-31', note: '' },
      'x',
      '2027-01-10',
    );
    const [open] = await renewalsForBuyer(ctx, '2027-01-15');
    expect(open!.lines[0]).toMatchObject({
      quantity: 2,
      lastYearPence: 2 * 295000,
      next: { ok: true, totalPence: 2 * 304000 },
    });
    // The page prefills the amount as it stands and names the new price.
    const browser = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const page = await onDate('2027-01-15', () =>
      respond(() => buyerRenewals.loader({ request: get('/buy/renewals', browser), params: {}, context: {} })),
    );
    const data = page.value as Awaited<ReturnType<typeof buyerRenewals.loader>>;
    expect(data.windows[0]!.lines[0]!.quantity).toBe(2);
    expect(data.windows[0]!.lines[0]!.next).toMatchObject({ ok: true, totalPence: 608000 });
  });

  it('a school renews last year’s subscription at the new price while the window is open; the provider sees who renewed', async () => {
    const windowId = await openRenewalWindow(
      alphaCtx,
      { yearKind: 'academic', startYear: 2026, closesOn: '2027-03-31', note: '' },
      'x',
      '2027-01-10',
    );
    const ctx = await buyer();
    const [open] = await renewalsForBuyer(ctx, '2027-01-15');
    expect(open?.lines.map((l) => [l.serviceName, l.decision])).toEqual([['Governing board clerking', null]]);
    const order = await answerRenewal(
      ctx,
      'alpha',
      windowId,
      open!.lines[0]!.lineId,
      {
        decision: 'renew',
        quantity: 1,
        packageCode: null,
        poNumber: '',
        contactName: 'Bursar',
        contactEmail: 'bursar@example.com',
        idempotencyKey: crypto.randomUUID(),
      },
      'x',
      '2027-01-15',
    );
    const placed = await orderForBuyer(ctx, 'alpha', order!.id);
    expect(placed.worth.owedPence).toBe(304000);
    expect(placed.lines[0]!.yearLabel).toBe('2026/27 academic year');
    const status = await renewalStatus(alphaCtx);
    expect(status[0]!.lines.map((l) => [l.decision, l.renewalReference])).toEqual([['renewed', order!.reference]]);
    await expect(
      answerRenewal(
        ctx,
        'alpha',
        windowId,
        open!.lines[0]!.lineId,
        {
          decision: 'drop',
          quantity: 0,
          packageCode: null,
          poNumber: '',
          contactName: '',
          contactEmail: '',
          idempotencyKey: '',
        },
        'x',
        '2027-01-16',
      ),
    ).rejects.toThrow(/already renewed/);
  });

  it('a school can drop a subscription, and nothing is ordered', async () => {
    const windowId = await openRenewalWindow(
      alphaCtx,
      { yearKind: 'academic', startYear: 2026, closesOn: '2027-03-31', note: '' },
      'x',
      '2027-01-10',
    );
    const ctx = await buyer();
    const [open] = await renewalsForBuyer(ctx, '2027-01-15');
    const none = await answerRenewal(
      ctx,
      'alpha',
      windowId,
      open!.lines[0]!.lineId,
      {
        decision: 'drop',
        quantity: 0,
        packageCode: null,
        poNumber: '',
        contactName: '',
        contactEmail: '',
        idempotencyKey: '',
      },
      'x',
      '2027-01-15',
    );
    expect(none).toBeNull();
    expect((await renewalStatus(alphaCtx))[0]!.lines[0]!.decision).toBe('dropped');
  });

  it('refuses a window without a published schedule, a past deadline, a second window, and answers after the deadline', async () => {
    await expect(
      openRenewalWindow(
        alphaCtx,
        { yearKind: 'academic', startYear: 2027, closesOn: '2027-03-31', note: '' },
        'x',
        '2027-01-10',
      ),
    ).rejects.toThrow(/Publish the charge schedule/);
    await expect(
      openRenewalWindow(
        alphaCtx,
        { yearKind: 'academic', startYear: 2026, closesOn: '2026-12-31', note: '' },
        'x',
        '2027-01-10',
      ),
    ).rejects.toThrow(/past/);
    const windowId = await openRenewalWindow(
      alphaCtx,
      { yearKind: 'academic', startYear: 2026, closesOn: '2027-03-31', note: '' },
      'x',
      '2027-01-10',
    );
    await expect(
      openRenewalWindow(
        alphaCtx,
        { yearKind: 'academic', startYear: 2026, closesOn: '2027-04-30', note: '' },
        'x',
        '2027-01-10',
      ),
    ).rejects.toThrow(/already open/);
    const ctx = await buyer();
    const [open] = await renewalsForBuyer(ctx, '2027-03-31');
    await expect(
      answerRenewal(
        ctx,
        'alpha',
        windowId,
        open!.lines[0]!.lineId,
        {
          decision: 'drop',
          quantity: 0,
          packageCode: null,
          poNumber: '',
          contactName: '',
          contactEmail: '',
          idempotencyKey: '',
        },
        'x',
        '2027-04-01',
      ),
    ).rejects.toThrow(
      /^The buy-back window closed on .+, so renewals can no longer be made here\. To keep a service for the new year, contact alpha education services at alpha@example\.com, or order it from the catalogue$/,
    );
    expect(await renewalsForBuyer(ctx, '2027-04-01')).toEqual([]);
  });

  it('renewing is checked first (nothing changes), then the order is placed at exactly the amount shown', async () => {
    const windowId = await openRenewalWindow(
      alphaCtx,
      {
        yearKind: 'academic',
        startYear: 2026,
        closesOn: '2099-03-31',
        note: 'Prices rise 3%.\nAsk us about twilight sessions.',
      },
      'x',
    );
    const browser = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const page = await respond(() =>
      buyerRenewals.loader({ request: get('/buy/renewals', browser), params: {}, context: {} }),
    );
    const window = (page.value as Awaited<ReturnType<typeof buyerRenewals.loader>>).windows[0]!;
    // The provider's note reaches the school with its window.
    expect(window.note).toBe('Prices rise 3%.\nAsk us about twilight sessions.');
    const lineId = window.lines[0]!.lineId;
    const answers = {
      decision: 'renew',
      lineId,
      windowId,
      slug: 'alpha',
      quantity: '2',
      packageCode: '',
      poNumber: 'PO-9',
      contactName: 'Bursar',
      contactEmail: 'bursar@example.com',
      idempotencyKey: crypto.randomUUID(),
    };
    const checked = await respond(() =>
      buyerRenewals.action({ request: post('/buy/renewals', answers, browser), params: {}, context: {} }),
    );
    expect(checked.status).toBe(200);
    const check = (checked.value as { check: { lastYear: { totalPence: number }; next: { totalPence: number } } })
      .check;
    expect(check.lastYear.totalPence).toBe(295000);
    expect(check.next.totalPence).toBe(2 * 304000);
    const ctx = await buyer();
    expect((await renewalsForBuyer(ctx))[0]!.lines[0]!.decision).toBeNull();
    expect(await listBuyerOrders(ctx)).toHaveLength(1);

    const done = await respond(() =>
      buyerRenewals.action({
        request: post('/buy/renewals', { ...answers, step: 'confirm' }, browser),
        params: {},
        context: {},
      }),
    );
    expect(done.status).toBe(302);
    const [renewed] = (await renewalStatus(alphaCtx))[0]!.lines;
    expect(renewed!.decision).toBe('renewed');
    const order = await orderForBuyer(ctx, 'alpha', renewed!.renewalOrderId!);
    expect(order.worth.owedPence).toBe(check.next.totalPence);
    expect(done.response!.headers.get('location')).toBe(`/buy/renewals?renewed=${order.order.reference}`);
  });

  it('dropping asks first: the question page changes nothing, its answer drops', async () => {
    const windowId = await openRenewalWindow(
      alphaCtx,
      { yearKind: 'academic', startYear: 2026, closesOn: '2099-03-31', note: '' },
      'x',
    );
    const browser = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const lineId = (await renewalsForBuyer(await buyer()))[0]!.lines[0]!.lineId;
    const asked = await respond(() =>
      buyerRenewals.loader({
        request: get(`/buy/renewals?line=${lineId}&confirm=drop`, browser),
        params: {},
        context: {},
      }),
    );
    expect((asked.value as { droppingLine: string | null }).droppingLine).toBe(lineId);
    expect((await renewalStatus(alphaCtx))[0]!.lines[0]!.decision).toBeNull();
    const done = await respond(() =>
      buyerRenewals.action({
        request: post('/buy/renewals', { decision: 'drop', lineId, windowId, slug: 'alpha' }, browser),
        params: {},
        context: {},
      }),
    );
    expect(done.response!.headers.get('location')).toBe('/buy/renewals?dropped=1');
    expect((await renewalStatus(alphaCtx))[0]!.lines[0]!.decision).toBe('dropped');
    // Once answered, the question is not asked again.
    const again = await respond(() =>
      buyerRenewals.loader({
        request: get(`/buy/renewals?line=${lineId}&confirm=drop`, browser),
        params: {},
        context: {},
      }),
    );
    expect((again.value as { droppingLine: string | null }).droppingLine).toBeNull();
  });

  it("another buyer sees no renewals of this school, cannot answer them, and another tenant's staff get 404", async () => {
    const windowId = await openRenewalWindow(
      alphaCtx,
      { yearKind: 'academic', startYear: 2026, closesOn: '2099-03-31', note: '' },
      'x',
    );
    const ctx = await buyer();
    const lineId = (await renewalsForBuyer(ctx))[0]!.lines[0]!.lineId;
    const betaBuyer = await asUser(beta.buyerId, `org:${beta.schoolOrganisationId}`);
    const page = await respond(() =>
      buyerRenewals.loader({ request: get('/buy/renewals', betaBuyer), params: {}, context: {} }),
    );
    expect((page.value as { windows: unknown[] }).windows).toEqual([]);
    const answer = await respond(() =>
      buyerRenewals.action({
        request: post('/buy/renewals', { decision: 'drop', lineId, windowId, slug: 'alpha' }, betaBuyer),
        params: {},
        context: {},
      }),
    );
    expect(answer.status).toBe(404);
    const check = await respond(() =>
      buyerRenewals.action({
        request: post(
          '/buy/renewals',
          {
            decision: 'renew',
            lineId,
            windowId,
            slug: 'alpha',
            quantity: '1',
            contactName: 'X',
            contactEmail: 'x@example.com',
            idempotencyKey: crypto.randomUUID(),
          },
          betaBuyer,
        ),
        params: {},
        context: {},
      }),
    );
    expect(check.status).toBe(404);
    const asked = await respond(() =>
      buyerRenewals.loader({
        request: get(`/buy/renewals?line=${lineId}&confirm=drop`, betaBuyer),
        params: {},
        context: {},
      }),
    );
    expect((asked.value as { droppingLine: string | null }).droppingLine).toBeNull();
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    expect(
      (
        await respond(() =>
          providerRenewals.loader({ request: get('', betaAdmin), params: { tenant: 'alpha' }, context: {} }),
        )
      ).status,
    ).toBe(404);
  });
});
