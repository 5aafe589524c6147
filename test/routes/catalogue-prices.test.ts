import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { headlinePrice } from '../../app/catalogue/headline-price';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { CUSTOMER_CLASSES, serviceForm } from '../../app/catalogue/service-input';
import { formatPence } from '../../app/money';
import { buyerServicePrice } from '../../app/pricing/buyer-price.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { priceModelSchema, type PriceModelInput } from '../../app/pricing/price-model';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as servicePage from '../../app/routes/buy.services.$tenant.$serviceId';
import * as catalogue from '../../app/routes/buy.services._index';
import { UNIT_KINDS } from '../../app/vocabulary';
import type { CustomerClass } from '../../db/schema';
import {
  copyService,
  addBuyer,
  asUser,
  createSchool,
  createUser,
  get,
  onDate,
  ownerDb,
  respond,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';

// The 2025/26 academic year is running: alpha has published its prices for it, beta only 2024/25's.
useToday('2025-12-01');

let alpha: TestTenant;
let beta: TestTenant;
let alphaBrowser: Browser;
let betaBrowser: Browser;
const ids = {
  day: '',
  bands: '',
  sub: '',
  flat: '',
  unpriced: '',
  alphaDraft: '',
  betaDay: '',
  betaDraft: '',
};

function service(code: string, name: string, fields: Record<string, string> = {}) {
  return serviceForm.parse({
    code,
    name,
    category: 'educational_psychology',
    description: `About ${name}`,
    statutory: 'traded',
    unitKind: 'day',
    unitHours: '6',
    vatAcademy: 'E',
    vatOtherLaSchool: 'E',
    vatPartnerCouncil: 'O',
    vatIndependentOther: 'S',
    ...fields,
  });
}

async function priceAll(
  ctx: TenantContext,
  scheduleId: string,
  serviceId: string,
  own: PriceModelInput,
  others: PriceModelInput = own,
) {
  for (const cls of CUSTOMER_CLASSES)
    await setServicePrice(
      ctx,
      scheduleId,
      serviceId,
      cls,
      priceModelSchema.parse(cls === 'own_maintained' ? own : others),
    );
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  // Alpha's own school (authority 852) has 300 pupils on roll, for the per-pupil price.
  await (
    await ownerDb()
  )
    .updateTable('schools')
    .set({ pupils: 300, phase: 'Primary' })
    .where('urn', '=', 900001)
    .execute();

  const alphaAdmin = await requireTenantMember(
    get('/t/alpha', await asUser(alpha.adminId)),
    'alpha',
    'catalogue.manage',
  );
  const sold = { soldOwnArea: 'yes', soldAuthorities: '921' };
  ids.day = await createService(alphaAdmin, service('EP-DAY', 'Educational psychology day', sold));
  ids.bands = await createService(alphaAdmin, service('EP-BANDS', 'Consultation days', sold));
  ids.sub = await createService(
    alphaAdmin,
    service('GOV-SUB', 'Governor support', { ...sold, category: 'governor_services', unitKind: 'package' }),
  );
  ids.flat = await createService(
    alphaAdmin,
    service('HR-SLA', 'HR advice', { ...sold, category: 'hr', unitKind: 'package' }),
  );
  ids.alphaDraft = await createService(alphaAdmin, service('EP-DRAFT', 'Psychology pilot', sold));
  for (const id of [ids.day, ids.bands, ids.sub, ids.flat]) await changeServiceStatus(alphaAdmin, id, 'published');
  const schedule = await createScheduleVersion(alphaAdmin, { yearKind: 'academic', startYear: 2025 });
  await priceAll(
    alphaAdmin,
    schedule,
    ids.day,
    { model: 'per_unit', unitPricePence: 50_000 },
    {
      model: 'per_unit',
      unitPricePence: 59_000,
    },
  );
  await priceAll(alphaAdmin, schedule, ids.bands, {
    model: 'volume_bands',
    bands: [
      { from: 1, to: 3, unitPricePence: 56_500 },
      { from: 4, to: null, unitPricePence: 51_500 },
    ],
  });
  await priceAll(alphaAdmin, schedule, ids.sub, { model: 'subscription', annualPence: 397_200, instalments: 'termly' });
  await priceAll(alphaAdmin, schedule, ids.flat, {
    model: 'flat_plus_per_pupil',
    flatPence: 100_000,
    perPupilPence: 500,
  });
  await priceAll(alphaAdmin, schedule, ids.alphaDraft, { model: 'per_unit', unitPricePence: 1_000 });
  await publishSchedule(alphaAdmin, schedule);
  // Published after the schedule, so it has no price in it.
  ids.unpriced = await createService(alphaAdmin, service('EP-NEW', 'Educational psychology twilight', sold));
  await changeServiceStatus(alphaAdmin, ids.unpriced, 'published');

  // Beta sells a look-alike day to authority 852, priced only for the year that has ended.
  const betaAdmin = await requireTenantMember(get('/t/beta', await asUser(beta.adminId)), 'beta', 'catalogue.manage');
  const toAlphaArea = { soldAuthorities: '852' };
  ids.betaDay = await createService(betaAdmin, service('EP-DAY', 'Educational psychology day', toAlphaArea));
  ids.betaDraft = await createService(betaAdmin, service('EP-SECRET', 'Psychology secret draft', toAlphaArea));
  await changeServiceStatus(betaAdmin, ids.betaDay, 'published');
  await onDate('2025-06-01', async () => {
    const old = await createScheduleVersion(betaAdmin, { yearKind: 'academic', startYear: 2024 });
    await priceAll(betaAdmin, old, ids.betaDay, { model: 'per_unit', unitPricePence: 45_000 });
    await priceAll(betaAdmin, old, ids.betaDraft, { model: 'per_unit', unitPricePence: 45_000 });
    await publishSchedule(betaAdmin, old);
  });

  alphaBrowser = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
  betaBrowser = await asUser(beta.buyerId, `org:${beta.schoolOrganisationId}`);
});

type Listed = {
  id: string;
  slug: string;
  name: string;
  providerName: string;
  price: { kind: string; text: string };
};
type Catalogue = {
  services: Listed[];
  sellers: Array<{ slug: string }>;
  provider: string;
  total: number;
  page: number;
  pages: number;
};

async function list(query: string, browser = alphaBrowser): Promise<Catalogue> {
  const r = await respond(() =>
    catalogue.loader({ request: get(`/buy/services${query}`, browser), params: {}, context: {} }),
  );
  expect(r.status, query).toBe(200);
  return r.value as Catalogue;
}

const priceOf = (c: Catalogue, id: string) => c.services.find((s) => s.id === id)?.price;

async function servicePageFor(browser: Browser, slug: string, serviceId: string, query = '') {
  const r = await respond(() =>
    servicePage.loader({
      request: get(`/buy/services/${slug}/${serviceId}${query}`, browser),
      params: { tenant: slug, serviceId },
      context: {},
    }),
  );
  expect(r.status).toBe(200);
  return r.value as {
    priceDescription: string | null;
    customerClass: CustomerClass;
    result: { totalPence: number } | null;
    notYetPriced: { label: string } | null;
  };
}

describe("each service in the catalogue shows the buyer's own price", () => {
  it('in words by unit kind, for its customer class in the schedule in force today', async () => {
    const c = await list('');
    expect(priceOf(c, ids.day)).toEqual({ kind: 'priced', text: '£500.00 a day' });
    expect(priceOf(c, ids.bands)).toEqual({ kind: 'priced', text: 'from £515.00 a day' });
    expect(priceOf(c, ids.sub)).toEqual({ kind: 'priced', text: '£3,972.00 a year' });
    // £1,000.00 + 300 pupils × £5.00.
    expect(priceOf(c, ids.flat)).toEqual({ kind: 'priced', text: '£2,500.00 a year' });

    // Another authority's school sees the other-authority price of the same service.
    expect(priceOf(await list('', betaBrowser), ids.day)).toEqual({ kind: 'priced', text: '£590.00 a day' });
  });

  it('is the price the service page gives that buyer, service by service', async () => {
    for (const browser of [alphaBrowser, betaBrowser]) {
      const c = await list('', browser);
      expect(c.services.length).toBeGreaterThan(0);
      const ctx = await requireBuyer(get('/buy', browser));
      for (const s of c.services) {
        const page = await servicePageFor(browser, s.slug, s.id);
        const resolved = await buyerServicePrice(ctx, s.slug, s.id);
        expect(page.customerClass).toBe(resolved.customerClass);
        if (s.price.kind === 'not_yet_published') {
          expect(page.notYetPriced, s.name).not.toBeNull();
          expect(s.price.text).toBe(`Prices for the ${page.notYetPriced!.label} not yet published`);
        } else if (s.price.kind === 'unpriced') {
          expect(page.priceDescription, s.name).toBeNull();
        } else {
          expect(resolved.price, s.name).not.toBeNull();
          expect(s.price.text, s.name).toBe(
            headlinePrice(resolved.price!, UNIT_KINDS[resolved.service.unit_kind], resolved.buyingFor),
          );
        }
      }
    }
    // Where the page states the same price in the same words, they agree to the penny.
    expect((await servicePageFor(alphaBrowser, 'alpha', ids.day)).priceDescription).toBe('£500.00 a day');
    expect((await servicePageFor(betaBrowser, 'alpha', ids.day)).priceDescription).toBe('£590.00 a day');
    expect((await servicePageFor(alphaBrowser, 'alpha', ids.bands)).priceDescription).toContain(
      '£515.00 a day for 4 or more',
    );
    // A year of the per-pupil service, as the page quotes it for this school's roll.
    const year = await servicePageFor(alphaBrowser, 'alpha', ids.flat, '?quantity=1');
    expect(`${formatPence(year.result!.totalPence)} a year`).toBe(priceOf(await list(''), ids.flat)!.text);
  });

  it("prices a trust's list for its first school, as each service page does, and says which school", async () => {
    const db = await ownerDb();
    const trust = await db
      .insertInto('organisations')
      .values({ kind: 'trust', name: 'Coastal Learning Trust', trust_key: 'name:coastal' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const south = await createSchool(900102, '852', 'Coastal Academy South');
    const north = await createSchool(900101, '852', 'Coastal Academy North');
    await db.updateTable('organisations').set({ trust_id: trust.id }).where('id', 'in', [north, south]).execute();
    await db
      .updateTable('schools')
      .set({ type_group: 'academy', pupils: 420 })
      .where('urn', 'in', [900101, 900102])
      .execute();
    const leadId = await createUser('lead@coastal.example');
    await addBuyer(trust.id, leadId, 'trust_finance');
    const lead = await asUser(leadId, `org:${trust.id}`);

    const c = (await list('', lead)) as Catalogue & { pricedFor: string | null };
    expect(c.pricedFor).toBe('Coastal Academy North');
    // No account yet: an academy in alpha's area is priced as an academy, for North's 420 pupils.
    expect(priceOf(c, ids.day)).toEqual({ kind: 'priced', text: '£590.00 a day' });
    expect(priceOf(c, ids.flat)).toEqual({ kind: 'priced', text: '£3,100.00 a year' });
    const page = await servicePageFor(lead, 'alpha', ids.day);
    expect(page.customerClass).toBe('academy');
    expect(page.priceDescription).toBe('£590.00 a day');
  });

  it('says when the provider has not published prices for the running year, or none for this buyer', async () => {
    const c = await list('');
    expect(priceOf(c, ids.betaDay)).toEqual({
      kind: 'not_yet_published',
      text: 'Prices for the 2025/26 academic year not yet published',
    });
    expect(priceOf(c, ids.unpriced)).toEqual({
      kind: 'unpriced',
      text: 'No published price for you: ask the provider',
    });
  });
});

describe('filtering the catalogue', () => {
  const names = (c: Catalogue) => c.services.map((s) => `${s.slug}:${s.name}`).sort();

  it('offers the providers who sell to the buyer, and the provider filter narrows the list', async () => {
    const all = await list('');
    expect(all.sellers.map((p) => p.slug).sort()).toEqual(['alpha', 'beta']);
    expect(new Set(all.services.map((s) => s.slug))).toEqual(new Set(['alpha', 'beta']));

    const betaOnly = await list('?provider=beta');
    expect(betaOnly.provider).toBe('beta');
    expect(names(betaOnly)).toEqual(['beta:Educational psychology day']);
    const alphaOnly = await list('?provider=alpha');
    expect(alphaOnly.services.length).toBe(all.services.length - 1);
    expect(alphaOnly.services.every((s) => s.slug === 'alpha')).toBe(true);
  });

  it('combines search, provider and category', async () => {
    expect(names(await list('?q=educational+psychology'))).toEqual([
      'alpha:Educational psychology day',
      'alpha:Educational psychology twilight',
      'beta:Educational psychology day',
    ]);
    expect(names(await list('?q=educational+psychology&provider=beta'))).toEqual(['beta:Educational psychology day']);
    expect(names(await list('?q=day&provider=alpha&category=educational_psychology'))).toEqual([
      'alpha:Consultation days',
      'alpha:Educational psychology day',
    ]);
    expect(names(await list('?q=day&provider=alpha&category=hr'))).toEqual([]);
    expect(names(await list('?provider=alpha&category=governor_services'))).toEqual(['alpha:Governor support']);
  });

  it('ignores a provider that does not sell to the buyer, or nonsense, rather than failing', async () => {
    const all = names(await list(''));
    for (const bad of ['nobody', '%00', 'alpha%27%20or%201%3D1', 'x'.repeat(500)]) {
      const c = await list(`?provider=${bad}`);
      expect(c.provider, bad).toBe('');
      expect(names(c), bad).toEqual(all);
    }
    // Beta's own school is not sold beta's day (it is sold to authority 852 only).
    expect((await list('?provider=beta', betaBrowser)).provider).toBe('');
  });

  it("never lists another tenant's draft, whatever the filter", async () => {
    for (const query of ['', '?q=psychology', '?q=draft', '?q=pilot&provider=alpha', '?q=secret&provider=beta']) {
      for (const browser of [alphaBrowser, betaBrowser]) {
        const ids_ = (await list(query, browser)).services.map((s) => s.id);
        expect(ids_, query).not.toContain(ids.alphaDraft);
        expect(ids_, query).not.toContain(ids.betaDraft);
      }
    }
  });
});

describe('the catalogue a page at a time', () => {
  it('shows 50 services a page with how many match, pricing each, and a page past the last shows the last', async () => {
    // 60 more of alpha's services sold to its own area (copies of its day service, with no price yet).
    await copyService(
      ids.day,
      1,
      60,
      sql`jsonb_build_object('id', gen_random_uuid(), 'code', 'MORE-' || g, 'name', 'More support ' || lpad(g::text, 3, '0'))`,
    );
    // In the order shown: by provider, then name.
    const listed = (c: Catalogue) => c.services.map((s) => `${s.slug}:${s.name}`);
    const more = (n: number) => `alpha:More support ${String(n).padStart(3, '0')}`;

    const all = await list('');
    expect(all.services).toHaveLength(50);
    expect(all.pages).toBe(Math.ceil(all.total / 50));
    expect(all.total).toBeGreaterThan(60);

    const first = await list('?q=more+support');
    expect({ total: first.total, page: first.page, pages: first.pages }).toEqual({ total: 60, page: 1, pages: 2 });
    expect(listed(first)).toEqual(Array.from({ length: 50 }, (_, i) => more(i + 1)));
    const second = await list('?q=more+support&page=2');
    expect(second.page).toBe(2);
    expect(listed(second)).toEqual(Array.from({ length: 10 }, (_, i) => more(i + 51)));
    // Each service on a later page is priced as on the first (no price published for these copies).
    expect(second.services.map((s) => s.price.kind)).toEqual(Array(10).fill('unpriced'));
    expect(priceOf(await list('?q=educational+psychology+day&provider=alpha'), ids.day)).toEqual({
      kind: 'priced',
      text: '£500.00 a day',
    });

    for (const past of ['?q=more+support&page=3', '?q=more+support&page=999999']) {
      const last = await list(past);
      expect(last.page, past).toBe(2);
      expect(listed(last), past).toEqual(listed(second));
    }
    for (const nonsense of ['0', '-1', 'two', '1e3'])
      expect((await list(`?q=more+support&page=${nonsense}`)).page).toBe(1);
  });
});

describe("a search's results", () => {
  type Shown = Catalogue & { front: boolean; providers: Array<{ slug: string }>; contactOfficers: unknown[] };

  it("lead with the services, each priced for the class on the buyer's account as on the front page", async () => {
    // An account whose class is not the one alpha's own school would be given without one.
    await (
      await ownerDb()
    )
      .updateTable('customer_accounts')
      .set({ customer_class: 'academy' })
      .where('tenant_id', '=', alpha.id)
      .where('organisation_id', '=', alpha.schoolOrganisationId)
      .execute();

    const front = (await list('')) as Shown;
    expect(front.front).toBe(true);
    expect(front.providers.map((p) => p.slug)).toEqual(['alpha']);
    expect(priceOf(front, ids.day)).toEqual({ kind: 'priced', text: '£590.00 a day' });

    // A search, a filter or a later page: the services alone, the accounts and contact officers
    // left to the front page.
    for (const query of ['?q=day', '?category=educational_psychology', '?provider=alpha', '?page=2']) {
      const shown = (await list(query)) as Shown;
      expect(shown.front, query).toBe(false);
      expect(shown.providers, query).toEqual([]);
      expect(shown.contactOfficers, query).toEqual([]);
    }
    const searched = await list('?q=educational+psychology+day&provider=alpha');
    expect(priceOf(searched, ids.day)).toEqual({ kind: 'priced', text: '£590.00 a day' });
    // Beta's school holds no account with alpha: the class its school would be given.
    expect(priceOf(await list('?q=educational+psychology+day', betaBrowser), ids.day)).toEqual({
      kind: 'priced',
      text: '£590.00 a day',
    });
  });
});
