import { sql } from 'kysely';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import * as schoolImpactPage from '../../app/routes/t.$tenant.schools.$urn_.impact';
import * as newReviewPage from '../../app/routes/t.$tenant.schools.$urn_.reviews.new';
import * as managersPage from '../../app/routes/t.$tenant.schools.impact';
import * as managersCsv from '../../app/routes/t.$tenant.schools.impact[.csv]';
import { currentPlacementYear } from '../../app/improvement/categories.server';
import {
  addMember,
  asUser,
  createUser,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';
import { routeData } from '../setup/route-data';

const remix = routeData();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const SCHOOL = 900001;
const YEAR = currentPlacementYear();
const IN_YEAR = (month: string, day: string) => `${Number(month) >= 9 ? YEAR - 1 : YEAR}-${month}-${day}`;

let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: Browser;
let betaAdmin: Browser;
let practitionerId: string;

async function one<T>(query: ReturnType<typeof sql<T>>): Promise<T> {
  return (await query.execute(await ownerDb())).rows[0]!;
}

async function dayLine(
  tenant: TestTenant,
  organisationId: string,
  reference: string,
  code: string,
  account = { customerClass: 'own_maintained', settlement: 'recharge' },
) {
  const service = await one(sql<{ id: string }>`
    insert into services (tenant_id, code, name, category, unit_kind, vat_by_class, sold_to, status)
    values (${tenant.id}, ${code}, ${`${code} day`}, 'school_improvement', 'day', '{}', '{"ownArea": true}', 'published')
    returning id`);
  const order = await one(sql<{ id: string }>`
    insert into orders (tenant_id, reference, organisation_id, placed_by_organisation_id, customer_class,
                        settlement_method, contact_name, contact_email, status, submitted_total_pence,
                        idempotency_key, submitted_by, accepted_on)
    values (${tenant.id}, ${reference}, ${organisationId}, ${organisationId}, ${account.customerClass}, ${account.settlement}, 'Bursar',
            'bursar@example.com', 'accepted', 90000, ${reference}, ${tenant.buyerId}, ${IN_YEAR('09', '02')}) returning id`);
  const line = await one(sql<{ id: string }>`
    insert into order_lines (tenant_id, order_id, line_number, service_id, service_code, service_name, unit_kind,
                             year_kind, year_start, quantity, price, quote, total_pence, status)
    values (${tenant.id}, ${order.id}, 1, ${service.id}, ${code}, ${`${code} day`}, 'day', 'academic',
            ${`${YEAR - 1}-09-01`}, 5, '{"model": "per_unit", "unitPricePence": 45000}', '{}', 90000, 'active')
    returning id`);
  return { serviceId: service.id, orderId: order.id, lineId: line.id, reference };
}

const delivery = (tenantId: string, lineId: string, by: string, on: string, hundredths: number, status: string) =>
  one(sql<{ id: string }>`
    insert into deliveries (tenant_id, order_line_id, delivered_on, units_hundredths, practitioner_id, work_type,
                            confirm_by, logged_by, status, confirmed_by, confirmed_at)
    values (${tenantId}, ${lineId}, ${on}, ${hundredths}, ${by}, 'support', ${on}, ${by}, ${status},
            ${status === 'confirmed' ? by : null}, ${status === 'confirmed' ? sql`now()` : null}) returning id`);

const feedback = (tenantId: string, lineId: string, givenBy: string, rating: number, whatChanged: string) =>
  one(sql`insert into feedback (tenant_id, order_line_id, rating, what_changed, given_by)
          values (${tenantId}, ${lineId}, ${rating}, ${whatChanged}, ${givenBy}) returning id`);

/**
 * Alpha's school, targeted this year after 58% at the expected standard last year and 70% this
 * year: three visits by alpha's admin (1 day funded, ½ day funded, 1 day traded on the school's
 * line), 2 confirmed traded days by a practitioner (and 1 only logged), feedback 4 and 5; beta
 * brokered for 2 days with 1 confirmed and feedback 3.
 */
async function seedSupport() {
  const db = await ownerDb();
  await sql`insert into ks2_results (urn, academic_year, source, eligible_pupils, ptrwm_exp, read_prog, writ_prog, mat_prog)
            values (${SCHOOL}, ${YEAR - 1}, 'year_file', 30, 58, -1.0, -2.0, -3.0),
                   (${SCHOOL}, ${YEAR}, 'year_file', 31, 70, 1.5, 0.5, -6.0)`.execute(db);
  const category = await one(sql<{ id: string }>`
    insert into support_categories (tenant_id, level, position, name, funded_days)
    values (${alpha.id}, 'targeted', 2, 'Targeted', 5) returning id`);
  await one(sql`
    insert into support_placements (tenant_id, urn, academic_year, category_id, reason, decided_by)
    values (${alpha.id}, ${SCHOOL}, ${YEAR}, ${category.id}, 'Below the floor', ${alpha.adminId}) returning id`);
  const own = await dayLine(alpha, alpha.schoolOrganisationId, 'ORD-A1', 'SI');
  await delivery(alpha.id, own.lineId, practitionerId, IN_YEAR('10', '01'), 200, 'confirmed');
  await delivery(alpha.id, own.lineId, practitionerId, IN_YEAR('10', '02'), 100, 'logged');
  const tradedVisit = await delivery(alpha.id, own.lineId, alpha.adminId, IN_YEAR('10', '03'), 100, 'confirmed');
  const visit = (on: string, days: number, funded: number, lineId: string | null, deliveryId: string | null) =>
    one(sql`insert into improvement_visits (tenant_id, urn, academic_year, visited_on, visit_type, practitioner_id,
                                            days_hundredths, funded_hundredths, traded_hundredths, order_line_id,
                                            delivery_id, recorded_by)
            values (${alpha.id}, ${SCHOOL}, ${YEAR}, ${on}, 'monitoring_visit', ${alpha.adminId}, ${days}, ${funded},
                    ${days - funded}, ${lineId}, ${deliveryId}, ${alpha.adminId}) returning id`);
  await visit(IN_YEAR('09', '20'), 100, 100, null, null);
  await visit(IN_YEAR('09', '27'), 50, 50, null, null);
  await visit(IN_YEAR('10', '03'), 100, 0, own.lineId, tradedVisit.id);
  await feedback(alpha.id, own.lineId, alpha.buyerId, 4, 'Phonics now consistent');
  await feedback(alpha.id, own.lineId, alpha.financeId, 5, '');

  await sql`insert into customer_accounts (tenant_id, organisation_id, customer_class, settlement_method)
            values (${beta.id}, ${alpha.schoolOrganisationId}, 'other_la_school', 'invoice')`.execute(db);
  const brokered = await dayLine(beta, alpha.schoolOrganisationId, 'ORD-B1', 'SLE', {
    customerClass: 'other_la_school',
    settlement: 'invoice',
  });
  await delivery(beta.id, brokered.lineId, beta.adminId, IN_YEAR('11', '10'), 100, 'confirmed');
  await delivery(beta.id, brokered.lineId, beta.adminId, IN_YEAR('11', '11'), 50, 'logged');
  await feedback(beta.id, brokered.lineId, beta.buyerId, 3, 'Maths leadership clearer');
  await sql`insert into brokered_supports (tenant_id, reference, urn, academic_year, supporting_tenant_id, service_id,
                                           service_name, days_hundredths, day_rate_pence, funded_by, reason, order_id,
                                           order_line_id, order_reference, brokered_by)
            values (${alpha.id}, 'BRK-0001', ${SCHOOL}, ${YEAR}, ${beta.id}, ${brokered.serviceId}, 'SLE day', 200, 45000,
                    'authority', 'Maths leadership', ${brokered.orderId}, ${brokered.lineId}, 'ORD-B1', ${alpha.adminId})`.execute(
    db,
  );
}

const render = (component: () => unknown, loaderData: unknown) => {
  remix.loaderData = loaderData;
  remix.actionData = undefined;
  return renderToStaticMarkup(createElement(component as never));
};

const schoolPage = (browser = alphaAdmin, slug = 'alpha', urn = SCHOOL) =>
  respond(() =>
    schoolImpactPage.loader(args(get(`/t/${slug}/schools/${urn}/impact`, browser), { tenant: slug, urn: String(urn) })),
  );
const managers = (browser = alphaAdmin, slug = 'alpha', query = '') =>
  respond(() => managersPage.loader(args(get(`/t/${slug}/schools/impact${query}`, browser), { tenant: slug })));
const csv = (table: string, browser = alphaAdmin, slug = 'alpha') =>
  respond(() =>
    managersCsv.loader(args(get(`/t/${slug}/schools/impact.csv?table=${table}`, browser), { tenant: slug })),
  );

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId);
  betaAdmin = await asUser(beta.adminId);
  practitionerId = await createUser('adviser@alpha.example', 'Alpha adviser');
  await addMember(alpha.id, practitionerId, 'practitioner');
  await seedSupport();
});

describe("a school's impact", () => {
  it('shows the year’s category, support given, feedback, reviews and results against the year before', async () => {
    const recorded = await respond(() =>
      newReviewPage.action(
        args(
          post(
            `/t/alpha/schools/${SCHOOL}/reviews/new`,
            {
              'metOn-day': '1',
              'metOn-month': '9',
              'metOn-year': String(YEAR - 1),
              attendees: 'Head, adviser',
              reviewed: 'Maths plan',
              'action-1': 'Maths audit',
              'owner-1': 'Maths lead',
              'due-1-day': '1',
              'due-1-month': '9',
              'due-1-year': String(YEAR - 1),
              'action-2': 'Report to governors',
              'owner-2': 'Head',
              'due-2-day': '31',
              'due-2-month': '8',
              'due-2-year': String(YEAR),
            },
            alphaAdmin,
          ),
          { tenant: 'alpha', urn: String(SCHOOL) },
        ),
      ),
    );
    expect(recorded.status).toBe(302);
    const shown = await schoolPage();
    expect(shown.status).toBe(200);
    const value = shown.value as Awaited<ReturnType<typeof schoolImpactPage.loader>>;
    expect(value.years).toHaveLength(1);
    const [year] = value.years;
    expect(year).toMatchObject({
      academicYear: YEAR,
      category: { name: 'Targeted', reason: 'Below the floor' },
      council: { visits: 3, daysHundredths: 250, fundedHundredths: 150, tradedHundredths: 100 },
      tradedHundredths: 200,
      feedback: { count: 2, averageRating: 4.5 },
      reviews: { reviews: 1, actions: 2, completed: 0, open: 2 },
      change: 'rose',
      afterConcerns: ['Progress below -5.0 in maths'],
    });
    expect(year!.feedback.whatChanged.map((f) => f.text)).toEqual(['Phonics now consistent']);
    expect(year!.brokered).toEqual([
      expect.objectContaining({
        reference: 'BRK-0001',
        provider: 'beta education services',
        daysHundredths: 200,
        confirmedHundredths: 100,
        feedbackCount: 1,
        averageRating: 3,
      }),
    ]);
    expect(year!.before?.ptrwmExp).toBe(58);
    expect(year!.after?.ptrwmExp).toBe(70);
    const html = render(schoolImpactPage.default, value);
    expect(html).toContain('Support and results by academic year');
    expect(html).toContain('5.5 days'); // 2.5 visits + 2 traded + 1 brokered confirmed
    expect(html).toContain('4.5 out of 5 from 2 ratings');
    expect(html).toContain('Rose');
    expect(html).toContain('“Phonics now consistent”');
    expect(html).toContain('BRK-0001: beta education services');
    expect(html).toContain('Record a progress review group');
    expect(html).toContain('1 open, 1 overdue');
    expect(html).toContain('role="img"');
  });

  it('lets a practitioner read it, without the button to record a review', async () => {
    const shown = await schoolPage(await asUser(practitionerId));
    expect(shown.status).toBe(200);
    expect(render(schoolImpactPage.default, shown.value)).not.toContain('Record a progress review group');
  });
});

describe('impact by provider and practitioner', () => {
  it('counts the council and each brokered provider, and each practitioner, from the data', async () => {
    const shown = await managers();
    expect(shown.status).toBe(200);
    const value = shown.value as Awaited<ReturnType<typeof managersPage.loader>>;
    expect(value.providers).toEqual([
      expect.objectContaining({
        own: true,
        schools: 1,
        daysHundredths: 450,
        feedbackCount: 2,
        averageRating: 4.5,
        rose: 1,
        fell: 0,
      }),
      expect.objectContaining({
        own: false,
        name: 'beta education services',
        schools: 1,
        daysHundredths: 100,
        feedbackCount: 1,
        averageRating: 3,
        rose: 1,
      }),
    ]);
    expect(
      value.practitioners.map((p) => [p.name, p.visits, p.visitHundredths, p.deliveryHundredths, p.feedbackCount]),
    ).toEqual([
      ['alpha admin', 3, 250, 0, 2],
      ['Alpha adviser', 0, 0, 200, 2],
    ]);
    const html = render(managersPage.default, value);
    expect(html).toContain('alpha education services (the council’s own)');
    expect(html).toContain('4.5 days');
    expect(html).toContain('impact.csv?table=providers');

    const lastYear = (await managers(alphaAdmin, 'alpha', `?year=${YEAR - 1}`)).value as typeof value;
    expect(lastYear.providers).toEqual([expect.objectContaining({ own: true, daysHundredths: 0, schools: 0 })]);
    const nonsense = (await managers(alphaAdmin, 'alpha', '?year=%3Cx%3E')).value as typeof value;
    expect(nonsense.year).toBeNull();

    const file = await csv('providers');
    expect(file.status).toBe(200);
    expect(file.response!.headers.get('content-type')).toContain('text/csv');
    const text = await file.response!.text();
    expect(text.split('\r\n')[0]).toBe(
      '"Provider","Schools supported","Days delivered","Feedback given","Average rating (out of 5)","Results rose the year after","Results fell","No change","Not known yet"',
    );
    expect(text).toContain('"beta education services","1","1 day","1","3.0","1","0","0","0"');
    expect((await csv('practitioners')).status).toBe(200);
    expect((await csv('other')).status).toBe(404);
  });

  it('is for managers: a practitioner is refused', async () => {
    const practitioner = await asUser(practitionerId);
    expect((await managers(practitioner)).status).toBe(403);
    expect((await csv('providers', practitioner)).status).toBe(403);
  });

  it('answers 404 to another tenant, and for a school that is not the tenant’s', async () => {
    const statuses = [
      await schoolPage(betaAdmin),
      await schoolPage(alphaAdmin, 'alpha', 999999),
      await managers(betaAdmin),
      await csv('providers', betaAdmin),
    ];
    expect(statuses.map((s) => s.status)).toEqual(statuses.map(() => 404));
    // Alpha's school buys from beta too, so beta has a page for it: with only beta's own work on it.
    const betaView = await schoolPage(betaAdmin, 'beta');
    expect(betaView.status).toBe(200);
    const betaYears = (betaView.value as Awaited<ReturnType<typeof schoolImpactPage.loader>>).years;
    expect(betaYears).toEqual([
      expect.objectContaining({
        category: null,
        tradedHundredths: 100,
        brokered: [],
        council: expect.objectContaining({ visits: 0 }),
      }),
    ]);
    expect((betaView.value as { reviews: unknown[] }).reviews).toEqual([]);
    // Beta sees its own delivery to alpha's school as its own work, and none of alpha's visits or brokerage.
    const own = (await managers(betaAdmin, 'beta')).value as Awaited<ReturnType<typeof managersPage.loader>>;
    expect(own.providers).toEqual([
      expect.objectContaining({ own: true, name: 'beta education services', daysHundredths: 100, feedbackCount: 1 }),
    ]);
    expect(own.practitioners.map((p) => p.name)).toEqual(['beta admin']);
  });
});
