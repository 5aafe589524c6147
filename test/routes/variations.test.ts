import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { setApprovalThreshold } from '../../app/commissioning/buyer-settings.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { orderForBuyer } from '../../app/commissioning/order-detail.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import {
  decideVariationAsBuyer,
  decideVariationAsProvider,
  requestVariation,
} from '../../app/commissioning/vary-line.server';
import { logDelivery } from '../../app/delivery/log-delivery.server';
import { respondToDelivery } from '../../app/delivery/respond-to-delivery.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as providerOrder from '../../app/routes/t.$tenant.orders.$orderId';
import {
  addBuyer,
  asUser,
  createUser,
  EP_DAY_FIELDS,
  get,
  post,
  respond,
  twoTenants,
  type TestTenant,
  onDate,
  useToday,
} from '../setup/fixtures';

// Orders here are for the 2025/26 academic year, placed while it runs.
useToday('2026-03-01');

let alpha: TestTenant;
let beta: TestTenant;
let alphaCtx: TenantContext;
let buyer: BuyerContext;
let orderId: string;
let lineId: string;

const perDay = (pence: number) => ({
  model: 'per_unit' as const,
  unitPricePence: pence,
  minimumChargePence: 0,
  rounding: 'penny' as const,
});

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaCtx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'orders.manage');
  const serviceId = await createService(alphaCtx, serviceForm.parse(EP_DAY_FIELDS));
  await changeServiceStatus(alphaCtx, serviceId, 'published');
  const schedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2025 });
  await setServicePrice(alphaCtx, schedule, serviceId, 'own_maintained', perDay(50000));
  await setServicePrice(alphaCtx, schedule, serviceId, 'academy', perDay(54000));
  await publishSchedule(alphaCtx, schedule);
  buyer = await requireBuyer(
    get('/buy', await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)),
    'buy.order',
  );
  await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 3 });
  const placed = await submitOrder(
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
  orderId = placed[0]!.id;
  await onDate('2026-02-02', () => decideOrder(alphaCtx, orderId, { accept: true }, 'x'));
  lineId = (await orderForBuyer(buyer, 'alpha', orderId)).lines[0]!.id;
});

const oneDay = (deliveredOn: string) => ({
  deliveredOn,
  unitsHundredths: 100,
  practitionerId: alpha.adminId,
  workType: 'Visit',
  note: '',
});

describe('changing the amount of an active line', () => {
  it('is priced from the agreed price, needs approval above the threshold, and once accepted the line stands at the new amount', async () => {
    await setApprovalThreshold(buyer, 50000);
    const variationId = await requestVariation(
      buyer,
      'alpha',
      lineId,
      { quantity: 5, reason: 'Two more assessments' },
      'x',
    );
    let line = (await orderForBuyer(buyer, 'alpha', orderId)).lines[0]!;
    expect(line.variations[0]).toMatchObject({
      quantityBefore: 3,
      quantityAfter: 5,
      totalBeforePence: 150000,
      totalAfterPence: 250000,
      status: 'awaiting_approval',
    });
    await expect(decideVariationAsBuyer(buyer, 'alpha', variationId, { approve: true })).rejects.toThrow(
      /cannot approve/,
    );
    const approverId = await createUser('head@alpha-school.example');
    await addBuyer(alpha.schoolOrganisationId, approverId, 'approver');
    const approver = await requireBuyer(
      get('/buy', await asUser(approverId, `org:${alpha.schoolOrganisationId}`)),
      'buy.approve',
    );
    await decideVariationAsBuyer(approver, 'alpha', variationId, { approve: true });
    await decideVariationAsProvider(alphaCtx, variationId, { accept: true });
    line = (await orderForBuyer(buyer, 'alpha', orderId)).lines[0]!;
    expect(line.quantity).toBe(3);
    expect(line.position.agreed).toMatchObject({
      quantity: 5,
      totalPence: 250000,
      allowanceHundredths: 500,
      original: { quantity: 3, totalPence: 150000, allowanceHundredths: 300 },
      varied: true,
    });
    // Five days can now be delivered without overage.
    for (const day of ['16', '17', '18', '19', '20'])
      await logDelivery(alphaCtx, lineId, oneDay(`2026-02-${day}`), 'x', '2026-03-01');
    const after = (await orderForBuyer(buyer, 'alpha', orderId)).lines[0]!.position;
    expect(after.beyondAllowance.recordedHundredths).toBe(0);
    expect(after.remainingHundredths).toBe(0);
  });

  it('a change that raises the amount absorbs overage already recorded: the extra day is billed once', async () => {
    // 3 days bought at £500, 4 delivered (one beyond, at the agreed £500), then the line varied to 4.
    for (const day of ['16', '17', '18', '19'])
      await logDelivery(alphaCtx, lineId, oneDay(`2026-02-${day}`), 'x', '2026-03-01');
    const { lines } = await orderForBuyer(buyer, 'alpha', orderId);
    for (const d of lines[0]!.deliveries) await respondToDelivery(buyer, 'alpha', d.id, { confirm: true }, 'x');
    let position = (await orderForBuyer(buyer, 'alpha', orderId)).lines[0]!.position;
    expect(position).toMatchObject({ overageChargePence: 50000, owedPence: 200000 });
    const variationId = await requestVariation(buyer, 'alpha', lineId, { quantity: 4, reason: 'A fourth day' }, 'x');
    await decideVariationAsProvider(alphaCtx, variationId, { accept: true });
    position = (await orderForBuyer(buyer, 'alpha', orderId)).lines[0]!.position;
    expect(position.agreed.totalPence).toBe(200000);
    expect(position.beyondAllowance.confirmedHundredths).toBe(0);
    expect(position.overageChargePence).toBe(0);
    // £2,000 for 4 days at £500, not £2,500.
    expect(position.owedPence).toBe(200000);
  });

  it('refuses a change below what was delivered, a second change while one is open, and the same amount', async () => {
    await logDelivery(alphaCtx, lineId, oneDay('2026-02-19'), 'x', '2026-03-01');
    await logDelivery(alphaCtx, lineId, oneDay('2026-02-20'), 'x', '2026-03-01');
    await expect(requestVariation(buyer, 'alpha', lineId, { quantity: 1, reason: 'Fewer' }, 'x')).rejects.toThrow(
      /already been delivered/,
    );
    await expect(requestVariation(buyer, 'alpha', lineId, { quantity: 3, reason: 'Same' }, 'x')).rejects.toThrow(
      /already stands at 3/,
    );
    await requestVariation(buyer, 'alpha', lineId, { quantity: 2, reason: 'Fewer' }, 'x');
    await expect(requestVariation(buyer, 'alpha', lineId, { quantity: 4, reason: 'More' }, 'x')).rejects.toThrow(
      /already waiting/,
    );
  });

  it('a decrease goes straight to the provider, who may decline it with a reason', async () => {
    const variationId = await requestVariation(buyer, 'alpha', lineId, { quantity: 2, reason: 'Budget cut' }, 'x');
    expect((await orderForBuyer(buyer, 'alpha', orderId)).lines[0]!.variations[0]!.status).toBe('awaiting_provider');
    await expect(decideVariationAsProvider(alphaCtx, variationId, { accept: false, reason: '' })).rejects.toThrow(
      /reason/,
    );
    await decideVariationAsProvider(alphaCtx, variationId, { accept: false, reason: 'Sessions already booked' });
    const line = (await orderForBuyer(buyer, 'alpha', orderId)).lines[0]!;
    expect(line.position.agreed).toMatchObject({ quantity: 3, totalPence: 150000, varied: false });
    expect(line.variations[0]).toMatchObject({ status: 'declined', closedReason: 'Sessions already booked' });
  });

  it("another tenant cannot accept a change to this provider's line", async () => {
    const variationId = await requestVariation(buyer, 'alpha', lineId, { quantity: 2, reason: 'Budget cut' }, 'x');
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    for (const tenant of ['alpha', 'beta']) {
      const r = await respond(() =>
        providerOrder.action({
          request: post('', { intent: 'acceptChange', variationId }, betaAdmin),
          params: { tenant, orderId },
          context: {},
        }),
      );
      expect(r.status, tenant).toBe(404);
    }
    expect((await orderForBuyer(buyer, 'alpha', orderId)).lines[0]!.variations[0]!.status).toBe('awaiting_provider');
  });
});
