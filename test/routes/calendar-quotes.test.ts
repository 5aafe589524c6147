import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { priceRequest } from '../../app/commissioning/basket.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as buyerService from '../../app/routes/buy.services.$tenant.$serviceId';
import { withBuyer } from '../../db/scope.server';
import { asUser, EP_DAY_FIELDS, get, respond, twoTenants, useToday, type TestTenant } from '../setup/fixtures';

useToday('2026-05-11');

let alpha: TestTenant;
let serviceId: string;

/** A monthly subscription sold to maintained schools in financial years and to academies in academic years. */
beforeEach(async () => {
  ({ alpha } = await twoTenants());
  const ctx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
  serviceId = await createService(ctx, serviceForm.parse(EP_DAY_FIELDS));
  await changeServiceStatus(ctx, serviceId, 'published');
  for (const yearKind of ['financial', 'academic'] as const) {
    const schedule = await createScheduleVersion(ctx, { yearKind, startYear: yearKind === 'financial' ? 2026 : 2025 });
    for (const cls of ['own_maintained', 'academy'] as const)
      await setServicePrice(ctx, schedule, serviceId, cls, {
        model: 'subscription',
        annualPence: 120_007,
        instalments: 'monthly',
        minimumChargePence: 0,
        rounding: 'penny',
      });
    await publishSchedule(ctx, schedule);
  }
});

describe('instalments a buyer is quoted follow the contract year bought', () => {
  it('a financial year runs April to March, an academic year September to August, on the page and in the basket', async () => {
    const browser = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const labels = async (yearKey: string) => {
      const page = await respond(() =>
        buyerService.loader({
          request: get(`/buy/services/alpha/${serviceId}?year=${encodeURIComponent(yearKey)}&quantity=1`, browser),
          params: { tenant: 'alpha', serviceId },
          context: {},
        }),
      );
      return (page.value as { result: { instalments: Array<{ label: string; amountPence: number }> } }).result
        .instalments;
    };
    const financial = await labels('financial:2026-04-01');
    expect(financial.map((i) => i.label)).toEqual([
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
      'January',
      'February',
      'March',
    ]);
    expect(financial[0]!.amountPence).toBe(10_000 + 7);
    expect((await labels('academic:2025-09-01'))[0]!.label).toBe('September');

    // What an order line stores comes from the same quote as the basket's.
    const ctx = await requireBuyer(get('/buy', browser), 'buy.order');
    const basket = await withBuyer(ctx, (tx) =>
      priceRequest(tx, ctx, { slug: 'alpha', serviceId, yearKey: 'financial:2026-04-01', quantity: 1 }),
    );
    expect(basket.quote.ok && basket.quote.instalments.map((i) => i.label).slice(0, 2)).toEqual(['April', 'May']);
  });
});
