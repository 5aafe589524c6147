import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { cancelOrderAsBuyer } from '../../app/commissioning/cancel-order.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { orderForBuyer } from '../../app/commissioning/order-detail.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import { asUser, EP_DAY_FIELDS, get, twoTenants, type TestTenant, useToday } from '../setup/fixtures';

// Orders here are for the 2025/26 academic year, placed while it runs.
useToday('2026-03-01');

let alpha: TestTenant;
let alphaCtx: TenantContext;
let buyer: BuyerContext;
let serviceId: string;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  alphaCtx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'orders.manage');
  serviceId = await createService(
    alphaCtx,
    serviceForm.parse({ ...EP_DAY_FIELDS, cancellationNoticeDays: '10', lateCancellationPercent: '50' }),
  );
  await changeServiceStatus(alphaCtx, serviceId, 'published');
  const schedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2025 });
  for (const cls of ['own_maintained', 'academy'] as const)
    await setServicePrice(alphaCtx, schedule, serviceId, cls, {
      model: 'per_unit',
      unitPricePence: 50000,
      minimumChargePence: 0,
      rounding: 'penny',
    });
  await publishSchedule(alphaCtx, schedule);
  buyer = await requireBuyer(
    get('/buy', await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)),
    'buy.order',
  );
});

async function order(startsOn?: string) {
  await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 3, startsOn });
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

describe('cancellation terms', () => {
  it('each line keeps the terms it was ordered under; a late cancellation of an accepted order is charged', async () => {
    const id = await order('2025-10-01');
    await decideOrder(alphaCtx, id, { accept: true }, 'x');
    const before = await orderForBuyer(buyer, 'alpha', id);
    expect(before.lines[0]).toMatchObject({
      startsOn: '2025-10-01',
      cancellationNoticeDays: 10,
      lateCancellationPercent: 50,
    });
    expect(before.cancellationPreview.chargePence).toBe(75000);
    await cancelOrderAsBuyer(buyer, 'alpha', id, 'No longer needed');
    const after = await orderForBuyer(buyer, 'alpha', id);
    expect(after.order).toMatchObject({ status: 'cancelled', cancellationChargePence: 75000 });
  });

  it('cancelling before the provider has accepted costs nothing', async () => {
    const id = await order();
    await cancelOrderAsBuyer(buyer, 'alpha', id, 'Ordered by mistake');
    expect((await orderForBuyer(buyer, 'alpha', id)).order).toMatchObject({
      status: 'cancelled',
      cancellationChargePence: 0,
    });
  });

  it('refuses a start date outside the contract year', async () => {
    await expect(
      addToBasket(buyer, {
        slug: 'alpha',
        serviceId,
        yearKey: 'academic:2025-09-01',
        quantity: 1,
        startsOn: '2027-01-01',
      }),
    ).rejects.toThrow(/start date in the 2025\/26 academic year/);
  });
});
