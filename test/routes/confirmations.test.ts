import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceDetail } from '../../app/catalogue/service-detail.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket, viewBasket } from '../../app/commissioning/basket.server';
import { listBuyerOrders } from '../../app/commissioning/list-orders.server';
import { orderForBuyer, orderForProvider } from '../../app/commissioning/order-detail.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { scheduleDetail } from '../../app/pricing/schedule-detail.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as basketPage from '../../app/routes/buy.basket';
import * as buyerOrderPage from '../../app/routes/buy.orders.$tenant.$orderId';
import * as providerOrderPage from '../../app/routes/t.$tenant.orders.$orderId';
import * as schedulePage from '../../app/routes/t.$tenant.schedules.$scheduleId._index';
import * as servicePage from '../../app/routes/t.$tenant.services.$serviceId._index';
import {
  asUser,
  EP_DAY_FIELDS,
  get,
  post,
  respond,
  twoTenants,
  type Browser,
  type TestTenant,
  useToday,
} from '../setup/fixtures';

// Orders here are for the 2025/26 academic year, placed while it runs.
useToday('2026-03-01');

let alpha: TestTenant;
let beta: TestTenant;
let alphaCtx: TenantContext;
let alphaAdmin: Browser;
let betaAdmin: Browser;
let school: Browser;
let buyer: BuyerContext;
let serviceId: string;

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const perDay = { model: 'per_unit' as const, unitPricePence: 50000, minimumChargePence: 0, rounding: 'penny' as const };

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId);
  betaAdmin = await asUser(beta.adminId);
  alphaCtx = await requireTenantMember(get('/t/alpha', alphaAdmin), 'alpha', 'orders.manage');
  serviceId = await createService(alphaCtx, serviceForm.parse(EP_DAY_FIELDS));
  await changeServiceStatus(alphaCtx, serviceId, 'published');
  const schedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2025 });
  for (const cls of ['own_maintained', 'academy'] as const)
    await setServicePrice(alphaCtx, schedule, serviceId, cls, perDay);
  await publishSchedule(alphaCtx, schedule);
  school = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
  buyer = await requireBuyer(get('/buy', school), 'buy.order');
});

async function placeOrder() {
  await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 3 });
  const [placed] = await submitOrder(
    buyer,
    {
      slug: 'alpha',
      poNumber: '',
      contactName: 'B',
      contactEmail: 'b@example.com',
      idempotencyKey: crypto.randomUUID(),
    },
    'x',
  );
  return placed!.id;
}

describe('a confirmation page before a step that cannot be undone', () => {
  it('publishing a charge schedule: the button only asks, the answer publishes; another tenant gets 404', async () => {
    const draft = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2026 });
    for (const cls of ['own_maintained', 'academy'] as const)
      await setServicePrice(alphaCtx, draft, serviceId, cls, perDay);
    const params = { tenant: 'alpha', scheduleId: draft };
    const asked = await respond(() =>
      schedulePage.loader(args(get(`/t/alpha/schedules/${draft}?confirm=publish`, alphaAdmin), params)),
    );
    expect(asked.status).toBe(200);
    expect((asked.value as { asking: boolean }).asking).toBe(true);
    expect((await scheduleDetail(alphaCtx, draft)).schedule.status).toBe('draft');
    // The plain page does not ask.
    const plain = await respond(() =>
      schedulePage.loader(args(get(`/t/alpha/schedules/${draft}`, alphaAdmin), params)),
    );
    expect((plain.value as { asking: boolean }).asking).toBe(false);

    expect((await respond(() => schedulePage.loader(args(get(`?confirm=publish`, betaAdmin), params)))).status).toBe(
      404,
    );
    expect((await respond(() => schedulePage.action(args(post('', {}, betaAdmin), params)))).status).toBe(404);
    expect((await scheduleDetail(alphaCtx, draft)).schedule.status).toBe('draft');

    const done = await respond(() => schedulePage.action(args(post('', {}, alphaAdmin), params)));
    expect(done.status).toBe(302);
    expect(done.response!.headers.get('location')).toBe(`/t/alpha/schedules/${draft}?published=1`);
    expect((await scheduleDetail(alphaCtx, draft)).schedule.status).toBe('published');
  });

  it('publishing a service: the button only asks, the answer publishes; another tenant gets 404', async () => {
    const draft = await createService(alphaCtx, serviceForm.parse({ ...EP_DAY_FIELDS, code: 'EP-2' }));
    const params = { tenant: 'alpha', serviceId: draft };
    const asked = await respond(() => servicePage.loader(args(get(`/x?confirm=published`, alphaAdmin), params)));
    expect((asked.value as { asking: string | null }).asking).toBe('published');
    expect((await serviceDetail(alphaCtx, draft)).service.status).toBe('draft');
    expect((await respond(() => servicePage.loader(args(get(`/x?confirm=published`, betaAdmin), params)))).status).toBe(
      404,
    );
    expect(
      (await respond(() => servicePage.action(args(post('', { intent: 'published' }, betaAdmin), params)))).status,
    ).toBe(404);

    const done = await respond(() => servicePage.action(args(post('', { intent: 'published' }, alphaAdmin), params)));
    expect(done.response!.headers.get('location')).toBe(`/t/alpha/services/${draft}?status=published`);
    expect((await serviceDetail(alphaCtx, draft)).service.status).toBe('published');
  });

  it('declining an order: the button only asks, the question needs a reason, the answer declines', async () => {
    const orderId = await placeOrder();
    const params = { tenant: 'alpha', orderId };
    const asked = await respond(() => providerOrderPage.loader(args(get('/x?confirm=decline', alphaAdmin), params)));
    expect((asked.value as { asking: string | null }).asking).toBe('decline');
    expect((await orderForProvider(alphaCtx, orderId)).order.status).toBe('awaiting_provider');

    const noReason = await respond(() =>
      providerOrderPage.action(args(post('', { intent: 'decline', reason: ' ' }, alphaAdmin), params)),
    );
    expect(noReason.status).toBe(400);
    expect((noReason.value as { errors: { field?: string }[] }).errors[0]!.field).toBe('reason');
    expect((await orderForProvider(alphaCtx, orderId)).order.status).toBe('awaiting_provider');

    expect(
      (await respond(() => providerOrderPage.loader(args(get('/x?confirm=decline', betaAdmin), params)))).status,
    ).toBe(404);
    const done = await respond(() =>
      providerOrderPage.action(args(post('', { intent: 'decline', reason: 'No capacity' }, alphaAdmin), params)),
    );
    expect(done.response!.headers.get('location')).toBe(`/t/alpha/orders/${orderId}?done=declined`);
    expect((await orderForProvider(alphaCtx, orderId)).order.status).toBe('declined');
    // A final order asks nothing more.
    const after = await respond(() => providerOrderPage.loader(args(get('/x?confirm=decline', alphaAdmin), params)));
    expect((after.value as { asking: string | null }).asking).toBeNull();
  });

  it('cancelling an order as the provider: the button only asks, the answer cancels', async () => {
    const orderId = await placeOrder();
    const params = { tenant: 'alpha', orderId };
    const asked = await respond(() => providerOrderPage.loader(args(get('/x?confirm=cancel', alphaAdmin), params)));
    expect((asked.value as { asking: string | null }).asking).toBe('cancel');
    expect((await orderForProvider(alphaCtx, orderId)).order.status).toBe('awaiting_provider');
    const done = await respond(() =>
      providerOrderPage.action(args(post('', { intent: 'cancel', cancelReason: 'Duplicate' }, alphaAdmin), params)),
    );
    expect(done.response!.headers.get('location')).toBe(`/t/alpha/orders/${orderId}?done=cancelled`);
    expect((await orderForProvider(alphaCtx, orderId)).order.status).toBe('cancelled');
  });

  it('cancelling an order as the school: the button only asks, the answer cancels; another buyer gets 404', async () => {
    const orderId = await placeOrder();
    const params = { tenant: 'alpha', orderId };
    const asked = await respond(() => buyerOrderPage.loader(args(get('/x?confirm=cancel', school), params)));
    expect((asked.value as { askingCancel: boolean }).askingCancel).toBe(true);
    expect((await orderForBuyer(buyer, 'alpha', orderId)).order.status).toBe('awaiting_provider');

    const otherSchool = await asUser(beta.buyerId, `org:${beta.schoolOrganisationId}`);
    expect(
      (await respond(() => buyerOrderPage.loader(args(get('/x?confirm=cancel', otherSchool), params)))).status,
    ).toBe(404);
    expect(
      (
        await respond(() =>
          buyerOrderPage.action(args(post('', { intent: 'cancel', cancelReason: 'Not needed' }, otherSchool), params)),
        )
      ).status,
    ).toBe(404);
    expect((await orderForBuyer(buyer, 'alpha', orderId)).order.status).toBe('awaiting_provider');

    const done = await respond(() =>
      buyerOrderPage.action(args(post('', { intent: 'cancel', cancelReason: 'Not needed' }, school), params)),
    );
    expect(done.status).toBe(302);
    expect((await orderForBuyer(buyer, 'alpha', orderId)).order.status).toBe('cancelled');
  });
});

describe('the basket', () => {
  it('adding the same thing again adds to the quantity of the line already there; a different option stays apart', async () => {
    const request = { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 3 };
    expect(await addToBasket(buyer, request)).toBe('added');
    expect(await addToBasket(buyer, { ...request, quantity: 2 })).toBe('merged');
    let [provider] = await viewBasket(buyer);
    expect(provider!.items.map((i) => [i.quantity, i.totalPence])).toEqual([[5, 250000]]);
    expect(await addToBasket(buyer, { ...request, quantity: 1, preferredDates: 'Tuesdays' })).toBe('added');
    [provider] = await viewBasket(buyer);
    expect(provider!.items.map((i) => i.quantity)).toEqual([5, 1]);
    await expect(addToBasket(buyer, { ...request, quantity: 99_999 })).rejects.toThrow(/more than 100,000/);
    [provider] = await viewBasket(buyer);
    expect(provider!.items.map((i) => i.quantity)).toEqual([5, 1]);
  });

  it('checking your answers orders nothing and shows the amounts the submitted order is placed at', async () => {
    await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 3 });
    await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 1 });
    const answers = {
      slug: 'alpha',
      idempotencyKey: crypto.randomUUID(),
      poNumber: 'PO-77',
      contactName: 'Bursar',
      contactEmail: 'bursar@example.com',
    };
    const checked = await respond(() =>
      basketPage.action(args(post('/buy/basket', { intent: 'check', ...answers }, school))),
    );
    expect(checked.status).toBe(200);
    expect(checked.value).toMatchObject({ checking: 'alpha', values: { poNumber: 'PO-77', contactName: 'Bursar' } });
    expect(await listBuyerOrders(buyer)).toEqual([]);
    // The page the check shows: the basket as it is, priced.
    const page = await respond(() => basketPage.loader(args(get('/buy/basket', school))));
    const shown = (page.value as { providers: Array<{ slug: string; totalPence: number; items: unknown[] }> })
      .providers[0]!;
    expect(shown.items).toHaveLength(1);
    expect(shown.totalPence).toBe(4 * 50000);

    // A Change link brings the answers back to the checkout form.
    const back = await respond(() =>
      basketPage.loader(args(get('/buy/basket?checkout=alpha&poNumber=PO-77&contactName=Bursar', school))),
    );
    expect(back.value).toMatchObject({ checkout: 'alpha', answers: { poNumber: 'PO-77', contactName: 'Bursar' } });

    const submitted = await respond(() =>
      basketPage.action(args(post('/buy/basket', { intent: 'checkout', ...answers }, school))),
    );
    expect(submitted.status).toBe(302);
    const [order] = await listBuyerOrders(buyer);
    const placed = await orderForBuyer(buyer, 'alpha', order!.id);
    expect(placed.worth.owedPence).toBe(shown.totalPence);
    expect(placed.order.poNumber).toBe('PO-77');
    expect(await viewBasket(buyer)).toEqual([]);
  });

  it('a check with a missing contact is refused on the checkout form, not a 500', async () => {
    await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 1 });
    const checked = await respond(() =>
      basketPage.action(
        args(
          post(
            '/buy/basket',
            {
              intent: 'check',
              slug: 'alpha',
              idempotencyKey: crypto.randomUUID(),
              poNumber: '',
              contactName: '',
              contactEmail: 'x',
            },
            school,
          ),
        ),
      ),
    );
    expect(checked.status).toBe(400);
    expect((checked.value as { checking: unknown }).checking).toBeNull();
    expect((checked.value as { errors: { field?: string }[] }).errors.map((e) => e.field)).toEqual([
      'contactName',
      'contactEmail',
    ]);
  });
});
