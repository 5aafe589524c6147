import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { orderForBuyer, orderForProvider } from '../../app/commissioning/order-detail.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { lineForProvider } from '../../app/delivery/load-line.server';
import { logDelivery } from '../../app/delivery/log-delivery.server';
import { resolveDispute, respondToDelivery } from '../../app/delivery/respond-to-delivery.server';
import { priceModelSchema, type PriceModelInput } from '../../app/pricing/price-model';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as linePage from '../../app/routes/t.$tenant.lines.$lineId';
import {
  asUser,
  EP_DAY_FIELDS,
  get,
  onDate,
  ownerDb,
  post,
  respond,
  twoTenants,
  type Browser,
  type TestTenant,
  useToday,
} from '../setup/fixtures';

// The 2025/26 academic year; orders accepted on 2 February, work logged before 1 March.
useToday('2026-03-01');

let alpha: TestTenant;
let alphaCtx: TenantContext;
let alphaAdmin: Browser;
let buyer: BuyerContext;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  alphaCtx = await requireTenantMember(get('/t/alpha', alphaAdmin), 'alpha', 'orders.manage');
  buyer = await requireBuyer(
    get('/buy', await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)),
    'buy.order',
  );
});

/** Services priced one way each, published in one 2025/26 schedule; returns their ids. */
async function publishServices(specs: Array<{ fields: Record<string, string>; price: PriceModelInput }>) {
  const schedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2025 });
  const ids: string[] = [];
  for (const { fields, price } of specs) {
    const serviceId = await createService(alphaCtx, serviceForm.parse({ ...EP_DAY_FIELDS, ...fields }));
    await changeServiceStatus(alphaCtx, serviceId, 'published');
    for (const cls of ['own_maintained', 'academy'] as const)
      await setServicePrice(alphaCtx, schedule, serviceId, cls, priceModelSchema.parse(price));
    ids.push(serviceId);
  }
  await publishSchedule(alphaCtx, schedule);
  return ids;
}

/** An order for the service, accepted on 2 February 2026; returns the order and line ids. */
async function orderAccepted(serviceId: string, quantity = 1) {
  await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity });
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
  await onDate('2026-02-02', () => decideOrder(alphaCtx, placed!.id, { accept: true }, 'x'));
  return { orderId: placed!.id, lineId: (await orderForProvider(alphaCtx, placed!.id)).lines[0]!.id };
}

async function acceptedLine(fields: Record<string, string>, price: PriceModelInput, quantity = 1) {
  const [serviceId] = await publishServices([{ fields, price }]);
  return orderAccepted(serviceId!, quantity);
}

const visit = (deliveredOn: string, unitsHundredths = 100) => ({
  deliveredOn,
  unitsHundredths,
  practitionerId: alpha.adminId,
  workType: 'Visit',
  note: '',
});

const perDay = { model: 'per_unit', unitPricePence: 50000 } as const;

describe('delivery against every pricing model', () => {
  it('a flat fee plus per pupil line records any number of visits and draws nothing down', async () => {
    const db = await ownerDb();
    const school = await db
      .selectFrom('organisations')
      .select('urn')
      .where('id', '=', alpha.schoolOrganisationId)
      .executeTakeFirstOrThrow();
    await db.updateTable('schools').set({ pupils: 420 }).where('urn', '=', school.urn!).execute();
    const { lineId } = await acceptedLine(
      { code: 'CLERK', name: 'Clerking', unitKind: 'meeting', unitHours: '' },
      { model: 'flat_plus_per_pupil', flatPence: 46614, perPupilPence: 114 },
    );
    for (const day of ['03', '10', '17'])
      await logDelivery(alphaCtx, lineId, visit(`2026-02-${day}`), 'x', '2026-03-01');
    const { line } = await lineForProvider(alphaCtx, lineId);
    expect(line.position.agreed.allowanceHundredths).toBeNull();
    expect(line.position.delivered.loggedHundredths).toBe(300);
    expect(line.position.remainingHundredths).toBeNull();
    expect(line.position.beyondAllowance.recordedHundredths).toBe(0);
    expect(line.position.owedPence).toBe(line.position.agreed.totalPence);
  });

  it('a subscription that includes meetings draws them down, and one without records visits', async () => {
    const [governors, hrLine] = await publishServices([
      {
        fields: { code: 'GOV', name: 'Governor support', unitKind: 'meeting', unitHours: '' },
        price: { model: 'subscription', annualPence: 120000, instalments: 'termly', includedUnits: 6 },
      },
      {
        fields: { code: 'HR', name: 'HR advice line', unitKind: 'meeting', unitHours: '' },
        price: { model: 'subscription', annualPence: 90000, instalments: 'annual' },
      },
    ]);
    const included = await orderAccepted(governors!);
    for (const day of ['03', '10'])
      await logDelivery(alphaCtx, included.lineId, visit(`2026-02-${day}`), 'x', '2026-03-01');
    const { line } = await lineForProvider(alphaCtx, included.lineId);
    expect(line.position.agreed.allowanceHundredths).toBe(600);
    expect(line.position.remainingHundredths).toBe(400);

    const access = await orderAccepted(hrLine!);
    for (const day of ['03', '04', '05'])
      await logDelivery(alphaCtx, access.lineId, visit(`2026-02-${day}`), 'x', '2026-03-01');
    const accessLine = (await lineForProvider(alphaCtx, access.lineId)).line;
    expect(accessLine.position.agreed.allowanceHundredths).toBeNull();
    expect(accessLine.position.delivered.loggedHundredths).toBe(300);
  });
});

describe('dates and capacity', () => {
  it('refuses work dated before the order was accepted, and more than one day on one date', async () => {
    const { lineId } = await acceptedLine({}, perDay, 3);
    await expect(logDelivery(alphaCtx, lineId, visit('2026-01-30'), 'x', '2026-03-01')).rejects.toMatchObject({
      code: 'delivery.date',
      field: 'deliveredOn',
    });
    await expect(logDelivery(alphaCtx, lineId, visit('2026-02-20', 250), 'x', '2026-03-01')).rejects.toMatchObject({
      code: 'delivery.capacity',
      field: 'units',
    });
    await logDelivery(alphaCtx, lineId, visit('2026-02-20', 50), 'x', '2026-03-01');
    await expect(logDelivery(alphaCtx, lineId, visit('2026-02-20', 100), 'x', '2026-03-01')).rejects.toMatchObject({
      code: 'delivery.capacity',
      message: expect.stringMatching(/0\.5 more/),
    });
    await logDelivery(alphaCtx, lineId, visit('2026-02-20', 50), 'x', '2026-03-01');
    expect((await lineForProvider(alphaCtx, lineId)).deliveries).toHaveLength(2);
  });

  it('the line page answers capacity and period refusals with field errors, saving nothing', async () => {
    const { lineId } = await acceptedLine({}, perDay, 3);
    const log = (fields: Record<string, string>) =>
      respond(() =>
        linePage.action({
          request: post(
            `/t/alpha/lines/${lineId}`,
            { intent: 'log', practitionerId: alpha.adminId, workType: 'Visit', note: '', ...fields },
            alphaAdmin,
          ),
          params: { tenant: 'alpha', lineId },
          context: {},
        }),
      );
    const tooMuch = await log({ deliveredOn: '2026-02-20', units: '2.5' });
    expect(tooMuch.status).toBe(400);
    expect((tooMuch.value as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('units');
    const early = await log({ deliveredOn: '2026-01-15', units: '1' });
    expect(early.status).toBe(400);
    expect((early.value as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('deliveredOn');
    expect((await lineForProvider(alphaCtx, lineId)).deliveries).toHaveLength(0);
  });
});

describe('disputes change the money', () => {
  async function disputedDay(lineId: string, deliveredOn: string, units = 100) {
    const id = await logDelivery(alphaCtx, lineId, visit(deliveredOn, units), 'x', '2026-03-01');
    await respondToDelivery(buyer, 'alpha', id, { confirm: false, reason: 'Nobody came' }, 'x');
    return id;
  }

  it('a record that did not happen is voided: it counts for nothing and later work is not overage', async () => {
    const { lineId } = await acceptedLine({}, perDay, 2);
    const first = await logDelivery(alphaCtx, lineId, visit('2026-02-09'), 'x', '2026-03-01');
    await respondToDelivery(buyer, 'alpha', first, { confirm: true }, 'x');
    const voided = await disputedDay(lineId, '2026-02-10');
    let position = (await lineForProvider(alphaCtx, lineId)).line.position;
    expect(position.delivered).toMatchObject({ confirmedHundredths: 100, disputedHundredths: 100 });
    await resolveDispute(alphaCtx, voided, { outcome: 'voided', note: 'Visit was cancelled on the day' });
    const later = await logDelivery(alphaCtx, lineId, visit('2026-02-16'), 'x', '2026-03-01');
    await respondToDelivery(buyer, 'alpha', later, { confirm: true }, 'x');
    position = (await lineForProvider(alphaCtx, lineId)).line.position;
    expect(position.delivered).toMatchObject({
      confirmedHundredths: 200,
      disputedHundredths: 0,
      voidedHundredths: 100,
      recordedHundredths: 200,
    });
    expect(position.beyondAllowance.recordedHundredths).toBe(0);
    expect(position.overageChargePence).toBe(0);
    expect(position.owedPence).toBe(100000);
  });

  it('a correction replaces the disputed record with fewer units, keeping the original', async () => {
    const { lineId } = await acceptedLine({}, perDay, 3);
    const disputed = await disputedDay(lineId, '2026-02-10');
    await expect(
      resolveDispute(alphaCtx, disputed, { outcome: 'corrected', unitsHundredths: 100, note: 'Same' }),
    ).rejects.toMatchObject({ code: 'delivery.correction', field: 'correctedUnits' });
    await expect(
      resolveDispute(alphaCtx, disputed, { outcome: 'corrected', unitsHundredths: 150, note: 'More' }),
    ).rejects.toMatchObject({ code: 'delivery.correction' });
    await resolveDispute(alphaCtx, disputed, { outcome: 'corrected', unitsHundredths: 50, note: 'Half a day' });
    const { line, deliveries } = await lineForProvider(alphaCtx, lineId);
    expect(deliveries.map((d) => [d.status, d.unitsHundredths, d.correctsId])).toEqual([
      ['corrected', 100, null],
      ['confirmed', 50, disputed],
    ]);
    expect(line.position.delivered).toMatchObject({ confirmedHundredths: 50, correctedHundredths: 100 });
    // The buyer sees the same.
    const buyerLine = (await orderForBuyer(buyer, 'alpha', line.orderId)).lines[0]!;
    expect(buyerLine.position.delivered.confirmedHundredths).toBe(50);
  });

  it('the line page refuses a correction larger than the original with a field error', async () => {
    const { lineId } = await acceptedLine({}, perDay, 3);
    const disputed = await disputedDay(lineId, '2026-02-10');
    const r = await respond(() =>
      linePage.action({
        request: post(
          `/t/alpha/lines/${lineId}`,
          { intent: 'resolve', deliveryId: disputed, outcome: 'corrected', correctedUnits: '2', resolution: 'More' },
          alphaAdmin,
        ),
        params: { tenant: 'alpha', lineId },
        context: {},
      }),
    );
    expect(r.status).toBe(400);
    expect((r.value as { errors: Array<{ field: string; message: string }> }).errors).toEqual([
      { field: 'correctedUnits', message: expect.stringMatching(/less than the 1 recorded/) },
    ]);
    expect((await lineForProvider(alphaCtx, lineId)).deliveries[0]!.status).toBe('disputed');
  });
});
