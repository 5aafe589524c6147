import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import type { LinePosition } from '../../app/commissioning/line-position';
import { logDelivery } from '../../app/delivery/log-delivery.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as basket from '../../app/routes/buy.basket';
import * as orderPage from '../../app/routes/buy.orders.$tenant.$orderId';
import * as orders from '../../app/routes/buy.orders._index';
import * as buyerService from '../../app/routes/buy.services.$tenant.$serviceId';
import * as settings from '../../app/routes/buy.settings';
import {
  addBuyer,
  asUser,
  createSchool,
  createUser,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  type Browser,
  type TestTenant,
  EP_DAY_FIELDS,
  onDate,
  useToday,
} from '../setup/fixtures';

// Orders here are for the 2025/26 academic year, placed while it runs.
useToday('2026-04-01');

let alpha: TestTenant;
let beta: TestTenant;
let serviceId: string;
let buyer: Browser;

const DAY_PENCE = 50000;

const serviceFields = EP_DAY_FIELDS;

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

async function alphaAdminCtx() {
  return requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  const ctx = await alphaAdminCtx();
  serviceId = await createService(ctx, serviceForm.parse(serviceFields));
  const scheduleId = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
  await changeServiceStatus(ctx, serviceId, 'published');
  await setServicePrice(ctx, scheduleId, serviceId, 'own_maintained', {
    model: 'per_unit',
    unitPricePence: DAY_PENCE,
    minimumChargePence: 0,
    rounding: 'penny',
  });
  await setServicePrice(ctx, scheduleId, serviceId, 'academy', {
    model: 'per_unit',
    unitPricePence: 54000,
    minimumChargePence: 0,
    rounding: 'penny',
  });
  await publishSchedule(ctx, scheduleId);
  buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
});

interface BasketView {
  providers: Array<{
    slug: string;
    poRequired: boolean;
    totalPence: number;
    items: Array<{ totalPence: number | null; quantity: number; preferredDates: string }>;
  }>;
  checkout: string | null;
  idempotencyKey: string;
}
interface OrderView {
  order: {
    reference: string;
    status: string;
    submittedByName: string;
    closedReason: string | null;
  };
  worth: { owedPence: number };
  lines: Array<{
    id: string;
    working: string[];
    position: LinePosition;
    deliveries: Array<{ id: string; status: string; disputeReason: string | null }>;
    feedback: Array<{ rating: number }>;
    feedbackOpen: boolean;
  }>;
  canDecide: boolean;
  dispute: string | null;
  feedback: string | null;
}
interface OrderRow {
  id: string;
  slug: string;
  reference: string;
  status: string;
  totalPence: number;
}

async function addDays(browser: Browser, quantity: string, preferredDates = '') {
  const r = await respond(() =>
    buyerService.action(
      args(
        post(
          `/buy/services/alpha/${serviceId}?quantity=${quantity}`,
          { quantity, package: '', year: '', school: '', preferredDates },
          browser,
        ),
        { tenant: 'alpha', serviceId },
      ),
    ),
  );
  expect(r.status).toBe(302);
  expect(r.response!.headers.get('location')).toBe('/buy/basket?added=1');
}

async function viewBasket(browser: Browser, checkout = 'alpha') {
  const r = await respond(() => basket.loader(args(get(`/buy/basket?checkout=${checkout}`, browser))));
  expect(r.status).toBe(200);
  return r.value as BasketView;
}

/** The checkout form as the basket page renders it for alpha (a fresh idempotency key each time). */
async function checkoutForm(browser: Browser, fields: Record<string, string> = {}) {
  const view = await viewBasket(browser);
  return {
    intent: 'checkout',
    slug: 'alpha',
    idempotencyKey: view.idempotencyKey,
    poNumber: '',
    contactName: 'Alpha Bursar',
    contactEmail: 'bursar@alpha-school.example',
    ...fields,
  };
}

async function checkout(browser: Browser, form: Record<string, string>) {
  return respond(() => basket.action(args(post('/buy/basket?checkout=alpha', form, browser))));
}

async function listOrders(browser: Browser) {
  const r = await respond(() => orders.loader(args(get('/buy/orders', browser))));
  expect(r.status).toBe(200);
  return (r.value as { orders: OrderRow[] }).orders;
}

async function viewOrder(browser: Browser, id: string, query = '', tenant = 'alpha') {
  return respond(() =>
    orderPage.loader(args(get(`/buy/orders/${tenant}/${id}${query}`, browser), { tenant, orderId: id })),
  );
}

async function act(browser: Browser, id: string, fields: Record<string, string>, tenant = 'alpha') {
  return respond(() =>
    orderPage.action(args(post(`/buy/orders/${tenant}/${id}`, fields, browser), { tenant, orderId: id })),
  );
}

const messages = (value: unknown) => (value as { errors: Array<{ field?: string; message: string }> }).errors;

/** Adds three days to the basket and checks out: the one order placed. */
async function placeOrder(browser: Browser) {
  await addDays(browser, '3');
  const placed = await checkout(browser, await checkoutForm(browser));
  expect(placed.status).toBe(302);
  const [order] = await listOrders(browser);
  return order!;
}

describe('basket and checkout', () => {
  it('adds to the basket, checks out, and the order keeps the agreed price', async () => {
    await addDays(buyer, '3', 'Autumn term');
    const view = await viewBasket(buyer);
    expect(view.checkout).toBe('alpha');
    expect(view.providers).toHaveLength(1);
    expect(view.providers[0]!.items[0]).toMatchObject({
      quantity: 3,
      unit: 'days',
      totalPence: 3 * DAY_PENCE,
      preferredDates: 'Autumn term',
    });

    const placed = await checkout(buyer, await checkoutForm(buyer));
    expect(placed.status).toBe(302);
    expect(placed.response!.headers.get('location')).toBe('/buy/orders?placed=ALPHA-ORD-00001');
    expect((await viewBasket(buyer)).providers).toHaveLength(0);

    const [row] = await listOrders(buyer);
    expect(row).toMatchObject({
      reference: 'ALPHA-ORD-00001',
      slug: 'alpha',
      status: 'awaiting_provider',
      totalPence: 3 * DAY_PENCE,
    });
    const page = await viewOrder(buyer, row!.id);
    expect(page.status).toBe(200);
    const detail = page.value as OrderView;
    expect(detail.worth.owedPence).toBe(3 * DAY_PENCE);
    expect(detail.lines[0]!.position.agreed.totalPence).toBe(3 * DAY_PENCE);
    expect(detail.lines[0]!.working.length).toBeGreaterThan(0);
    expect(detail.lines[0]!.position.agreed.allowanceHundredths).toBe(300);

    // The provider publishes a new version of the schedule at £600 a day, in force from today.
    const ctx = await alphaAdminCtx();
    const newVersion = await createScheduleVersion(ctx, {
      yearKind: 'academic',
      startYear: 2025,
      effectiveFrom: '2026-04-01',
      note: 'New rates',
    });
    for (const cls of ['own_maintained', 'academy'] as const)
      await setServicePrice(ctx, newVersion, serviceId, cls, {
        model: 'per_unit',
        unitPricePence: 60000,
        minimumChargePence: 0,
        rounding: 'penny',
      });
    await publishSchedule(ctx, newVersion);
    // A new basket item is priced at the new rate: the schedule really changed …
    await addDays(buyer, '3');
    expect((await viewBasket(buyer)).providers[0]!.items[0]!.totalPence).toBe(3 * 60000);
    // … and the order placed before keeps the price it was agreed at.
    const after = (await viewOrder(buyer, row!.id)).value as OrderView;
    expect(after.lines[0]!.position.agreed.totalPence).toBe(3 * DAY_PENCE);
    expect(after.worth.owedPence).toBe(3 * DAY_PENCE);
  });

  it('says "1 day", not "1 days", for a single unit', async () => {
    await addDays(buyer, '1');
    expect((await viewBasket(buyer)).providers[0]!.items[0]).toMatchObject({ quantity: 1, unit: 'day' });
  });

  it('a quantity the page was tampered with is refused, and nothing is added', async () => {
    const r = await respond(() =>
      buyerService.action(
        args(post(`/buy/services/alpha/${serviceId}`, { quantity: '0' }, buyer), { tenant: 'alpha', serviceId }),
      ),
    );
    expect(r.status).toBe(400);
    expect(messages(r.value)[0]!.field).toBe('quantity');
    expect((await viewBasket(buyer)).providers).toHaveLength(0);
  });

  it('submitting the same checkout form again places nothing new', async () => {
    await addDays(buyer, '3');
    const form = await checkoutForm(buyer);
    const first = await checkout(buyer, form);
    const again = await checkout(buyer, form);
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(again.response!.headers.get('location')).toBe(first.response!.headers.get('location'));
    expect(await listOrders(buyer)).toHaveLength(1);
  });

  it('refuses a checkout without a purchase order number when the account needs one', async () => {
    await (
      await ownerDb()
    )
      .updateTable('customer_accounts')
      .set({ po_required: true })
      .where('tenant_id', '=', alpha.id)
      .where('organisation_id', '=', alpha.schoolOrganisationId)
      .execute();
    await addDays(buyer, '2');
    expect((await viewBasket(buyer)).providers[0]!.poRequired).toBe(true);

    const refused = await checkout(buyer, await checkoutForm(buyer));
    expect([400, 422]).toContain(refused.status);
    expect(messages(refused.value)).toEqual([expect.objectContaining({ field: 'poNumber' })]);
    expect(await listOrders(buyer)).toHaveLength(0);
    expect((await viewBasket(buyer)).providers[0]!.items).toHaveLength(1);

    const tooLong = await checkout(buyer, await checkoutForm(buyer, { poNumber: 'P'.repeat(51) }));
    expect(tooLong.status).toBe(400);
    expect(messages(tooLong.value)[0]!.field).toBe('poNumber');

    const ok = await checkout(buyer, await checkoutForm(buyer, { poNumber: 'PO-1234' }));
    expect(ok.status).toBe(302);
    expect(await listOrders(buyer)).toHaveLength(1);
  });

  it('asks for a contact name and a valid email', async () => {
    await addDays(buyer, '1');
    const r = await checkout(buyer, await checkoutForm(buyer, { contactName: ' ', contactEmail: 'not-an-email' }));
    expect(r.status).toBe(400);
    expect(messages(r.value).map((e) => e.field)).toEqual(['contactName', 'contactEmail']);
  });

  it('removes an item from the basket', async () => {
    await addDays(buyer, '1');
    const { providers } = await viewBasket(buyer);
    const itemId = (providers[0]!.items[0] as unknown as { id: string }).id;
    const r = await respond(() => basket.action(args(post('/buy/basket', { intent: 'remove', itemId }, buyer))));
    expect(r.status).toBe(302);
    expect((await viewBasket(buyer)).providers).toHaveLength(0);
    const bad = await respond(() =>
      basket.action(args(post('/buy/basket', { intent: 'remove', itemId: 'nope' }, buyer))),
    );
    expect(bad.status).toBe(404);
  });
});

describe('approval', () => {
  it('orders at or above the threshold wait for an approver other than the person who placed them', async () => {
    const firstApprover = await createUser('head@alpha-school.example', 'Alpha head');
    const secondApprover = await createUser('chair@alpha-school.example', 'Alpha chair');
    await addBuyer(alpha.schoolOrganisationId, firstApprover, 'approver');
    await addBuyer(alpha.schoolOrganisationId, secondApprover, 'approver');
    const head = await asUser(firstApprover, `org:${alpha.schoolOrganisationId}`);
    const chair = await asUser(secondApprover, `org:${alpha.schoolOrganisationId}`);

    // Only those with the settings permission may set the rule.
    expect((await respond(() => settings.loader(args(get('/buy/settings', buyer))))).status).toBe(403);
    const badAmount = await respond(() => settings.action(args(post('/buy/settings', { threshold: '-5' }, head))));
    expect(badAmount.status).toBe(400);
    expect(messages(badAmount.value)[0]!.field).toBe('threshold');
    const saved = await respond(() => settings.action(args(post('/buy/settings', { threshold: '1,000' }, head))));
    expect(saved.status).toBe(302);
    expect((await respond(() => settings.loader(args(get('/buy/settings', head))))).value).toMatchObject({
      thresholdPence: 100000,
    });

    const order = await placeOrder(head);
    expect(order.status).toBe('awaiting_approval');
    expect(((await viewOrder(head, order.id)).value as OrderView).canDecide).toBe(false);

    const own = await act(head, order.id, { intent: 'approve' });
    expect(own.status).toBe(409);
    expect(messages(own.value)[0]!.message).toMatch(/cannot approve or reject an order you placed/);
    expect((await act(buyer, order.id, { intent: 'approve' })).status).toBe(403);

    expect(((await viewOrder(chair, order.id)).value as OrderView).canDecide).toBe(true);
    const noReason = await act(chair, order.id, { intent: 'reject', rejectReason: '' });
    expect(noReason.status).toBe(400);
    expect(messages(noReason.value)[0]!.field).toBe('rejectReason');

    const approved = await act(chair, order.id, { intent: 'approve' });
    expect(approved.status).toBe(302);
    expect(approved.response!.headers.get('location')).toBe(`/buy/orders/alpha/${order.id}?done=approved`);
    expect(((await viewOrder(chair, order.id)).value as OrderView).order.status).toBe('awaiting_provider');

    // Below the threshold it goes straight to the provider.
    await addDays(buyer, '1');
    await checkout(buyer, await checkoutForm(buyer));
    expect((await listOrders(buyer)).find((o) => o.id !== order.id)!.status).toBe('awaiting_provider');

    // Clearing the rule means no order needs approval.
    expect((await respond(() => settings.action(args(post('/buy/settings', { threshold: '' }, head))))).status).toBe(
      302,
    );
    expect((await respond(() => settings.loader(args(get('/buy/settings', head))))).value).toMatchObject({
      thresholdPence: null,
    });
  });
});

describe('cancelling, confirming and feedback', () => {
  it('cancels an order with a reason', async () => {
    const order = await placeOrder(buyer);
    const noReason = await act(buyer, order.id, { intent: 'cancel', cancelReason: ' ' });
    expect(noReason.status).toBe(400);
    expect(messages(noReason.value)[0]!.field).toBe('cancelReason');
    expect((await act(buyer, order.id, { intent: 'cancel', cancelReason: 'Bought in error' })).status).toBe(302);
    const detail = (await viewOrder(buyer, order.id)).value as OrderView;
    expect(detail.order).toMatchObject({ status: 'cancelled', closedReason: 'Bought in error' });
    const again = await act(buyer, order.id, { intent: 'cancel', cancelReason: 'Again' });
    expect(again.status).toBe(409);
  });

  it('confirms or disputes delivery records, then gives feedback once', async () => {
    const order = await placeOrder(buyer);
    const adminBrowser = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const provider = await requireTenantMember(get('/t/alpha', adminBrowser), 'alpha', 'delivery.log');
    await onDate('2026-03-02', () => decideOrder(provider, order.id, { accept: true }, 'http://localhost'));
    const lineId = ((await viewOrder(buyer, order.id)).value as OrderView).lines[0]!.id;
    for (const deliveredOn of ['2026-03-10', '2026-03-17'])
      await logDelivery(
        provider,
        lineId,
        { deliveredOn, unitsHundredths: 100, practitionerId: alpha.adminId, workType: 'Visit', note: '' },
        'http://localhost',
      );
    const [first, second] = ((await viewOrder(buyer, order.id)).value as OrderView).lines[0]!.deliveries;

    // Nothing is confirmed yet, so no feedback form, even when asked for.
    expect(((await viewOrder(buyer, order.id, `?feedback=${lineId}`)).value as OrderView).feedback).toBeNull();
    expect((await act(buyer, order.id, { intent: 'confirm', deliveryId: first!.id })).status).toBe(302);
    expect((await act(buyer, order.id, { intent: 'confirm', deliveryId: first!.id })).status).toBe(409);

    expect(((await viewOrder(buyer, order.id, `?dispute=${second!.id}`)).value as OrderView).dispute).toBe(second!.id);
    const noReason = await act(buyer, order.id, { intent: 'dispute', deliveryId: second!.id, disputeReason: '' });
    expect(noReason.status).toBe(400);
    expect(messages(noReason.value)[0]!.field).toBe('disputeReason');
    expect(
      (await act(buyer, order.id, { intent: 'dispute', deliveryId: second!.id, disputeReason: 'Nobody came' })).status,
    ).toBe(302);

    let detail = (await viewOrder(buyer, order.id, `?feedback=${lineId}`)).value as OrderView;
    expect(detail.lines[0]!.feedbackOpen).toBe(true);
    // One day confirmed, one held while disputed: both still count against the three bought.
    expect(detail.lines[0]!.position.delivered).toMatchObject({ confirmedHundredths: 100, disputedHundredths: 100 });
    expect(detail.lines[0]!.position.remainingHundredths).toBe(100);
    expect(detail.lines[0]!.deliveries.map((x) => x.status)).toEqual(['confirmed', 'disputed']);
    expect(detail.lines[0]!.deliveries[1]!.disputeReason).toBe('Nobody came');
    expect(detail.feedback).toBe(lineId);

    const noRating = await act(buyer, order.id, { intent: 'feedback', lineId, whatChanged: '' });
    expect(noRating.status).toBe(400);
    expect(messages(noRating.value)[0]!.field).toBe('rating');
    expect(
      (await act(buyer, order.id, { intent: 'feedback', lineId, rating: '4', whatChanged: 'Clearer plans' })).status,
    ).toBe(302);
    expect((await act(buyer, order.id, { intent: 'feedback', lineId, rating: '5', whatChanged: '' })).status).toBe(409);
    detail = (await viewOrder(buyer, order.id)).value as OrderView;
    expect(detail.lines[0]!.feedback).toEqual([expect.objectContaining({ rating: 4 })]);
    expect(detail.lines[0]!.feedbackOpen).toBe(false);

    // Work has been logged: the order stands.
    expect((await act(buyer, order.id, { intent: 'cancel', cancelReason: 'Changed our minds' })).status).toBe(409);
  });
});

describe("another buyer's order is not found", () => {
  it('for another school, even one the same provider sells to, and under another provider', async () => {
    const order = await placeOrder(buyer);
    const neighbourOrg = await createSchool(900003, '852', 'alpha secondary school');
    const neighbourId = await createUser('bursar@alpha-secondary.example', 'Neighbour bursar');
    await addBuyer(neighbourOrg, neighbourId, 'approver');
    const neighbour = await asUser(neighbourId, `org:${neighbourOrg}`);
    const betaBuyer = await asUser(beta.buyerId, `org:${beta.schoolOrganisationId}`);
    const lineId = ((await viewOrder(buyer, order.id)).value as OrderView).lines[0]!.id;

    const attempts: Array<Record<string, string>> = [
      { intent: 'approve' },
      { intent: 'reject', rejectReason: 'No' },
      { intent: 'cancel', cancelReason: 'No' },
      { intent: 'confirm', deliveryId: lineId },
      { intent: 'dispute', deliveryId: lineId, disputeReason: 'No' },
      { intent: 'feedback', lineId, rating: '1', whatChanged: '' },
    ];
    for (const [who, browser] of [
      ['neighbour', neighbour],
      ['beta', betaBuyer],
    ] as const) {
      expect((await viewOrder(browser, order.id)).status, who).toBe(404);
      for (const fields of attempts)
        expect((await act(browser, order.id, fields)).status, `${who} ${fields.intent}`).toBe(404);
      expect(await listOrders(browser), who).toHaveLength(0);
    }

    // The buyer's own order under another provider's address, or a malformed id.
    expect((await viewOrder(buyer, order.id, '', 'beta')).status).toBe(404);
    for (const fields of attempts) expect((await act(buyer, order.id, fields, 'beta')).status, fields.intent).toBe(404);
    expect((await viewOrder(buyer, 'not-a-uuid')).status).toBe(404);
    expect((await act(buyer, 'not-a-uuid', { intent: 'cancel', cancelReason: 'x' })).status).toBe(404);

    // None of that touched it.
    const detail = (await viewOrder(buyer, order.id)).value as OrderView;
    expect(detail.order.status).toBe('awaiting_provider');
  });
});
