import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { giveFeedback } from '../../app/delivery/give-feedback.server';
import { respondToDelivery } from '../../app/delivery/respond-to-delivery.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as detailPage from '../../app/routes/t.$tenant.brokered-support.$brokerageId';
import * as listPage from '../../app/routes/t.$tenant.brokered-support._index';
import * as linePage from '../../app/routes/t.$tenant.lines.$lineId';
import * as orderPage from '../../app/routes/t.$tenant.orders.$orderId';
import * as ordersPage from '../../app/routes/t.$tenant.orders._index';
import * as brokerPage from '../../app/routes/t.$tenant.schools.$urn_.broker';
import { describeAuditEvent } from '../../app/audit/audit-words';
import { runScoped } from '../../db/scope.server';
import {
  addBuyer,
  addMember,
  asUser,
  createSchool,
  createTenant,
  createUser,
  EP_DAY_FIELDS,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';
import { readMails } from '../setup/mail';
import { routeData } from '../setup/route-data';

const remix = routeData();
const render = (component: () => unknown, loaderData: unknown, actionData: unknown = undefined, search = '') => {
  remix.loaderData = loaderData;
  remix.actionData = actionData;
  remix.search = search;
  return renderToStaticMarkup(createElement(component as never));
};

// Support for 2025/26 (the year ending in 2026), brokered while it runs.
useToday('2026-03-01');
const YEAR = '2026';
const BASE = 'http://localhost';
const SCHOOL_RATE = 45000; // what the teaching school publishes to a school in another area
const COUNCIL_RATE = 50000; // and to a council
const ALPHA_SCHOOL = 900001;

let alpha: TestTenant; // the brokering council
let beta: TestTenant; // a third council
let springhill: TestTenant; // the teaching school that supports
let alphaAdmin: Browser;
let betaAdmin: Browser;
let springhillAdmin: Browser;
let sleDay: string;
let unpriced: string;
let draft: string;

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

async function tenantCtx(userId: string, slug: string): Promise<TenantContext> {
  return requireTenantMember(get(`/t/${slug}`, await asUser(userId)), slug);
}

/** A teaching school tenant: its organisation is a school, in an area of its own. */
async function teachingSchool(): Promise<TestTenant> {
  const t = await createTenant('springhill', '850', 900010);
  const db = await ownerDb();
  const schoolOrg = await createSchool(900011, '850', 'Springhill teaching school');
  await db
    .updateTable('tenants')
    .set({ kind: 'teaching_school', organisation_id: schoolOrg })
    .where('id', '=', t.id)
    .execute();
  return t;
}

const broker = (fields: Record<string, string>, browser = alphaAdmin, slug = 'alpha', urn = ALPHA_SCHOOL) =>
  respond(() =>
    brokerPage.action(
      args(post(`/t/${slug}/schools/${urn}/broker`, { academicYear: YEAR, ...fields }, browser), {
        tenant: slug,
        urn: String(urn),
      }),
    ),
  );

const offer = (serviceId: string) => `${springhill.id}:${serviceId}`;
const errorsOf = (value: unknown) => (value as { errors: Array<{ field?: string; message: string }> }).errors;
const brokerageIdOf = (r: { response?: Response }) =>
  /brokered-support\/([0-9a-f-]{36})/.exec(r.response!.headers.get('location') ?? '')![1]!;

type ListData = Awaited<ReturnType<typeof listPage.loader>>;
const list = async (browser = alphaAdmin, slug = 'alpha') =>
  (
    await respond(() =>
      listPage.loader(args(get(`/t/${slug}/brokered-support?year=${YEAR}`, browser), { tenant: slug })),
    )
  ).value as ListData;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  springhill = await teachingSchool();
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
  springhillAdmin = await asUser(springhill.adminId, `tenant:${springhill.id}`);
  const ctx = await tenantCtx(springhill.adminId, 'springhill');
  sleDay = await createService(
    ctx,
    serviceForm.parse({
      ...EP_DAY_FIELDS,
      code: 'SLE-DAY',
      name: 'Specialist leader of education day',
      category: 'school_improvement',
    }),
  );
  unpriced = await createService(
    ctx,
    serviceForm.parse({ ...EP_DAY_FIELDS, code: 'NLE-DAY', name: 'National leader day' }),
  );
  draft = await createService(ctx, serviceForm.parse({ ...EP_DAY_FIELDS, code: 'DRAFT-DAY', name: 'Not yet offered' }));
  const schedule = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
  await changeServiceStatus(ctx, sleDay, 'published');
  await changeServiceStatus(ctx, unpriced, 'published');
  const price = (pence: number) => ({
    model: 'per_unit' as const,
    unitPricePence: pence,
    minimumChargePence: 0,
    rounding: 'penny' as const,
  });
  // Publishing needs the classes each service is sold to (its own area); the brokered classes are extra.
  for (const serviceId of [sleDay, unpriced])
    for (const customerClass of ['own_maintained', 'academy'] as const)
      await setServicePrice(ctx, schedule, serviceId, customerClass, price(40000));
  await setServicePrice(ctx, schedule, sleDay, 'other_la_school', price(SCHOOL_RATE));
  await setServicePrice(ctx, schedule, sleDay, 'partner_council', price(COUNCIL_RATE));
  await publishSchedule(ctx, schedule);
});

describe('brokering school-to-school support', () => {
  it('bought by the school: an order for the school at the published rate, accepted, delivered, confirmed and reviewed', async () => {
    const form = await respond(() =>
      brokerPage.loader(
        args(get(`/t/alpha/schools/${ALPHA_SCHOOL}/broker?year=${YEAR}`, alphaAdmin), {
          tenant: 'alpha',
          urn: String(ALPHA_SCHOOL),
        }),
      ),
    );
    expect(form.status).toBe(200);
    const { offers } = form.value as Awaited<ReturnType<typeof brokerPage.loader>>;
    expect(offers.map((o) => [o.serviceName, o.rateIfSchool, o.rateIfAuthority])).toEqual([
      ['National leader day', null, null],
      ['Specialist leader of education day', SCHOOL_RATE, COUNCIL_RATE],
    ]);

    const placed = await broker({
      offer: offer(sleDay),
      days: '2',
      rate: '',
      fundedBy: 'school',
      reason: 'Maths leadership',
    });
    expect(placed.status, JSON.stringify(placed.value)).toBe(302);
    const id = brokerageIdOf(placed);
    const told = (await readMails()).filter((m) => m.subject.includes('brokered by alpha education services'));
    expect(told.map((m) => m.to)).toContain('springhill@example.com');
    // The school pays, so its business manager is told what was arranged, at what rate, and why.
    const schoolTold = (await readMails()).filter((m) => m.to === 'bursar@alpha-school.example');
    expect(schoolTold.map((m) => m.subject)).toEqual([
      'alpha education services arranged support for alpha primary school from springhill education services',
    ]);
    expect(schoolTold[0]!.text).toContain('bought by the school at £450.00 a day');
    expect(schoolTold[0]!.text).toContain('Why: Maths leadership');
    expect(schoolTold[0]!.text).toMatch(/\/buy\/orders\/springhill\/[0-9a-f-]{36}/);

    // The teaching school has the order to accept, from the school, brokered by the council.
    const orders = (
      await respond(() =>
        ordersPage.loader(args(get('/t/springhill/orders', springhillAdmin), { tenant: 'springhill' })),
      )
    ).value as Awaited<ReturnType<typeof ordersPage.loader>>;
    expect(orders.waiting).toHaveLength(1);
    const orderId = orders.waiting[0]!.id;
    expect(orders.all[0]).toMatchObject({ buyerName: 'alpha primary school', totalPence: 2 * SCHOOL_RATE });
    const orderView = async () =>
      (
        await respond(() =>
          orderPage.loader(
            args(get(`/t/springhill/orders/${orderId}`, springhillAdmin), { tenant: 'springhill', orderId }),
          ),
        )
      ).value as Awaited<ReturnType<typeof orderPage.loader>>;
    const before = await orderView();
    expect(before.brokerage).toMatchObject({
      councilName: 'alpha education services',
      schoolName: 'alpha primary school',
      fundedBy: 'school',
    });
    expect(before.order.customerClass).toBe('other_la_school');

    const accepted = await respond(() =>
      orderPage.action(
        args(post(`/t/springhill/orders/${orderId}`, { intent: 'accept' }, springhillAdmin), {
          tenant: 'springhill',
          orderId,
        }),
      ),
    );
    expect(accepted.status).toBe(302);
    const lineId = (await orderView()).lines[0]!.id;
    expect((await list()).rows[0]).toMatchObject({ id, lineStatus: 'active', confirmedHundredths: 0 });

    // Its practitioner logs a day; the school confirms it and gives feedback.
    const practitionerId = await createUser('sle@springhill.example', 'Sam Leader');
    await addMember(springhill.id, practitionerId, 'practitioner');
    const practitioner = await asUser(practitionerId, `tenant:${springhill.id}`);
    const logged = await respond(() =>
      linePage.action(
        args(
          post(
            `/t/springhill/lines/${lineId}`,
            {
              intent: 'log',
              deliveredOn: '2026-03-01',
              units: '1',
              practitionerId,
              workType: 'Visit',
              note: 'Maths lead',
            },
            practitioner,
          ),
          { tenant: 'springhill', lineId },
        ),
      ),
    );
    expect(logged.status, JSON.stringify(logged.value)).toBe(302);
    const line = (
      await respond(() =>
        linePage.loader(args(get(`/t/springhill/lines/${lineId}`, practitioner), { tenant: 'springhill', lineId })),
      )
    ).value as Awaited<ReturnType<typeof linePage.loader>>;
    expect(line.brokerage?.reference).toBe('BRK-0001');
    expect((await list()).rows[0]).toMatchObject({ awaitingHundredths: 100, confirmedHundredths: 0 });

    const bursar = await requireBuyer(get('/buy', await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)));
    await respondToDelivery(bursar, 'springhill', line.deliveries[0]!.id, { confirm: true }, BASE);
    await giveFeedback(bursar, 'springhill', lineId, { rating: 4, whatChanged: 'A plan for maths' });

    const after = await list();
    expect(after.rows).toHaveLength(1);
    expect(after.rows[0]).toMatchObject({
      reference: 'BRK-0001',
      schoolName: 'alpha primary school',
      providerName: 'springhill education services',
      serviceName: 'Specialist leader of education day',
      daysHundredths: 200,
      dayRatePence: SCHOOL_RATE,
      fundedBy: 'school',
      lineStatus: 'active',
      confirmedHundredths: 100,
      awaitingHundredths: 0,
      feedbackCount: 1,
      ratingSum: 4,
    });
    const detail = await respond(() =>
      detailPage.loader(args(get(`/t/alpha/brokered-support/${id}`, alphaAdmin), { tenant: 'alpha', brokerageId: id })),
    );
    expect(detail.status).toBe(200);
    const detailHtml = render(detailPage.default, detail.value, undefined, 'brokered=1');
    expect(detailHtml).toContain('springhill education services supporting alpha primary school');
    expect(detailHtml).toContain('1 review, average 4.0 out of 5');
    const listHtml = render(listPage.default, after);
    expect(listHtml).toContain('<caption class="govuk-table__caption">1 brokerage for 2025/26</caption>');
    expect(listHtml).toContain('Bought by the school');
    expect(render(orderPage.default, await orderView())).toContain(
      'alpha education services for alpha primary school (BRK-0001), bought by the school',
    );

    // Audited on both sides, in words.
    const db = await ownerDb();
    const actions = await db
      .selectFrom('audit_events')
      .select(['tenant_id', 'action'])
      .where('action', 'in', ['brokered_support.created', 'order.brokered'])
      .execute();
    expect(actions).toEqual(
      expect.arrayContaining([
        { tenant_id: alpha.id, action: 'brokered_support.created' },
        { tenant_id: springhill.id, action: 'order.brokered' },
      ]),
    );
  });

  it('funded by the authority: the council is the buyer, at the rate agreed, and its buying side confirms', async () => {
    const placed = await broker({
      offer: offer(sleDay),
      days: '1.5',
      rate: '480',
      fundedBy: 'authority',
      reason: 'Intensive support',
    });
    expect(placed.status).toBe(302);
    const db = await ownerDb();
    const council = await db
      .selectFrom('tenants')
      .select('organisation_id')
      .where('id', '=', alpha.id)
      .executeTakeFirstOrThrow();
    const order = await db
      .selectFrom('orders')
      .selectAll()
      .where('tenant_id', '=', springhill.id)
      .executeTakeFirstOrThrow();
    expect(order).toMatchObject({
      organisation_id: council.organisation_id,
      customer_class: 'partner_council',
      status: 'awaiting_provider',
    });
    expect(Number(order.submitted_total_pence)).toBe(72000);
    const line = await db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(line).toMatchObject({ allowance_hundredths: 150, quantity: 2 });

    const accepted = await respond(() =>
      orderPage.action(
        args(post(`/t/springhill/orders/${order.id}`, { intent: 'accept' }, springhillAdmin), {
          tenant: 'springhill',
          orderId: order.id,
        }),
      ),
    );
    expect(accepted.status).toBe(302);
    const logged = await respond(() =>
      linePage.action(
        args(
          post(
            `/t/springhill/lines/${line.id}`,
            {
              intent: 'log',
              deliveredOn: '2026-03-01',
              units: '0.5',
              practitionerId: springhill.adminId,
              workType: 'Visit',
              note: '',
            },
            springhillAdmin,
          ),
          { tenant: 'springhill', lineId: line.id },
        ),
      ),
    );
    expect(logged.status, JSON.stringify(logged.value)).toBe(302);
    const commissionerId = await createUser('commissioner@alpha.example', 'Casey Commissioner');
    await addBuyer(council.organisation_id, commissionerId, 'council_commissioner');
    const commissioner = await requireBuyer(
      get('/buy', await asUser(commissionerId, `org:${council.organisation_id}`)),
    );
    const delivery = await db
      .selectFrom('deliveries')
      .select('id')
      .where('order_line_id', '=', line.id)
      .executeTakeFirstOrThrow();
    await respondToDelivery(commissioner, 'springhill', delivery.id, { confirm: true }, BASE);
    expect((await list()).rows[0]).toMatchObject({
      fundedBy: 'authority',
      dayRatePence: 48000,
      confirmedHundredths: 50,
    });

    // The same form submitted again brokers nothing more.
    const key = randomUUID();
    const fields = { offer: offer(sleDay), days: '1', rate: '480', fundedBy: 'authority', reason: 'Twice', key };
    const first = await broker(fields);
    const second = await broker(fields);
    expect(brokerageIdOf(second)).toBe(brokerageIdOf(first));
    expect((await list()).rows).toHaveLength(2);
  });

  it('refuses bad input with an error summary on the field, and places nothing', async () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ days: '0' }, 'days', /above 0/],
      [{ days: '' }, 'days', /number of days/],
      [{ rate: 'lots' }, 'rate', /agreed day rate/],
      [{ offer: offer(unpriced), rate: '' }, 'rate', /publishes no day rate/],
      [{ offer: `${springhill.id}:${randomUUID()}` }, 'offer', /published services/],
      [{ offer: offer(draft) }, 'offer', /published services/],
      [{ offer: `${alpha.id}:${sleDay}` }, 'offer', /published services/],
      [{ offer: 'nonsense' }, 'offer', /from the list/],
      [{ fundedBy: 'someone' }, 'fundedBy', /authority funds/],
      [{ reason: ' ' }, 'reason', /reason/],
    ];
    for (const [change, field, message] of cases) {
      const r = await broker({
        offer: offer(sleDay),
        days: '2',
        rate: '',
        fundedBy: 'school',
        reason: 'Help',
        ...change,
      });
      expect(r.status, JSON.stringify(change)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      const errors = errorsOf(r.value);
      expect(errors.find((e) => e.field === field)?.message, JSON.stringify(change)).toMatch(message);
    }
    // The page shows the form again with the summary naming the field.
    const bad = await broker({ offer: offer(sleDay), days: '0', rate: '', fundedBy: 'school', reason: 'Help' });
    const form = await respond(() =>
      brokerPage.loader(
        args(get(`/t/alpha/schools/${ALPHA_SCHOOL}/broker?year=${YEAR}`, alphaAdmin), {
          tenant: 'alpha',
          urn: String(ALPHA_SCHOOL),
        }),
      ),
    );
    const html = render(brokerPage.default, form.value, bad.value);
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('href="#days"');
    expect(html).toContain(
      'Specialist leader of education day — £450.00 a day to the school, £500.00 a day to the council',
    );
    const db = await ownerDb();
    expect(await db.selectFrom('brokered_supports').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('orders').selectAll().where('tenant_id', '=', springhill.id).execute()).toEqual([]);
  });

  it('refuses a council member without the role, in the page and in the database', async () => {
    const practitionerId = await createUser('adviser@alpha.example', 'Alex Adviser');
    await addMember(alpha.id, practitionerId, 'practitioner');
    const practitioner = await asUser(practitionerId, `tenant:${alpha.id}`);
    const page = await respond(() =>
      brokerPage.loader(
        args(get(`/t/alpha/schools/${ALPHA_SCHOOL}/broker`, practitioner), {
          tenant: 'alpha',
          urn: String(ALPHA_SCHOOL),
        }),
      ),
    );
    expect(page.status).toBe(403);
    expect(
      (await broker({ offer: offer(sleDay), days: '2', fundedBy: 'school', reason: 'x' }, practitioner)).status,
    ).toBe(403);
    // The list is readable with improvement.view.
    expect(
      (await respond(() => listPage.loader(args(get('/t/alpha/brokered-support', practitioner), { tenant: 'alpha' }))))
        .status,
    ).toBe(200);

    const db = await ownerDb();
    await expect(
      runScoped(db, { tenantId: alpha.id, userId: practitionerId }, (tx) =>
        sql`select * from broker_support(${ALPHA_SCHOOL}, 2026::smallint, ${springhill.id}::uuid, ${sleDay}::uuid, 100, 100, 'school', 'x', 'n', 'e', '', ${randomUUID()}::uuid)`.execute(
          tx,
        ),
      ),
    ).rejects.toThrow(/Only a service manager or admin/);
    // The teaching school has no brokerage pages at all.
    expect(
      (
        await respond(() =>
          listPage.loader(args(get('/t/springhill/brokered-support', springhillAdmin), { tenant: 'springhill' })),
        )
      ).status,
    ).toBe(404);
  });

  it('a third council cannot see the brokerage, broker for the school, or read its progress', async () => {
    const placed = await broker({ offer: offer(sleDay), days: '2', fundedBy: 'school', reason: 'Maths' });
    const id = brokerageIdOf(placed);
    expect(
      (
        await respond(() =>
          detailPage.loader(
            args(get(`/t/beta/brokered-support/${id}`, betaAdmin), { tenant: 'beta', brokerageId: id }),
          ),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await respond(() =>
          detailPage.loader(
            args(get(`/t/alpha/brokered-support/${id}`, betaAdmin), { tenant: 'alpha', brokerageId: id }),
          ),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await respond(() =>
          detailPage.loader(
            args(get(`/t/alpha/brokered-support/not-an-id`, alphaAdmin), { tenant: 'alpha', brokerageId: 'not-an-id' }),
          ),
        )
      ).status,
    ).toBe(404);
    expect((await list(betaAdmin, 'beta')).rows).toEqual([]);
    // Alpha's school is not beta's: its broker page and form answer 404.
    expect(
      (
        await respond(() =>
          brokerPage.loader(
            args(get(`/t/beta/schools/${ALPHA_SCHOOL}/broker`, betaAdmin), {
              tenant: 'beta',
              urn: String(ALPHA_SCHOOL),
            }),
          ),
        )
      ).status,
    ).toBe(404);
    expect(
      (await broker({ offer: offer(sleDay), days: '2', fundedBy: 'school', reason: 'x' }, betaAdmin, 'beta')).status,
    ).toBe(404);

    const db = await ownerDb();
    const { order_id: orderId, id: brokerageId } = await db
      .selectFrom('brokered_supports')
      .select(['order_id', 'id'])
      .executeTakeFirstOrThrow();
    await runScoped(db, { tenantId: beta.id, userId: beta.adminId }, async (tx) => {
      expect((await sql`select * from brokered_support_progress()`.execute(tx)).rows).toEqual([]);
      expect((await sql`select * from brokered_supports`.execute(tx)).rows).toEqual([]);
      expect((await sql`select * from order_brokerage(${orderId}::uuid)`.execute(tx)).rows).toEqual([]);
      expect((await sql`select * from brokerage_school_contacts(${brokerageId}::uuid)`.execute(tx)).rows).toEqual([]);
    });
    await expect(
      runScoped(db, { tenantId: beta.id, userId: beta.adminId }, (tx) =>
        sql`select * from broker_support(${ALPHA_SCHOOL}, 2026::smallint, ${springhill.id}::uuid, ${sleDay}::uuid, 100, 100, 'school', 'x', 'n', 'e', '', ${randomUUID()}::uuid)`.execute(
          tx,
        ),
      ),
    ).rejects.toThrow(/not one of the council/);
    // Brokerages are never changed.
    await expect(db.updateTable('brokered_supports').set({ reason: 'changed' }).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('brokerage in the audit log', () => {
  it('reads in words on both sides', () => {
    expect(
      describeAuditEvent({
        action: 'brokered_support.created',
        subjectType: 'brokered_support',
        subjectLabel: null,
        detail: {
          reference: 'BRK-0001',
          provider: 'Springhill',
          school: 'Bitterne Park',
          daysHundredths: 200,
          dayRatePence: 45000,
          fundedBy: 'school',
          orderReference: 'SPRING-ORD-00001',
        },
      }),
    ).toBe(
      'brokered BRK-0001: Springhill supporting Bitterne Park for 2 days at £450.00 a day, bought by the school (order SPRING-ORD-00001)',
    );
    expect(
      describeAuditEvent({
        action: 'order.brokered',
        subjectType: 'order',
        subjectLabel: 'order SPRING-ORD-00001',
        detail: {
          totalPence: 90000,
          school: 'Bitterne Park',
          brokeredBy: 'Southampton',
          brokerage: 'BRK-0001',
          fundedBy: 'authority',
        },
      }),
    ).toBe(
      'brokered order SPRING-ORD-00001 (£900.00) for Bitterne Park on behalf of Southampton (BRK-0001), funded by the authority',
    );
  });
});
