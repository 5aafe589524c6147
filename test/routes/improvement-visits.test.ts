import { randomUUID } from 'node:crypto';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as linePage from '../../app/routes/t.$tenant.lines.$lineId';
import * as orderPage from '../../app/routes/t.$tenant.orders.$orderId';
import * as schoolPage from '../../app/routes/t.$tenant.schools.$urn';
import * as decidePage from '../../app/routes/t.$tenant.schools.$urn_.category';
import * as visitsPage from '../../app/routes/t.$tenant.schools.$urn_.visits';
import * as visitPage from '../../app/routes/t.$tenant.schools.$urn_.visits_.$visitId';
import * as newVisitPage from '../../app/routes/t.$tenant.schools.$urn_.visits_.new';
import * as categoriesPage from '../../app/routes/t.$tenant.schools.categories';
import {
  asUser,
  EP_DAY_FIELDS,
  get,
  onDate,
  ownerDb,
  post,
  respond,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';
import { routeData } from '../setup/route-data';

const remix = routeData();
remix.search = 'logged=1';

const render = (component: () => unknown, loaderData: unknown, actionData: unknown = undefined) => {
  remix.loaderData = loaderData;
  remix.actionData = actionData;
  return renderToStaticMarkup(createElement(component as never));
};

// The 2025/26 academic year (2026 as the year it ends in), visited in February.
useToday('2026-03-01');
const YEAR = 2026;
const SCHOOL = 900001;
const DAY_RATE = 45000;
const BASE = 'http://localhost';

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

let alpha: TestTenant;
let beta: TestTenant;
let alphaCtx: TenantContext;
let alphaAdmin: Browser;
let betaAdmin: Browser;
let buyer: BuyerContext;
let service: string;

async function placeIn(level: 'intensive' | 'targeted' | 'universal', tenant = alpha, urn = SCHOOL) {
  const db = await ownerDb();
  // The categories page makes the defaults (intensive 10, targeted 5, universal 1) on first use.
  await categoriesPage.loader(
    args(get(`/t/${tenant.slug}/schools/categories`, await asUser(tenant.adminId)), { tenant: tenant.slug }),
  );
  const category = await db
    .selectFrom('support_categories')
    .select('id')
    .where('tenant_id', '=', tenant.id)
    .where('level', '=', level)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('support_placements')
    .values({
      tenant_id: tenant.id,
      urn,
      academic_year: YEAR,
      category_id: category.id,
      reason: 'Test',
      decided_by: tenant.adminId,
    })
    .execute();
}

/** The school buys 3 school improvement days for 2025/26, accepted on 2 February; returns the line id. */
async function boughtLine(): Promise<string> {
  await addToBasket(buyer, { slug: 'alpha', serviceId: service, yearKey: 'academic:2025-09-01', quantity: 3 });
  const [order] = await submitOrder(
    buyer,
    {
      slug: 'alpha',
      poNumber: '',
      contactName: 'Pat',
      contactEmail: 'pat@alpha-school.example',
      idempotencyKey: randomUUID(),
    },
    BASE,
  );
  const accepted = await onDate('2026-02-02', () =>
    respond(() =>
      orderPage.action(
        args(post(`/t/alpha/orders/${order!.id}`, { intent: 'accept' }, alphaAdmin), {
          tenant: 'alpha',
          orderId: order!.id,
        }),
      ),
    ),
  );
  expect(accepted.status).toBe(302);
  const line = await (
    await ownerDb()
  )
    .selectFrom('order_lines')
    .select('id')
    .where('order_id', '=', order!.id)
    .executeTakeFirstOrThrow();
  return line.id;
}

const visitFields = (fields: Record<string, string> = {}) => ({
  'visitedOn-day': '10',
  'visitedOn-month': '2',
  'visitedOn-year': '2026',
  visitType: 'supported_self_review',
  practitionerId: alpha.adminId,
  days: 'day',
  note: 'Looked at reading',
  agreedActions: 'Phonics plan by Easter',
  ...fields,
});

const logVisit = (fields: Record<string, string> = {}, browser = alphaAdmin, slug = 'alpha', urn = SCHOOL) =>
  respond(() =>
    newVisitPage.action(
      args(post(`/t/${slug}/schools/${urn}/visits/new`, visitFields(fields), browser), {
        tenant: slug,
        urn: String(urn),
      }),
    ),
  );

const visitsData = async (browser = alphaAdmin) => {
  const r = await respond(() =>
    visitsPage.loader(
      args(get(`/t/alpha/schools/${SCHOOL}/visits?year=${YEAR}`, browser), { tenant: 'alpha', urn: String(SCHOOL) }),
    ),
  );
  expect(r.status).toBe(200);
  return r.value as Awaited<ReturnType<typeof visitsPage.loader>>;
};

const visitRows = async () =>
  (await ownerDb()).selectFrom('improvement_visits').selectAll().orderBy('recorded_at').execute();

const errorsOf = (value: unknown) => (value as { errors: Array<{ field?: string; message: string }> }).errors;

const voidVisit = (visitId: string, reason: string, browser = alphaAdmin, slug = 'alpha', urn = SCHOOL) =>
  respond(() =>
    visitPage.action(
      args(post(`/t/${slug}/schools/${urn}/visits/${visitId}`, { reason }, browser), {
        tenant: slug,
        urn: String(urn),
        visitId,
      }),
    ),
  );

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
  alphaCtx = await requireTenantMember(get('/t/alpha', alphaAdmin), 'alpha');
  service = await createService(
    alphaCtx,
    serviceForm.parse({
      ...EP_DAY_FIELDS,
      code: 'SI-DAY',
      name: 'School improvement adviser day',
      category: 'school_improvement',
    }),
  );
  const schedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2025 });
  await changeServiceStatus(alphaCtx, service, 'published');
  for (const customerClass of ['own_maintained', 'academy'] as const)
    await setServicePrice(alphaCtx, schedule, service, customerClass, {
      model: 'per_unit',
      unitPricePence: DAY_RATE,
      minimumChargePence: 0,
      rounding: 'penny',
    });
  await publishSchedule(alphaCtx, schedule);
  buyer = await requireBuyer(get('/buy', await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)));
});

describe('school improvement visits', () => {
  it('draws a visit from the core entitlement, audited, and shows the position', async () => {
    await placeIn('universal');
    const logged = await logVisit();
    expect(logged.status).toBe(302);
    const [visit] = await visitRows();
    expect(visit).toMatchObject({
      urn: SCHOOL,
      academic_year: YEAR,
      days_hundredths: 100,
      funded_hundredths: 100,
      traded_hundredths: 0,
      delivery_id: null,
    });
    expect(logged.response!.headers.get('location')).toBe(`/t/alpha/schools/${SCHOOL}/visits?logged=${visit!.id}`);
    const page = await visitsData();
    expect(page.position).toMatchObject({
      entitledHundredths: 100,
      drawnHundredths: 100,
      remainingHundredths: 0,
      tradedHundredths: 0,
    });
    expect(page.visits[0]).toMatchObject({
      practitionerName: 'alpha admin',
      note: 'Looked at reading',
      agreedActions: 'Phonics plan by Easter',
    });
    const audit = await (
      await ownerDb()
    )
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('action', '=', 'improvement_visit.recorded')
      .execute();
    expect(audit).toHaveLength(1);
    const school = await respond(() =>
      schoolPage.loader(args(get(`/t/alpha/schools/${SCHOOL}`, alphaAdmin), { tenant: 'alpha', urn: String(SCHOOL) })),
    );
    expect((school.value as { entitlement: unknown }).entitlement).toBeTruthy();
  });

  it('records the part beyond the entitlement on the school’s line as a delivery record saying so', async () => {
    await placeIn('universal');
    const lineId = await boughtLine();
    expect((await logVisit({ days: 'half' })).status).toBe(302);
    expect((await logVisit({ 'visitedOn-day': '12' })).status).toBe(302);
    const [first, second] = await visitRows();
    expect(first).toMatchObject({ funded_hundredths: 50, traded_hundredths: 0, order_line_id: null });
    expect(second).toMatchObject({
      funded_hundredths: 50,
      traded_hundredths: 50,
      order_line_id: lineId,
      traded_day_rate_pence: null,
    });
    const delivery = await (
      await ownerDb()
    )
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', second!.delivery_id!)
      .executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({
      order_line_id: lineId,
      units_hundredths: 50,
      status: 'logged',
      delivered_on: '2026-02-12',
      work_type: 'Supported self-review',
    });
    expect(delivery.note).toContain(
      'From a school improvement visit of 1 day: ½ day from the core entitlement, ½ day on this line.',
    );
    const line = await respond(() =>
      linePage.loader(args(get(`/t/alpha/lines/${lineId}`, alphaAdmin), { tenant: 'alpha', lineId })),
    );
    expect(JSON.stringify(line.value)).toContain('From a school improvement visit');
    const page = await visitsData();
    expect(page.position).toMatchObject({ drawnHundredths: 100, remainingHundredths: 0, tradedOnLineHundredths: 50 });
  });

  it('with no purchase, prices the traded days at the published day rate as not commissioned', async () => {
    // Not placed in a category: no funded days, all traded.
    expect((await logVisit({ days: 'half' })).status).toBe(302);
    const [visit] = await visitRows();
    expect(visit).toMatchObject({
      funded_hundredths: 0,
      traded_hundredths: 50,
      order_line_id: null,
      traded_day_rate_pence: DAY_RATE,
    });
    const page = await visitsData();
    expect(page.position).toMatchObject({
      entitledHundredths: 0,
      tradedNotCommissionedHundredths: 50,
      notCommissionedChargePence: DAY_RATE / 2,
    });
    expect(page.category).toBeNull();
  });

  it('voids a visit with a reason, freeing its days and voiding its unanswered delivery record; refuses once the school confirmed', async () => {
    await placeIn('universal');
    await boughtLine();
    await logVisit();
    await logVisit({ 'visitedOn-day': '11' });
    const [funded, traded] = await visitRows();
    expect(traded!.delivery_id).not.toBeNull();

    const blank = await voidVisit(traded!.id, ' ');
    expect(blank.status).toBe(400);
    expect(errorsOf(blank.value)[0]!.field).toBe('reason');

    expect((await voidVisit(traded!.id, 'Logged twice')).status).toBe(302);
    const delivery = await (
      await ownerDb()
    )
      .selectFrom('deliveries')
      .select(['status', 'resolution_outcome'])
      .where('id', '=', traded!.delivery_id!)
      .executeTakeFirstOrThrow();
    expect(delivery).toEqual({ status: 'voided', resolution_outcome: 'voided' });
    expect((await voidVisit(traded!.id, 'Again')).status).toBe(409);

    expect((await voidVisit(funded!.id, 'Wrong school')).status).toBe(302);
    expect((await visitsData()).position).toMatchObject({ drawnHundredths: 0, remainingHundredths: 100 });

    // A new visit draws the freed day; one beyond it goes on the line, and once the school confirms
    // that record, the visit cannot be voided.
    await logVisit({ 'visitedOn-day': '13' });
    await logVisit({ 'visitedOn-day': '16' });
    const latest = (await visitRows()).at(-1)!;
    expect(latest.traded_hundredths).toBe(100);
    await sql`update deliveries set status = 'confirmed', confirmed_by = ${alpha.buyerId}, confirmed_at = now() where id = ${latest.delivery_id}`.execute(
      await ownerDb(),
    );
    const refused = await voidVisit(latest.id, 'Did not happen');
    expect(refused.status).toBe(409);
    expect(errorsOf(refused.value)[0]!.message).toMatch(
      /cannot be voided: the school has confirmed the delivery record/,
    );
    expect((await visitRows()).at(-1)!.voided_at).toBeNull();
  });

  it('answers bad input with errors on the fields and saves nothing', async () => {
    const empty = await logVisit({
      'visitedOn-day': '',
      'visitedOn-month': '',
      'visitedOn-year': '',
      visitType: '',
      days: '',
      practitionerId: '',
    });
    expect(empty.status).toBe(400);
    expect(
      errorsOf(empty.value)
        .map((e) => e.field)
        .sort(),
    ).toEqual(['days', 'practitionerId', 'visitType', 'visitedOn']);
    const future = await logVisit({ 'visitedOn-day': '20', 'visitedOn-month': '3' });
    expect(future.status).toBe(400);
    expect(errorsOf(future.value)[0]!.field).toBe('visitedOn');
    const stranger = await logVisit({ practitionerId: beta.adminId });
    expect(errorsOf(stranger.value)[0]!.field).toBe('practitionerId');
    const long = await logVisit({ days: '2' });
    expect(errorsOf(long.value)[0]!.field).toBe('days');
    expect(await visitRows()).toHaveLength(0);
  });

  it('refuses a category’s days or a placement below what a school has drawn, naming the field; nothing saved', async () => {
    await placeIn('targeted');
    await logVisit();
    await logVisit({ 'visitedOn-day': '11' });
    const fields = {
      'intensive-name': 'Intensive',
      'intensive-days': '10',
      'targeted-name': 'Targeted',
      'targeted-days': '1',
      'universal-name': 'Universal',
      'universal-days': '1',
    };
    const saved = await respond(() =>
      categoriesPage.action(args(post('/t/alpha/schools/categories', fields, alphaAdmin), { tenant: 'alpha' })),
    );
    expect(saved.status).toBe(400);
    expect(errorsOf(saved.value)).toEqual([
      {
        field: 'targeted-days',
        message:
          'The funded days for Targeted cannot be fewer than alpha primary school has already drawn in 2025/26: 2 days',
      },
    ]);
    const days = await (
      await ownerDb()
    )
      .selectFrom('support_categories')
      .select('funded_days')
      .where('level', '=', 'targeted')
      .executeTakeFirstOrThrow();
    expect(days.funded_days).toBe(5);

    const placed = await respond(() =>
      decidePage.action(
        args(
          post(
            `/t/alpha/schools/${SCHOOL}/category`,
            { academicYear: String(YEAR), level: 'universal', reason: 'Improved' },
            alphaAdmin,
          ),
          {
            tenant: 'alpha',
            urn: String(SCHOOL),
          },
        ),
      ),
    );
    expect(placed.status).toBe(400);
    expect(errorsOf(placed.value)[0]).toMatchObject({ field: 'level' });
    expect(errorsOf(placed.value)[0]!.message).toContain('has already drawn 2 days');
    expect(await (await ownerDb()).selectFrom('support_placements').select('id').execute()).toHaveLength(1);
  });

  it('answers 404 to another council, a buyer and malformed ids on every visits route', async () => {
    await placeIn('universal');
    await logVisit();
    const [visit] = await visitRows();
    const buyerBrowser = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    for (const browser of [betaAdmin, buyerBrowser]) {
      const slug = browser === betaAdmin ? 'beta' : 'alpha';
      const asBeta = { tenant: slug, urn: String(SCHOOL) };
      expect(
        (await respond(() => visitsPage.loader(args(get(`/t/${slug}/schools/${SCHOOL}/visits`, browser), asBeta))))
          .status,
      ).toBe(404);
      expect(
        (
          await respond(() =>
            newVisitPage.loader(args(get(`/t/${slug}/schools/${SCHOOL}/visits/new`, browser), asBeta)),
          )
        ).status,
      ).toBe(404);
      expect(
        (
          await respond(() =>
            visitPage.loader(
              args(get(`/t/${slug}/schools/${SCHOOL}/visits/${visit!.id}`, browser), { ...asBeta, visitId: visit!.id }),
            ),
          )
        ).status,
      ).toBe(404);
      expect((await voidVisit(visit!.id, 'Not yours', browser, slug)).status).toBe(404);
      expect((await logVisit({}, browser, slug)).status).toBe(404);
    }
    // Beta's own school with alpha's visit id, and alpha's school under another URN: not found.
    expect((await voidVisit(visit!.id, 'Not yours', betaAdmin, 'beta', 900002)).status).toBe(404);
    expect(
      (
        await respond(() =>
          visitPage.loader(
            args(get(`/t/alpha/schools/900002/visits/${visit!.id}`, alphaAdmin), {
              tenant: 'alpha',
              urn: '900002',
              visitId: visit!.id,
            }),
          ),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await respond(() =>
          visitPage.loader(
            args(get(`/t/alpha/schools/${SCHOOL}/visits/nonsense`, alphaAdmin), {
              tenant: 'alpha',
              urn: String(SCHOOL),
              visitId: 'nonsense',
            }),
          ),
        )
      ).status,
    ).toBe(404);
    const own = await respond(() =>
      visitPage.loader(
        args(get(`/t/alpha/schools/${SCHOOL}/visits/${visit!.id}`, alphaAdmin), {
          tenant: 'alpha',
          urn: String(SCHOOL),
          visitId: visit!.id,
        }),
      ),
    );
    expect(own.status).toBe(200);
    expect((await visitRows())[0]!.voided_at).toBeNull();
  });

  it('renders the position, the visits, the form with its errors and one visit with its void form', async () => {
    await placeIn('universal');
    await boughtLine();
    await logVisit();
    await logVisit({ 'visitedOn-day': '11', days: 'half' });
    const list = render(visitsPage.default, await visitsData());
    expect(list).toContain('Visit logged');
    expect(list).toContain('<caption class="govuk-table__caption govuk-table__caption--m">Visits in 2025/26</caption>');
    expect(list).toContain('½ day on the school’s purchase');
    expect(list).toMatch(/Remaining<\/dt>\s*<dd class="govuk-summary-list__value">0 days/);
    const form = await respond(() =>
      newVisitPage.loader(
        args(get(`/t/alpha/schools/${SCHOOL}/visits/new`, alphaAdmin), { tenant: 'alpha', urn: String(SCHOOL) }),
      ),
    );
    const bad = await logVisit({ visitType: '' });
    const formHtml = render(newVisitPage.default, form.value, bad.value);
    expect(formHtml).toContain('govuk-error-summary');
    expect(formHtml).toContain('Select the type of visit');
    const [, traded] = await visitRows();
    const one = await respond(() =>
      visitPage.loader(
        args(get(`/t/alpha/schools/${SCHOOL}/visits/${traded!.id}`, alphaAdmin), {
          tenant: 'alpha',
          urn: String(SCHOOL),
          visitId: traded!.id,
        }),
      ),
    );
    const visitHtml = render(visitPage.default, one.value);
    expect(visitHtml).toContain('Void the visit');
    expect(visitHtml).toContain('Waiting for confirmation');
  });
});
