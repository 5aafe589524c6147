import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as buyerService from '../../app/routes/buy.services.$tenant.$serviceId';
import { asUser, EP_DAY_FIELDS, get, respond, twoTenants, useToday, type TestTenant } from '../setup/fixtures';

// The 2025/26 academic year ended on 31 August 2026.
useToday('2026-11-22');

let alpha: TestTenant;
let serviceId: string;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  const ctx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
  serviceId = await createService(ctx, serviceForm.parse(EP_DAY_FIELDS));
  await changeServiceStatus(ctx, serviceId, 'published');
  const schedule = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
  for (const cls of ['own_maintained', 'academy'] as const)
    await setServicePrice(ctx, schedule, serviceId, cls, {
      model: 'per_unit',
      unitPricePence: 50000,
      minimumChargePence: 0,
      rounding: 'penny',
    });
  await publishSchedule(ctx, schedule);
});

describe('ordering for a contract year that has ended', () => {
  it('still shows the prices for reference, but refuses to order and says why', async () => {
    const browser = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const page = await respond(() =>
      buyerService.loader({
        request: get(`/buy/services/alpha/${serviceId}?quantity=2`, browser),
        params: { tenant: 'alpha', serviceId },
        context: {},
      }),
    );
    expect(page.value).toMatchObject({ yearEnded: true, result: { totalPence: 100000 } });
    const ctx = await requireBuyer(get('/buy', browser), 'buy.order');
    await expect(
      addToBasket(ctx, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 2 }),
    ).rejects.toThrow(/2025\/26 academic year has ended/);
  });
});
