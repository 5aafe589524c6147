import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { cancelOrderAsBuyer } from '../../app/commissioning/cancel-order.server';
import { cancelOrderAsProvider } from '../../app/commissioning/cancel-order-as-provider.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { orderForBuyer, orderForProvider } from '../../app/commissioning/order-detail.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import { asUser, EP_DAY_FIELDS, get, onDate, twoTenants, type TestTenant, useToday } from '../setup/fixtures';

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
    expect(after.order.status).toBe('cancelled');
    // The charge is the line's own, and what the order comes to is that charge alone.
    expect(after.lines[0]!.position).toMatchObject({
      status: 'cancelled',
      cancellationChargePence: 75000,
      owedPence: 75000,
    });
    expect(after.worth).toMatchObject({ cancellationChargePence: 75000, owedPence: 75000 });
  });

  it('a provider cancelling never charges the school, however late', async () => {
    const id = await order('2025-10-01');
    await decideOrder(alphaCtx, id, { accept: true }, 'x');
    expect((await orderForProvider(alphaCtx, id)).cancellationPreview.chargePence).toBe(0);
    await cancelOrderAsProvider(alphaCtx, id, 'Our psychologist has left');
    const after = await orderForBuyer(buyer, 'alpha', id);
    expect(after.order.status).toBe('cancelled');
    expect(after.lines[0]!.position).toMatchObject({ cancellationChargePence: 0, owedPence: 0 });
    expect(after.worth.owedPence).toBe(0);
  });

  it('nothing of a contract year that has ended can be cancelled, by either side', async () => {
    const id = await order('2025-10-01');
    await decideOrder(alphaCtx, id, { accept: true }, 'x');
    await onDate('2026-09-01', async () => {
      await expect(cancelOrderAsBuyer(buyer, 'alpha', id, 'Too late')).rejects.toMatchObject({
        code: 'order.year_ended',
        field: 'reason',
        message: expect.stringMatching(/ended on 31 August 2026/),
      });
      await expect(cancelOrderAsProvider(alphaCtx, id, 'Too late')).rejects.toMatchObject({ code: 'order.year_ended' });
    });
    const after = await orderForBuyer(buyer, 'alpha', id);
    expect(after.order.status).toBe('accepted');
    expect(after.worth.cancellationChargePence).toBe(0);
  });

  it('cancelling before the provider has accepted costs nothing', async () => {
    const id = await order();
    await cancelOrderAsBuyer(buyer, 'alpha', id, 'Ordered by mistake');
    const after = await orderForBuyer(buyer, 'alpha', id);
    expect(after.order.status).toBe('cancelled');
    expect(after.worth).toMatchObject({ cancellationChargePence: 0, owedPence: 0 });
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
