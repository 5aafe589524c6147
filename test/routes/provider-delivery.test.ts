import { randomUUID } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { rmSync } from 'node:fs';
import { mailFolder } from '../../app/mail/mailer.server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { confirmDueDeliveries } from '../../app/delivery/auto-confirm.server';
import { giveFeedback } from '../../app/delivery/give-feedback.server';
import { lineForProvider } from '../../app/delivery/load-line.server';
import { logDelivery } from '../../app/delivery/log-delivery.server';
import { respondToDelivery } from '../../app/delivery/respond-to-delivery.server';
import { isDomainError } from '../../app/errors';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as feedbackPage from '../../app/routes/t.$tenant.feedback';
import * as linePage from '../../app/routes/t.$tenant.lines.$lineId';
import * as orderPage from '../../app/routes/t.$tenant.orders.$orderId';
import * as ordersPage from '../../app/routes/t.$tenant.orders._index';
import * as workPage from '../../app/routes/t.$tenant.work._index';
import {
  addBuyer,
  addMember,
  asUser,
  createUser,
  get,
  post,
  respond,
  twoTenants,
  type Browser,
  type TestTenant,
  EP_DAY_FIELDS,
  onDate,
  ownerDb,
  useToday,
} from '../setup/fixtures';
import { readMails } from '../setup/mail';
import { explainStatement } from '../../db/explain.server';
import { captureStatements } from '../../db/statement-count.server';

// Orders here are for the 2025/26 academic year, placed while it runs and accepted on 2 February.
useToday('2026-03-01');
const ACCEPTED_ON = '2026-02-02';

const BASE = 'http://localhost';
const DAY_RATE = 50000;

let alpha: TestTenant;
let beta: TestTenant;
let alphaCtx: TenantContext;
let alphaAdmin: Browser;
let buyer: BuyerContext;
let chargeService: string;
let refuseService: string;

const serviceFields = EP_DAY_FIELDS;

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

async function tenantCtx(userId: string, slug = 'alpha'): Promise<TenantContext> {
  return requireTenantMember(get(`/t/${slug}`, await asUser(userId)), slug);
}

/** The buyer orders 3 days of each service for 2025/26; returns the order id. */
async function placeOrder(serviceIds: string[]): Promise<string> {
  for (const serviceId of serviceIds)
    await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 3 });
  const placed = await submitOrder(
    buyer,
    {
      slug: 'alpha',
      poNumber: '',
      contactName: 'Pat Bursar',
      contactEmail: 'bursar@alpha-school.example',
      idempotencyKey: randomUUID(),
    },
    BASE,
  );
  expect(placed).toHaveLength(1);
  return placed[0]!.id;
}

type OrderData = Awaited<ReturnType<typeof orderPage.loader>>;
type LineData = Awaited<ReturnType<typeof linePage.loader>>;

async function orderData(orderId: string, browser = alphaAdmin): Promise<OrderData> {
  const r = await respond(() =>
    orderPage.loader(args(get(`/t/alpha/orders/${orderId}`, browser), { tenant: 'alpha', orderId })),
  );
  expect(r.status).toBe(200);
  return r.value as OrderData;
}

async function lineData(lineId: string, browser = alphaAdmin): Promise<LineData> {
  const r = await respond(() =>
    linePage.loader(args(get(`/t/alpha/lines/${lineId}`, browser), { tenant: 'alpha', lineId })),
  );
  expect(r.status).toBe(200);
  return r.value as LineData;
}

async function act(orderId: string, fields: Record<string, string>, browser = alphaAdmin) {
  return respond(() =>
    orderPage.action(args(post(`/t/alpha/orders/${orderId}`, fields, browser), { tenant: 'alpha', orderId })),
  );
}

async function logViaRoute(lineId: string, fields: Record<string, string>, browser = alphaAdmin) {
  return respond(() =>
    linePage.action(
      args(
        post(
          `/t/alpha/lines/${lineId}`,
          {
            intent: 'log',
            deliveredOn: '2026-02-20',
            practitionerId: alpha.adminId,
            workType: 'Visit',
            note: '',
            ...fields,
          },
          browser,
        ),
        { tenant: 'alpha', lineId },
      ),
    ),
  );
}

/** An accepted order of both services: returns the order id and its two line ids. */
async function acceptedOrder() {
  const orderId = await placeOrder([chargeService, refuseService]);
  expect((await onDate(ACCEPTED_ON, () => act(orderId, { intent: 'accept' }))).status).toBe(302);
  const { lines } = await orderData(orderId);
  return {
    orderId,
    chargeLine: lines.find((l) => l.serviceCode === 'EP-DAY')!.id,
    refuseLine: lines.find((l) => l.serviceCode === 'EP-REF')!.id,
  };
}

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function errorsOf(value: unknown): Array<{ field?: string; message: string }> {
  return (value as { errors: Array<{ field?: string; message: string }> }).errors;
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaCtx = await tenantCtx(alpha.adminId);
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  chargeService = await createService(alphaCtx, serviceForm.parse(serviceFields));
  refuseService = await createService(
    alphaCtx,
    serviceForm.parse({ ...serviceFields, code: 'EP-REF', name: 'Statutory advice', overagePolicy: 'refuse' }),
  );
  const schedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2025 });
  for (const serviceId of [chargeService, refuseService]) {
    await changeServiceStatus(alphaCtx, serviceId, 'published');
    for (const customerClass of ['own_maintained', 'academy'] as const)
      await setServicePrice(alphaCtx, schedule, serviceId, customerClass, {
        model: 'per_unit',
        unitPricePence: DAY_RATE,
        minimumChargePence: 0,
        rounding: 'penny',
      });
  }
  await publishSchedule(alphaCtx, schedule);
  buyer = await requireBuyer(get('/buy', await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)));
});

describe('deciding an order', () => {
  it('lists a submitted order as waiting, and accepting makes its lines active', async () => {
    const orderId = await placeOrder([chargeService]);
    const list = await respond(() => ordersPage.loader(args(get('/t/alpha/orders', alphaAdmin), { tenant: 'alpha' })));
    const orders = list.value as Awaited<ReturnType<typeof ordersPage.loader>>;
    expect(orders.waiting.map((o) => o.id)).toEqual([orderId]);
    expect(orders.all[0]).toMatchObject({ id: orderId, buyerName: 'alpha primary school', totalPence: 3 * DAY_RATE });

    const before = await orderData(orderId);
    expect(before.order.status).toBe('awaiting_provider');
    expect(before.order.settlementMethod).toBe('recharge');
    expect(before.lines[0]!.status).toBe('pending');

    const accepted = await act(orderId, { intent: 'accept' });
    expect(accepted.status).toBe(302);
    expect(accepted.response!.headers.get('location')).toBe(`/t/alpha/orders/${orderId}?done=accepted`);
    const after = await orderData(orderId);
    expect(after.order.status).toBe('accepted');
    expect(after.lines.every((l) => l.status === 'active')).toBe(true);

    // Accepting twice is refused with a message, not an error page.
    const again = await act(orderId, { intent: 'accept' });
    expect(again.status).toBe(409);
    expect(errorsOf(again.value)[0]!.message).toMatch(/not waiting for the provider/);
  });

  it('declining needs a reason, and the lines are declined', async () => {
    const orderId = await placeOrder([chargeService]);
    const blank = await act(orderId, { intent: 'decline', reason: '  ' });
    expect(blank.status).toBe(400);
    expect(errorsOf(blank.value)).toEqual([{ field: 'reason', message: 'Enter a reason for declining the order' }]);
    expect((await act(orderId, { intent: 'decline', reason: 'No capacity this term' })).status).toBe(302);
    const after = await orderData(orderId);
    expect(after.order.status).toBe('declined');
    expect(after.order.closedReason).toBe('No capacity this term');
    expect(after.lines[0]!.status).toBe('declined');
  });

  it('finance may view orders but not decide them; a practitioner may not view them', async () => {
    const orderId = await placeOrder([chargeService]);
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    const view = await orderData(orderId, finance);
    expect(view.canManage).toBe(false);
    expect((await act(orderId, { intent: 'accept' }, finance)).status).toBe(403);
    const practitionerId = await createUser('ep@alpha.example', 'Priya Practitioner');
    await addMember(alpha.id, practitionerId, 'practitioner');
    const practitioner = await asUser(practitionerId, `tenant:${alpha.id}`);
    expect((await respond(() => ordersPage.loader(args(get('', practitioner), { tenant: 'alpha' })))).status).toBe(403);
    expect(
      (await respond(() => orderPage.loader(args(get('', practitioner), { tenant: 'alpha', orderId })))).status,
    ).toBe(403);
  });

  it('assigns a practitioner and a contact officer; the practitioner sees the line as their work', async () => {
    const { orderId, chargeLine } = await acceptedOrder();
    const practitionerId = await createUser('ep@alpha.example', 'Priya Practitioner');
    await addMember(alpha.id, practitionerId, 'practitioner');

    const outsider = await act(orderId, { intent: 'assign', lineId: chargeLine, assignTo: beta.adminId });
    expect(outsider.status).toBe(400);
    expect(errorsOf(outsider.value)[0]!.field).toBe('assignTo');

    expect((await act(orderId, { intent: 'assign', lineId: chargeLine, assignTo: practitionerId })).status).toBe(302);
    expect((await act(orderId, { intent: 'contact', contactOfficer: practitionerId })).status).toBe(302);
    const after = await orderData(orderId);
    expect(after.lines.find((l) => l.id === chargeLine)!.assignedName).toBe('Priya Practitioner');
    expect(after.contactOfficer?.name).toBe('Priya Practitioner');

    const practitioner = await asUser(practitionerId, `tenant:${alpha.id}`);
    const work = await respond(() => workPage.loader(args(get('', practitioner), { tenant: 'alpha' })));
    const mine = work.value as Awaited<ReturnType<typeof workPage.loader>>;
    expect(mine.mine.map((l) => l.id)).toEqual([chargeLine]);
    expect(mine.all).toBeNull();
    const managerWork = (await respond(() => workPage.loader(args(get('', alphaAdmin), { tenant: 'alpha' }))))
      .value as typeof mine;
    expect(managerWork.mine).toEqual([]);
    expect(managerWork.all).toHaveLength(2);

    // Nobody: the assignment is cleared.
    expect((await act(orderId, { intent: 'assign', lineId: chargeLine, assignTo: '' })).status).toBe(302);
    expect((await orderData(orderId)).lines.find((l) => l.id === chargeLine)!.assignedName).toBeNull();
  });

  it("an assignment naming another order's line is not found", async () => {
    const first = await acceptedOrder();
    const otherOrder = await placeOrder([chargeService]);
    const r = await act(otherOrder, { intent: 'assign', lineId: first.chargeLine, assignTo: alpha.adminId });
    expect(r.status).toBe(404);
  });
});

describe('logging delivery', () => {
  it('logs 2 days against a 3-day line', async () => {
    const { chargeLine } = await acceptedOrder();
    const logged = await logViaRoute(chargeLine, { units: '1', note: 'Observed Year 4 and met the SENCo' });
    expect(logged.status).toBe(302);
    expect(logged.response!.headers.get('location')).toBe(`/t/alpha/lines/${chargeLine}?logged=1`);
    expect((await logViaRoute(chargeLine, { units: '1', deliveredOn: '2026-02-23' })).status).toBe(302);
    const { line, deliveries } = await lineData(chargeLine);
    expect(line.position.agreed.allowanceHundredths).toBe(300);
    expect(line.position.delivered).toMatchObject({ loggedHundredths: 200, confirmedHundredths: 0 });
    expect(line.position.remainingHundredths).toBe(100);
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]).toMatchObject({
      deliveredOn: '2026-02-20',
      unitsHundredths: 100,
      practitionerName: 'alpha admin',
      workType: 'Visit',
      status: 'logged',
    });
  });

  it('reads the date from the GOV.UK date input, and says what is missing or wrong in it', async () => {
    const { chargeLine } = await acceptedOrder();
    const byParts = (day: string, month: string, year: string) =>
      logViaRoute(chargeLine, {
        units: '1',
        deliveredOn: '',
        'deliveredOn-day': day,
        'deliveredOn-month': month,
        'deliveredOn-year': year,
      });
    expect((await byParts('23', '2', '2026')).status).toBe(302);
    expect((await lineData(chargeLine)).deliveries.map((d) => d.deliveredOn)).toEqual(['2026-02-23']);
    for (const [parts, message] of [
      [['', '', ''], 'Enter the date the work was done'],
      [['23', '', '2026'], 'The date the work was done must include a month'],
      [['31', '2', '2026'], 'The date the work was done must be a real date'],
      [['x', '2', '2026'], 'The date the work was done must be a real date'],
    ] as const) {
      const refused = await byParts(parts[0], parts[1], parts[2]);
      expect(refused.status).toBe(400);
      expect(errorsOf(refused.value)).toEqual([{ field: 'deliveredOn', message }]);
      // What was typed comes back, to show in the three fields.
      expect((refused.value as { values: Record<string, string> }).values).toMatchObject({
        'deliveredOn-day': parts[0],
        'deliveredOn-month': parts[1],
      });
    }
    expect((await lineData(chargeLine)).deliveries).toHaveLength(1);
  });

  it('beyond what was bought is charged at the agreed per-unit rate once confirmed', async () => {
    const { chargeLine } = await acceptedOrder();
    const ids: string[] = [];
    for (const [units, deliveredOn] of [
      ['1', '2026-02-16'],
      ['1', '2026-02-17'],
      ['1', '2026-02-18'],
      ['0.5', '2026-02-19'],
    ] as const) {
      expect((await logViaRoute(chargeLine, { units, deliveredOn })).status).toBe(302);
    }
    let { line, deliveries } = await lineData(chargeLine);
    expect(line.position.agreed.overageUnitPricePence).toBe(DAY_RATE);
    expect(line.position.beyondAllowance).toEqual({
      recordedHundredths: 50,
      confirmedHundredths: 0,
      heldHundredths: 50,
    });
    // Nothing is charged until the school confirms (or the days to answer pass).
    expect(line.position.overageChargePence).toBe(0);
    for (const d of deliveries) ids.push(d.id);
    for (const id of ids) await respondToDelivery(buyer, 'alpha', id, { confirm: true }, BASE);
    ({ line, deliveries } = await lineData(chargeLine));
    expect(line.position.overageChargePence).toBe((50 * DAY_RATE) / 100);
    expect(line.position.overageChargePence).toBe(25000);
    expect(line.position.owedPence).toBe(3 * DAY_RATE + 25000);
    expect(line.position.remainingHundredths).toBe(0);
  });

  it('beyond what was bought is refused where the service allows no more', async () => {
    const { refuseLine } = await acceptedOrder();
    expect((await lineData(refuseLine)).line.position.agreed.overageUnitPricePence).toBeNull();
    for (const deliveredOn of ['2026-02-16', '2026-02-17', '2026-02-18'])
      expect((await logViaRoute(refuseLine, { units: '1', deliveredOn })).status).toBe(302);
    const r = await logViaRoute(refuseLine, { units: '0.5' });
    expect(r.status).toBe(409);
    expect(errorsOf(r.value)[0]!.field).toBe('units');
    expect(errorsOf(r.value)[0]!.message).toMatch(/allows no more/);
    expect((await lineData(refuseLine)).deliveries).toHaveLength(3);
  });

  it('nothing can be logged against a cancelled line', async () => {
    const { orderId, chargeLine } = await acceptedOrder();
    const noReason = await act(orderId, { intent: 'cancel', cancelReason: '' });
    expect(noReason.status).toBe(400);
    expect(errorsOf(noReason.value)[0]!.field).toBe('cancelReason');
    expect((await act(orderId, { intent: 'cancel', cancelReason: 'School closed for refurbishment' })).status).toBe(
      302,
    );
    expect((await orderData(orderId)).order.status).toBe('cancelled');
    const r = await logViaRoute(chargeLine, { units: '1' });
    expect(r.status).toBe(409);
    expect(errorsOf(r.value)[0]!.message).toMatch(/it is cancelled/);
    const err = await refusal(() =>
      logDelivery(
        alphaCtx,
        chargeLine,
        { deliveredOn: '2026-02-20', unitsHundredths: 100, practitionerId: alpha.adminId, workType: 'Visit', note: '' },
        BASE,
        '2026-03-01',
      ),
    );
    expect(err.code).toBe('delivery.line_not_active');
  });

  it('an order with work logged against it cannot be cancelled', async () => {
    const { orderId, chargeLine } = await acceptedOrder();
    expect((await logViaRoute(chargeLine, { units: '1' })).status).toBe(302);
    const r = await act(orderId, { intent: 'cancel', cancelReason: 'Changed our mind' });
    expect(r.status).toBe(409);
    expect(errorsOf(r.value)[0]!.field).toBe('cancelReason');
  });

  it('a date in the future or outside the contract year is refused, naming the date field', async () => {
    const { chargeLine } = await acceptedOrder();
    const input = { unitsHundredths: 100, practitionerId: alpha.adminId, workType: 'Visit', note: '' };
    const future = await refusal(() =>
      logDelivery(alphaCtx, chargeLine, { ...input, deliveredOn: '2026-03-05' }, BASE, '2026-03-01'),
    );
    expect(future.field).toBe('deliveredOn');
    expect(future.message).toMatch(/future/);
    const before = await refusal(() =>
      logDelivery(alphaCtx, chargeLine, { ...input, deliveredOn: '2025-08-31' }, BASE, '2026-03-01'),
    );
    expect(before.field).toBe('deliveredOn');
    expect(before.message).toMatch(/period, 2 February 2026 to 31 August 2026/);
    // Nor before the order was accepted (2 February), though inside the contract year.
    const beforeAccepted = await refusal(() =>
      logDelivery(alphaCtx, chargeLine, { ...input, deliveredOn: '2026-02-01' }, BASE, '2026-03-01'),
    );
    expect(beforeAccepted.field).toBe('deliveredOn');
    expect(beforeAccepted.message).toMatch(/period, 2 February 2026/);

    const outside = await logViaRoute(chargeLine, { units: '1', deliveredOn: '2024-05-01' });
    expect(outside.status).toBe(400);
    expect(errorsOf(outside.value)).toEqual([
      { field: 'deliveredOn', message: expect.stringMatching(/this line's period/) },
    ]);
    const unreal = await logViaRoute(chargeLine, { units: '1', deliveredOn: '2026-02-30' });
    expect(unreal.status).toBe(400);
    expect(errorsOf(unreal.value)[0]!.field).toBe('deliveredOn');
    const badUnits = await logViaRoute(chargeLine, { units: '0' });
    expect(errorsOf(badUnits.value)[0]!.field).toBe('units');
    expect((await lineData(chargeLine)).deliveries).toHaveLength(0);
  });

  it('the practitioner must work for this provider', async () => {
    const { chargeLine } = await acceptedOrder();
    const r = await logViaRoute(chargeLine, { units: '1', practitionerId: beta.adminId });
    expect(r.status).toBe(400);
    expect(errorsOf(r.value)[0]!.field).toBe('practitionerId');
  });
});

describe('confirming, disputing and resolving', () => {
  async function logOne(lineId: string, units = 100, deliveredOn = '2026-02-20') {
    return logDelivery(
      alphaCtx,
      lineId,
      { deliveredOn, unitsHundredths: units, practitionerId: alpha.adminId, workType: 'Visit', note: '' },
      BASE,
      '2026-03-01',
    );
  }

  it('a disputed record is resolved by a manager, with a note', async () => {
    const { chargeLine, refuseLine } = await acceptedOrder();
    const deliveryId = await logOne(chargeLine);
    await respondToDelivery(
      buyer,
      'alpha',
      deliveryId,
      { confirm: false, reason: 'Only half a day was spent here' },
      BASE,
    );
    expect((await lineData(chargeLine)).deliveries[0]).toMatchObject({
      status: 'disputed',
      disputeReason: 'Only half a day was spent here',
    });

    const resolve = (fields: Record<string, string>, browser = alphaAdmin, lineId = chargeLine) =>
      respond(() =>
        linePage.action(
          args(post('', { intent: 'resolve', deliveryId, ...fields }, browser), { tenant: 'alpha', lineId }),
        ),
      );

    // A practitioner may log work but not settle disputes.
    const practitionerId = await createUser('ep@alpha.example', 'Priya Practitioner');
    await addMember(alpha.id, practitionerId, 'practitioner');
    const stands = { outcome: 'stands' };
    expect(
      (await resolve({ ...stands, resolution: 'Agreed' }, await asUser(practitionerId, `tenant:${alpha.id}`))).status,
    ).toBe(403);
    // The record must belong to the line in the address.
    expect((await resolve({ ...stands, resolution: 'Agreed' }, alphaAdmin, refuseLine)).status).toBe(404);
    const blank = await resolve({ ...stands, resolution: ' ' });
    expect(blank.status).toBe(400);
    expect(errorsOf(blank.value)[0]!.field).toBe('resolution');
    const noOutcome = await resolve({ resolution: 'Agreed' });
    expect(noOutcome.status).toBe(400);
    expect(errorsOf(noOutcome.value)[0]!.field).toBe('outcome');

    const ok = await resolve({ ...stands, resolution: 'We were there all day: the record stands' });
    expect(ok.status).toBe(302);
    expect(ok.response!.headers.get('location')).toBe(`/t/alpha/lines/${chargeLine}?resolved=1`);
    const { line, deliveries } = await lineData(chargeLine);
    expect(deliveries[0]).toMatchObject({
      status: 'confirmed',
      resolutionOutcome: 'stands',
      resolutionNote: 'We were there all day: the record stands',
    });
    expect(line.position.delivered).toMatchObject({ confirmedHundredths: 100, disputedHundredths: 0 });

    const twice = await resolve({ ...stands, resolution: 'Again' });
    expect(twice.status).toBe(409);
  });

  it('auto-confirm confirms a logged record once its date has passed and leaves a disputed one', async () => {
    const { chargeLine } = await acceptedOrder();
    const quiet = await logOne(chargeLine);
    const disputed = await logOne(chargeLine, 100, '2026-02-23');
    await respondToDelivery(buyer, 'alpha', disputed, { confirm: false, reason: 'Not delivered' }, BASE);
    // Logged on 1 March: the school has 10 days.
    expect((await lineData(chargeLine)).deliveries.find((d) => d.id === quiet)!.confirmBy).toBe('2026-03-11');
    expect(await confirmDueDeliveries('2026-03-05')).toBe(0);
    expect(await confirmDueDeliveries('2026-03-20')).toBe(1);
    const { deliveries } = await lineForProvider(alphaCtx, chargeLine);
    expect(deliveries.find((d) => d.id === quiet)).toMatchObject({ status: 'confirmed', autoConfirmed: true });
    expect(deliveries.find((d) => d.id === disputed)).toMatchObject({ status: 'disputed', autoConfirmed: false });
  });

  it("auto-confirm finds a tenant's records waiting for confirmation by their own index, not by reading every record", async () => {
    const { captured } = await captureStatements(() => confirmDueDeliveries('2026-03-20'));
    const update = captured.find((q) => /^update "deliveries"/.test(q.sql));
    expect(update, 'the job updates the records due').toBeDefined();
    // The world is small, so the planner is told to avoid reading tables end to end: of the ways
    // left, the cheapest must be the index of logged records by tenant and date.
    const plan = await explainStatement(await ownerDb(), update!, [
      CompiledQuery.raw('set local enable_seqscan = off'),
    ]);
    expect(plan).toMatch(/Index Scan using deliveries_to_confirm on deliveries/);
  });
});

describe('feedback', () => {
  it('averages ratings by service and by practitioner, to one decimal place', async () => {
    const { orderId, chargeLine, refuseLine } = await acceptedOrder();
    const practitionerId = await createUser('ep@alpha.example', 'Priya Practitioner');
    await addMember(alpha.id, practitionerId, 'practitioner');
    expect((await act(orderId, { intent: 'assign', lineId: chargeLine, assignTo: practitionerId })).status).toBe(302);
    for (const lineId of [chargeLine, refuseLine]) {
      const deliveryId = await logDelivery(
        alphaCtx,
        lineId,
        { deliveredOn: '2026-02-20', unitsHundredths: 100, practitionerId, workType: 'Visit', note: '' },
        BASE,
        '2026-03-01',
      );
      await respondToDelivery(buyer, 'alpha', deliveryId, { confirm: true }, BASE);
    }
    const headId = await createUser('head@alpha-school.example', 'alpha head');
    await addBuyer(alpha.schoolOrganisationId, headId, 'approver');
    const head = await requireBuyer(get('/buy', await asUser(headId, `org:${alpha.schoolOrganisationId}`)));
    await giveFeedback(buyer, 'alpha', chargeLine, { rating: 4, whatChanged: 'Clear plan for two pupils' });
    await giveFeedback(head, 'alpha', chargeLine, { rating: 5, whatChanged: '' });
    await giveFeedback(buyer, 'alpha', refuseLine, { rating: 2, whatChanged: 'Report came late' });
    await giveFeedback(head, 'alpha', refuseLine, { rating: 3, whatChanged: '' });
    const third = await createUser('sbm2@alpha-school.example', 'alpha deputy');
    await addBuyer(alpha.schoolOrganisationId, third, 'business_manager');
    const deputy = await requireBuyer(get('/buy', await asUser(third, `org:${alpha.schoolOrganisationId}`)));
    await giveFeedback(deputy, 'alpha', refuseLine, { rating: 3, whatChanged: '' });

    const r = await respond(() => feedbackPage.loader(args(get('/t/alpha/feedback', alphaAdmin), { tenant: 'alpha' })));
    expect(r.status).toBe(200);
    const report = r.value as Awaited<ReturnType<typeof feedbackPage.loader>>;
    expect(report.byService).toEqual([
      { name: 'EP-DAY Educational psychology day', average: 4.5, count: 2 },
      { name: 'EP-REF Statutory advice', average: 2.7, count: 3 },
    ]);
    expect(report.byPractitioner).toEqual([
      { name: 'Nobody assigned', average: 2.7, count: 3 },
      { name: 'Priya Practitioner', average: 4.5, count: 2 },
    ]);
    expect(report.comments.map((c) => [c.service, c.practitioner, c.customer, c.rating, c.whatChanged]).sort()).toEqual(
      [
        [
          'EP-DAY Educational psychology day',
          'Priya Practitioner',
          'alpha primary school',
          4,
          'Clear plan for two pupils',
        ],
        ['EP-REF Statutory advice', 'Nobody assigned', 'alpha primary school', 2, 'Report came late'],
      ],
    );

    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    expect((await respond(() => feedbackPage.loader(args(get('', finance), { tenant: 'alpha' })))).status).toBe(403);
  });
});

describe("delivery routes answer 404 to another tenant's ids", () => {
  it('order page, line page and their actions', async () => {
    const { orderId, chargeLine } = await acceptedOrder();
    const deliveryId = await logDelivery(
      alphaCtx,
      chargeLine,
      { deliveredOn: '2026-02-20', unitsHundredths: 100, practitionerId: alpha.adminId, workType: 'Visit', note: '' },
      BASE,
      '2026-03-01',
    );
    await respondToDelivery(buyer, 'alpha', deliveryId, { confirm: false, reason: 'Not delivered' }, BASE);
    const waiting = await placeOrder([chargeService]);
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);

    for (const tenant of ['alpha', 'beta']) {
      for (const id of [orderId, waiting]) {
        const p = { tenant, orderId: id };
        expect((await respond(() => orderPage.loader(args(get('', betaAdmin), p)))).status, tenant).toBe(404);
        const forms: Array<Record<string, string>> = [
          { intent: 'accept' },
          { intent: 'decline', reason: 'Hijacked' },
          { intent: 'cancel', cancelReason: 'Hijacked' },
          { intent: 'assign', lineId: chargeLine, assignTo: beta.adminId },
          { intent: 'contact', contactOfficer: beta.adminId },
        ];
        for (const fields of forms)
          expect(
            (await respond(() => orderPage.action(args(post('', fields, betaAdmin), p)))).status,
            `${tenant} ${fields.intent}`,
          ).toBe(404);
      }
      const p = { tenant, lineId: chargeLine };
      expect((await respond(() => linePage.loader(args(get('', betaAdmin), p)))).status, tenant).toBe(404);
      const log = {
        intent: 'log',
        deliveredOn: '2026-02-20',
        units: '1',
        practitionerId: beta.adminId,
        workType: 'Visit',
        note: '',
      };
      expect((await respond(() => linePage.action(args(post('', log, betaAdmin), p)))).status, tenant).toBe(404);
      const resolve = { intent: 'resolve', deliveryId, outcome: 'voided', resolution: 'Hijacked' };
      expect((await respond(() => linePage.action(args(post('', resolve, betaAdmin), p)))).status, tenant).toBe(404);
    }
    // Lists under another tenant's slug.
    for (const route of [ordersPage.loader, workPage.loader, feedbackPage.loader])
      expect((await respond(() => route(args(get('', betaAdmin), { tenant: 'alpha' })))).status).toBe(404);
    // Beta's own lists show nothing of alpha's.
    const betaOrders = (await respond(() => ordersPage.loader(args(get('', betaAdmin), { tenant: 'beta' }))))
      .value as Awaited<ReturnType<typeof ordersPage.loader>>;
    expect(betaOrders.all).toEqual([]);

    // Nothing changed at alpha.
    expect((await orderData(waiting)).order.status).toBe('awaiting_provider');
    const after = await orderData(orderId);
    expect(after.order.status).toBe('accepted');
    expect(after.lines.find((l) => l.id === chargeLine)!.assignedName).toBeNull();
    expect(after.contactOfficer).toBeNull();
    const { deliveries } = await lineData(chargeLine);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.status).toBe('disputed');
  });

  it('malformed ids are not found, and the owner gets 200', async () => {
    const { orderId, chargeLine } = await acceptedOrder();
    expect(
      (await respond(() => orderPage.loader(args(get('', alphaAdmin), { tenant: 'alpha', orderId: 'not-a-uuid' }))))
        .status,
    ).toBe(404);
    expect(
      (await respond(() => linePage.loader(args(get('', alphaAdmin), { tenant: 'alpha', lineId: `${chargeLine}x` }))))
        .status,
    ).toBe(404);
    expect(
      (
        await respond(() =>
          orderPage.action(args(post('', { intent: 'accept' }, alphaAdmin), { tenant: 'alpha', orderId: '1' })),
        )
      ).status,
    ).toBe(404);
    expect(
      (await respond(() => orderPage.loader(args(get('', alphaAdmin), { tenant: 'alpha', orderId })))).status,
    ).toBe(200);
    expect(
      (await respond(() => linePage.loader(args(get('', alphaAdmin), { tenant: 'alpha', lineId: chargeLine })))).status,
    ).toBe(200);
  });
});

describe('mail about an order', () => {
  it('goes to the contact given at checkout as well as the person who ordered, from the party it is sent for', async () => {
    // Order references start again with each test's fresh database: read only this test's mail.
    rmSync(mailFolder(), { recursive: true, force: true });
    const sent = async () => (await readMails()).filter((m) => m.subject.includes(reference));
    await addToBasket(buyer, { slug: 'alpha', serviceId: chargeService, yearKey: 'academic:2025-09-01', quantity: 3 });
    const [placed] = await submitOrder(
      buyer,
      {
        slug: 'alpha',
        poNumber: 'PO-77',
        contactName: 'School Office',
        contactEmail: 'office@alpha-school.example',
        idempotencyKey: randomUUID(),
      },
      BASE,
    );
    const reference = placed!.reference;

    const confirmations = (await sent()).filter((m) => m.subject === `Order ${reference} submitted`);
    expect(confirmations.map((m) => m.to).sort()).toEqual([
      'bursar@alpha-school.example',
      'office@alpha-school.example',
    ]);
    for (const mail of confirmations)
      expect(mail).toMatchObject({ fromName: 'alpha education services', replyTo: 'alpha@example.com' });
    // The provider hears from the school, and a reply reaches the school's contact.
    const toProvider = (await sent()).find((m) => m.to === 'alpha@example.com')!;
    expect(toProvider).toMatchObject({
      subject: `New order ${reference} from alpha primary school`,
      fromName: 'alpha primary school',
      replyTo: 'office@alpha-school.example',
    });

    expect((await onDate(ACCEPTED_ON, () => act(placed!.id, { intent: 'accept' }))).status).toBe(302);
    const accepted = (await sent()).filter((m) => m.subject === `Order ${reference} accepted`);
    expect(accepted.map((m) => m.to).sort()).toEqual(['bursar@alpha-school.example', 'office@alpha-school.example']);
    expect(accepted[0]).toMatchObject({ fromName: 'alpha education services', replyTo: 'alpha@example.com' });
    expect(accepted[0]!.html).toMatch(new RegExp(`<a href="https?://[^"]+/buy/orders/alpha/${placed!.id}">`));
  });
});
