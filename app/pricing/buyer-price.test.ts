import { beforeEach, describe, expect, it } from 'vitest';
import { listVisibleServices } from '../../db/queries/catalogue';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import type { CustomerClass } from '../../db/schema';
import { runScoped, withBuyer } from '../../db/scope.server';
import {
  addBuyer,
  asUser,
  createSchool,
  createUser,
  get,
  ownerDb,
  twoTenants,
  type TestTenant,
  useToday,
} from '../../test/setup/fixtures';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../auth/guards.server';
import { changeServiceStatus, createService, editService } from '../catalogue/save-service.server';
import { CUSTOMER_CLASSES, serviceForm } from '../catalogue/service-input';
import { buyerServicePrice } from './buyer-price.server';
import { createScheduleVersion } from './create-schedule-version.server';
import { priceModelSchema, type PriceModel } from './price-model';
import { publishSchedule } from './publish-schedule.server';
import { quote } from './quote';
import { setServicePrice } from './set-service-prices.server';

// Versions of the 2025/26 schedule are started and published during that year.
useToday('2025-12-01');

let alpha: TestTenant;
let beta: TestTenant;
let ctx: TenantContext;
let alphaBuyer: BuyerContext;
let betaBuyer: BuyerContext;
const ids: Record<'own' | 'la921' | 'draft' | 'partner', string> = { own: '', la921: '', draft: '', partner: '' };
let v1: string;

const TODAY = '2025-11-01';

/** A distinct day rate for every service and class, so the wrong row would show. */
function priceFor(serviceIndex: number, cls: CustomerClass): PriceModel {
  const classIndex = CUSTOMER_CLASSES.indexOf(cls);
  if (cls === 'other_la_school')
    return priceModelSchema.parse({
      model: 'volume_bands',
      bands: [
        { from: 1, to: 3, unitPricePence: 60_000 + serviceIndex * 100 },
        { from: 4, to: null, unitPricePence: 55_000 + serviceIndex * 100 },
      ],
    });
  return priceModelSchema.parse({ model: 'per_unit', unitPricePence: 50_000 + serviceIndex * 1_000 + classIndex * 10 });
}

function service(code: string, sold: Record<string, string>) {
  return serviceForm.parse({
    code,
    name: `Service ${code}`,
    category: 'school_improvement',
    description: `About ${code}`,
    statutory: 'traded',
    unitKind: 'day',
    unitHours: '6',
    vatAcademy: 'S',
    vatOtherLaSchool: 'S',
    vatPartnerCouncil: 'E',
    vatIndependentOther: 'S',
    ...sold,
  });
}

async function buyerFor(userId: string, organisationId: string) {
  return requireBuyer(get('/buy', await asUser(userId, `org:${organisationId}`)));
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  ctx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
  alphaBuyer = await buyerFor(alpha.buyerId, alpha.schoolOrganisationId);
  betaBuyer = await buyerFor(beta.buyerId, beta.schoolOrganisationId);

  ids.own = await createService(ctx, service('OWN-AREA', { soldOwnArea: 'yes' }));
  ids.la921 = await createService(ctx, service('LA-921', { soldAuthorities: '921' }));
  ids.draft = await createService(ctx, service('DRAFT-ONE', { soldOwnArea: 'yes' }));
  ids.partner = await createService(ctx, service('PARTNERS', { soldPartnerCouncils: 'yes' }));
  for (const id of [ids.own, ids.la921, ids.partner]) await changeServiceStatus(ctx, id, 'published');

  v1 = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
  for (const [i, id] of [ids.own, ids.la921, ids.draft, ids.partner].entries())
    for (const cls of CUSTOMER_CLASSES) await setServicePrice(ctx, v1, id, cls, priceFor(i, cls));
  await publishSchedule(ctx, v1);
});

const visibleCodes = (buyer: BuyerContext, filters: { search?: string; category?: string } = {}) =>
  withBuyer(buyer, async (tx) => (await listVisibleServices(tx, filters)).map((s) => s.code));

describe('what a buyer sees in the catalogue', () => {
  it("shows the provider's own school its own-area services, not drafts nor other authorities' nor councils'", async () => {
    expect(await visibleCodes(alphaBuyer)).toEqual(['OWN-AREA']);
    const [row] = await withBuyer(alphaBuyer, (tx) => listVisibleServices(tx, {}));
    expect(row).toMatchObject({
      tenantId: alpha.id,
      id: ids.own,
      slug: 'alpha',
      providerName: 'alpha education services',
      unitKind: 'day',
    });
  });

  it('shows a school in authority 921 only the service sold to 921 schools', async () => {
    expect(await visibleCodes(betaBuyer)).toEqual(['LA-921']);
  });

  it('shows a newly published service, and hides a retired one', async () => {
    await changeServiceStatus(ctx, ids.draft, 'published');
    expect(await visibleCodes(alphaBuyer)).toEqual(['DRAFT-ONE', 'OWN-AREA']);
    await changeServiceStatus(ctx, ids.own, 'retired');
    expect(await visibleCodes(alphaBuyer)).toEqual(['DRAFT-ONE']);
  });

  it('filters by search and category within what may be seen', async () => {
    expect(await visibleCodes(alphaBuyer, { search: 'own-' })).toEqual(['OWN-AREA']);
    expect(await visibleCodes(alphaBuyer, { search: 'PARTNERS' })).toEqual([]);
    expect(await visibleCodes(alphaBuyer, { search: '%' })).toEqual([]);
    // Name, code or description, whatever the case; never words running from one into the next
    // (the name "Service OWN-AREA" ends as the code "OWN-AREA" begins).
    expect(await visibleCodes(alphaBuyer, { search: 'service own' })).toEqual(['OWN-AREA']);
    expect(await visibleCodes(alphaBuyer, { search: 'about own-area' })).toEqual(['OWN-AREA']);
    expect(await visibleCodes(alphaBuyer, { search: 'area own' })).toEqual([]);
    expect(await visibleCodes(alphaBuyer, { search: 'area\nown' })).toEqual([]);
    await editService(
      ctx,
      ids.own,
      service('OWN-AREA', {
        soldOwnArea: 'yes',
        name: 'Attendance Clinics',
        description: 'Termly reviews of PERSISTENT absence',
      }),
    );
    expect(await visibleCodes(alphaBuyer, { search: 'attendance clinic' })).toEqual(['OWN-AREA']);
    expect(await visibleCodes(alphaBuyer, { search: 'persistent ABSENCE' })).toEqual(['OWN-AREA']);
    expect(await visibleCodes(alphaBuyer, { search: 'about own' })).toEqual([]);
    expect(await visibleCodes(alphaBuyer, { category: 'hr' })).toEqual([]);
    expect(await visibleCodes(betaBuyer, { category: 'school_improvement' })).toEqual(['LA-921']);
  });

  it('shows a partner council the partner-council service once it is a partner council customer', async () => {
    const db = await ownerDb();
    const council = await db
      .insertInto('organisations')
      .values({ kind: 'council', name: 'Neighbouring council', la_code: '850' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const commissioner = await createUser('commissioner@neighbour.example');
    await addBuyer(council.id, commissioner, 'council_commissioner');
    const councilBuyer = await buyerFor(commissioner, council.id);
    expect(await visibleCodes(councilBuyer)).toEqual([]);
    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      ensureCustomerAccounts(tx, alpha.id, [
        { organisationId: council.id, customerClass: 'partner_council', settlementMethod: 'invoice' },
      ]),
    );
    expect(await visibleCodes(councilBuyer)).toEqual(['PARTNERS']);
    const priced = await buyerServicePrice(councilBuyer, 'alpha', ids.partner, { today: TODAY });
    expect(priced.customerClass).toBe('partner_council');
    expect(priced.price).toEqual(priceFor(3, 'partner_council'));
  });

  it('shows a school elsewhere nothing when nothing is sold to its authority', async () => {
    const org = await createSchool(900003, '850', 'Far away primary school');
    const bursar = await createUser('bursar@faraway.example');
    await addBuyer(org, bursar, 'business_manager');
    expect(await visibleCodes(await buyerFor(bursar, org))).toEqual([]);
  });
});

describe('what a buyer may read directly', () => {
  it("reads only the prices of services it may see, never a draft's or another area's", async () => {
    // Straight from the table, as a forgotten filter in a buyer query would.
    const priced = (buyer: BuyerContext) =>
      withBuyer(buyer, async (tx) =>
        [
          ...new Set((await tx.selectFrom('schedule_prices').select('service_id').execute()).map((r) => r.service_id)),
        ].sort(),
      );
    expect(await priced(betaBuyer)).toEqual([ids.la921]);
    expect(await priced(alphaBuyer)).toEqual([ids.own]);
  });
});

describe("a buyer's price", () => {
  it("gives another authority's school the other-authority price, and quotes it", async () => {
    const priced = await buyerServicePrice(betaBuyer, 'alpha', ids.la921, { today: TODAY });
    expect(priced.customerClass).toBe('other_la_school');
    expect(priced.accountKnown).toBe(false);
    expect(priced.schedule).toMatchObject({
      id: v1,
      version: 1,
      year_start: '2025-09-01',
      effective_from: '2025-09-01',
    });
    expect(priced.yearKey).toBe('academic:2025-09-01');
    expect(priced.yearOptions).toEqual([{ key: 'academic:2025-09-01', label: '2025/26 academic year' }]);
    expect(priced.buyingFor).toMatchObject({ id: beta.schoolOrganisationId, name: 'beta primary school' });
    expect(priced.service).toMatchObject({ id: ids.la921, code: 'LA-921', slug: 'alpha', providerLaCode: '852' });
    expect(priced.price).toEqual(priceFor(1, 'other_la_school'));

    const result = quote(
      priced.price!,
      { pupils: null, phase: null },
      { quantity: 5, unitName: { singular: 'day', plural: 'days' } },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // 5 days reach the 4+ band: every day at £551.00.
    expect(result.totalPence).toBe(5 * 55_100);
    expect(result.lines).toEqual([
      { description: expect.stringMatching(/4 or more/), quantity: 5, unitPricePence: 55_100, amountPence: 275_500 },
    ]);
    const small = quote(priced.price!, { pupils: null, phase: null }, { quantity: 2 });
    expect(small.ok && small.totalPence).toBe(2 * 60_100);
  });

  it("gives the provider's own school its own-maintained price from its customer account", async () => {
    const priced = await buyerServicePrice(alphaBuyer, 'alpha', ids.own, { today: TODAY });
    expect(priced.customerClass).toBe('own_maintained');
    expect(priced.accountKnown).toBe(true);
    expect(priced.price).toEqual(priceFor(0, 'own_maintained'));
    const result = quote(priced.price!, { pupils: null, phase: null }, { quantity: 3 });
    expect(result.ok && result.totalPence).toBe(3 * 50_000);
  });

  it('uses the version in force on the day: v2 from its date, v1 before', async () => {
    const v2 = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025, effectiveFrom: '2026-01-01' });
    const raised = priceModelSchema.parse({ model: 'per_unit', unitPricePence: 70_000 });
    await setServicePrice(ctx, v2, ids.own, 'own_maintained', raised);
    // A draft is never used.
    expect((await buyerServicePrice(alphaBuyer, 'alpha', ids.own, { today: '2026-02-01' })).schedule?.id).toBe(v1);
    await publishSchedule(ctx, v2);
    const before = await buyerServicePrice(alphaBuyer, 'alpha', ids.own, { today: TODAY });
    expect(before.schedule?.id).toBe(v1);
    expect(before.price).toEqual(priceFor(0, 'own_maintained'));
    const after = await buyerServicePrice(alphaBuyer, 'alpha', ids.own, { today: '2026-01-01' });
    expect(after.schedule?.id).toBe(v2);
    expect(after.price).toEqual(raised);
  });

  it('lets the buyer choose another published year, and defaults to the one containing today', async () => {
    const next = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2026 });
    const nextPrice = priceModelSchema.parse({ model: 'per_unit', unitPricePence: 80_000 });
    for (const id of [ids.own, ids.la921, ids.partner])
      for (const cls of CUSTOMER_CLASSES)
        await setServicePrice(
          ctx,
          next,
          id,
          cls,
          id === ids.own && cls === 'own_maintained' ? nextPrice : priceFor(0, cls),
        );
    await publishSchedule(ctx, next);

    const now = await buyerServicePrice(alphaBuyer, 'alpha', ids.own, { today: TODAY });
    expect(now.yearKey).toBe('academic:2025-09-01');
    expect(now.yearOptions.map((y) => y.key)).toEqual(['academic:2026-09-01', 'academic:2025-09-01']);
    const later = await buyerServicePrice(alphaBuyer, 'alpha', ids.own, {
      today: TODAY,
      yearKey: 'academic:2026-09-01',
    });
    expect(later.schedule?.id).toBe(next);
    expect(later.price).toEqual(nextPrice);
    // An unknown year falls back to the current one.
    expect(
      (await buyerServicePrice(alphaBuyer, 'alpha', ids.own, { today: TODAY, yearKey: 'academic:1999-09-01' })).schedule
        ?.id,
    ).toBe(v1);
  });

  it('says when the year running now has no published prices, instead of quietly offering last year’s', async () => {
    expect((await buyerServicePrice(alphaBuyer, 'alpha', ids.own, { today: TODAY })).notYetPriced).toBeNull();
    // December 2026: only the 2025/26 schedule is published.
    const december = await buyerServicePrice(alphaBuyer, 'alpha', ids.own, { today: '2026-12-02' });
    expect(december.notYetPriced).toEqual({ label: '2026/27 academic year' });
    expect(december.service.providerEmail).toBe('alpha@example.com');
  });

  it('answers 404 for a service the buyer may not see', async () => {
    for (const [buyer, id] of [
      [alphaBuyer, ids.la921],
      [alphaBuyer, ids.draft],
      [alphaBuyer, ids.partner],
      [betaBuyer, ids.own],
      [betaBuyer, ids.partner],
    ] as const) {
      const refusal = buyerServicePrice(buyer, 'alpha', id, { today: TODAY });
      await expect(refusal).rejects.toBeInstanceOf(Response);
      await expect(refusal).rejects.toMatchObject({ status: 404 });
    }
    // Under another provider's name, or a name that does not exist.
    await expect(buyerServicePrice(betaBuyer, 'beta', ids.la921, { today: TODAY })).rejects.toMatchObject({
      status: 404,
    });
    await expect(buyerServicePrice(betaBuyer, 'nobody', ids.la921, { today: TODAY })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('answers 404 once the service is retired', async () => {
    await changeServiceStatus(ctx, ids.la921, 'retired');
    await expect(buyerServicePrice(betaBuyer, 'alpha', ids.la921, { today: TODAY })).rejects.toMatchObject({
      status: 404,
    });
  });
});
