import { sql } from 'kysely';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import * as budgetPage from '../../app/routes/t.$tenant.schools.budget';
import * as budgetCsv from '../../app/routes/t.$tenant.schools.budget[.csv]';
import { describeAuditEvent } from '../../app/audit/audit-words';
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
const ALPHA_SCHOOL = 900001;
const YEAR = currentPlacementYear();
/** A date in October of the academic year (2026-10-… for 2026/27). */
const october = (day: number) => `${YEAR - 1}-10-${String(day).padStart(2, '0')}`;

let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: Browser;
let betaAdmin: Browser;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId);
  betaAdmin = await asUser(beta.adminId);
});

async function one<T>(query: ReturnType<typeof sql<T>>): Promise<T> {
  return (await query.execute(await ownerDb())).rows[0]!;
}

const setBudget = (fields: Record<string, string>, browser = alphaAdmin, slug = 'alpha') =>
  respond(() =>
    budgetPage.action(
      args(post(`/t/${slug}/schools/budget?year=${YEAR}`, { academicYear: String(YEAR), ...fields }, browser), {
        tenant: slug,
      }),
    ),
  );
const show = (browser = alphaAdmin, slug = 'alpha', query = `?year=${YEAR}`) =>
  respond(() => budgetPage.loader(args(get(`/t/${slug}/schools/budget${query}`, browser), { tenant: slug })));
const download = (table: string, browser = alphaAdmin, slug = 'alpha') =>
  respond(() =>
    budgetCsv.loader(args(get(`/t/${slug}/schools/budget.csv?table=${table}&year=${YEAR}`, browser), { tenant: slug })),
  );

type Page = Awaited<ReturnType<typeof budgetPage.loader>>;
const page = async (browser = alphaAdmin, slug = 'alpha') => {
  const shown = await show(browser, slug);
  expect(shown.status).toBe(200);
  return shown.value as Exclude<Page, { type: string }>;
};

/** Alpha's school placed in an intensive category of 10 funded days, with 1.5 days drawn in October. */
async function placeAndVisit() {
  const category = await one(sql<{ id: string }>`
    insert into support_categories (tenant_id, level, position, name, funded_days)
    values (${alpha.id}, 'intensive', 1, 'Causing concern', 10) returning id`);
  await one(sql`
    insert into support_placements (tenant_id, urn, academic_year, category_id, reason, decided_by)
    values (${alpha.id}, ${ALPHA_SCHOOL}, ${YEAR}, ${category.id}, 'Below the floor', ${alpha.adminId}) returning id`);
  const visit = (on: string, hundredths: number) =>
    one(sql<{ id: string }>`
      insert into improvement_visits (tenant_id, urn, academic_year, visited_on, visit_type, practitioner_id,
                                      days_hundredths, funded_hundredths, traded_hundredths, recorded_by)
      values (${alpha.id}, ${ALPHA_SCHOOL}, ${YEAR}, ${on}, 'supported_self_review', ${alpha.adminId},
              ${hundredths}, ${hundredths}, 0, ${alpha.adminId}) returning id`);
  await visit(october(6), 100);
  await visit(october(20), 50);
  // A voided visit draws nothing and costs nothing.
  const voided = await visit(october(21), 100);
  await sql`update improvement_visits set voided_at = now(), voided_by = ${alpha.adminId}, void_reason = 'Logged twice'
             where tenant_id = ${alpha.id} and id = ${voided.id}`.execute(await ownerDb());
}

/**
 * Alpha brokers 2 days at £450 from beta, funded by the authority, of which beta's line has one
 * day confirmed in November and half a day logged but not confirmed; and 3 days the school buys.
 */
async function broker() {
  const service = await one(sql<{ id: string }>`
    insert into services (tenant_id, code, name, category, unit_kind, unit_hours, vat_by_class, sold_to, status)
    values (${beta.id}, 'SLE-DAY', 'Specialist leader of education day', 'school_improvement', 'day', 6, '{}',
            '{"ownArea": true}', 'published') returning id`);
  const line = async (reference: string) => {
    const order = await one(sql<{ id: string }>`
      insert into orders (tenant_id, reference, organisation_id, placed_by_organisation_id, customer_class,
                          settlement_method, contact_name, contact_email, status, submitted_total_pence,
                          idempotency_key, submitted_by, accepted_on)
      values (${beta.id}, ${reference}, ${beta.schoolOrganisationId}, ${beta.schoolOrganisationId}, 'own_maintained',
              'recharge', 'Bursar', 'bursar@example.com', 'accepted', 90000, ${reference}, ${beta.buyerId},
              ${october(1)}) returning id`);
    const l = await one(sql<{ id: string }>`
      insert into order_lines (tenant_id, order_id, line_number, service_id, service_code, service_name, unit_kind,
                               year_kind, year_start, quantity, price, quote, total_pence, status)
      values (${beta.id}, ${order.id}, 1, ${service.id}, 'SLE-DAY', 'Specialist leader of education day', 'day',
              'academic', ${`${YEAR - 1}-09-01`}, 2, '{"model": "per_unit", "unitPricePence": 45000}', '{}', 90000,
              'active') returning id`);
    return { orderId: order.id, lineId: l.id, reference };
  };
  const funded = await line('ORD-1');
  const bought = await line('ORD-2');
  const delivery = async (lineId: string, on: string, hundredths: number, status: string) =>
    sql`insert into deliveries (tenant_id, order_line_id, delivered_on, units_hundredths, practitioner_id, work_type,
                                confirm_by, logged_by, status, confirmed_by, confirmed_at)
        values (${beta.id}, ${lineId}, ${on}, ${hundredths}, ${beta.adminId}, 'support', ${on}, ${beta.adminId},
                ${status}, ${status === 'confirmed' ? beta.buyerId : null}, ${status === 'confirmed' ? sql`now()` : null})`.execute(
      await ownerDb(),
    );
  await delivery(funded.lineId, `${YEAR - 1}-11-10`, 100, 'confirmed');
  await delivery(funded.lineId, `${YEAR - 1}-11-24`, 50, 'logged');
  await delivery(bought.lineId, `${YEAR - 1}-11-11`, 100, 'confirmed');
  const brokerage = async (n: number, l: typeof funded, days: number, fundedBy: string) =>
    sql`insert into brokered_supports (tenant_id, reference, urn, academic_year, supporting_tenant_id, service_id, service_name,
                                       days_hundredths, day_rate_pence, funded_by, reason, order_id, order_line_id,
                                       order_reference, brokered_by)
        values (${alpha.id}, ${`BRK-000${n}`}, ${ALPHA_SCHOOL}, ${YEAR}, ${beta.id}, ${service.id}, 'SLE day', ${days}, 45000,
                ${fundedBy}, 'Maths leadership', ${l.orderId}, ${l.lineId}, ${l.reference}, ${alpha.adminId})`.execute(
      await ownerDb(),
    );
  await brokerage(1, funded, 200, 'authority');
  await brokerage(2, bought, 300, 'school');
}

const budgetRows = async () =>
  (await ownerDb()).selectFrom('improvement_budgets').selectAll().orderBy('set_at').execute();

describe('school improvement budget', () => {
  it('sets the year’s budget as a new version each change, audited, and saving the same again changes nothing', async () => {
    const saved = await setBudget({ budget: '420,000', costBasis: 'day', costPerDay: '474.09' });
    expect(saved.status).toBe(302);
    expect(saved.response!.headers.get('Location')).toBe(`/t/alpha/schools/budget?year=${YEAR}&saved=1`);
    let shown = await page();
    expect(shown.current).toMatchObject({ budgetPence: 42_000_000, costPerDayPence: 47_409, costServiceId: null });
    expect(shown.position).toMatchObject({ budgetPence: 42_000_000, spentPence: 0, committedPence: 0 });

    expect((await setBudget({ budget: '420000.00', costBasis: 'day', costPerDay: '474.09' })).status).toBe(302);
    expect(await budgetRows()).toHaveLength(1);

    await setBudget({ budget: '550000', costBasis: 'none' });
    const rows = await budgetRows();
    expect(rows).toHaveLength(2);
    expect(rows[1]!.supersedes).toBe(rows[0]!.id);
    shown = await page();
    expect(shown.current).toMatchObject({ budgetPence: 55_000_000, costPerDayPence: null });
    expect(shown.versions.map((v) => v.budgetPence)).toEqual([55_000_000, 42_000_000]);

    const audit = await (
      await ownerDb()
    )
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('action', '=', 'improvement_budget.set')
      .execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(JSON.stringify(audit[1]!.detail))).toMatchObject({
      budgetPence: 55_000_000,
      before: { budgetPence: 42_000_000, costPerDayPence: 47_409 },
    });
    expect(
      describeAuditEvent({
        action: 'improvement_budget.set',
        subjectType: 'improvement_budget',
        subjectLabel: null,
        detail: JSON.parse(JSON.stringify(audit[1]!.detail)) as Record<string, unknown>,
      }),
    ).toBe(
      `set the school improvement budget for ${YEAR - 1}/${String(YEAR % 100).padStart(2, '0')} to £550,000.00 (was £420,000.00)`,
    );
    // The database keeps every version: none is edited or deleted.
    await expect(
      sql`update improvement_budgets set budget_pence = 1 where id = ${rows[0]!.id}`.execute(await ownerDb()),
    ).rejects.toThrow(/append-only/);
  });

  it('answers bad input with an error naming the field, and saves nothing', async () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ budget: '', costBasis: 'none' }, 'budget', /Enter the budget for the year/],
      [{ budget: 'lots', costBasis: 'none' }, 'budget', /in pounds and pence, like 420000.00/],
      [{ budget: '-5.00', costBasis: 'none' }, 'budget', /£0.00 or more/],
      [{ budget: '2000000000', costBasis: 'none' }, 'budget', /£1,000,000,000.00 or less/],
      [{ budget: '1000', costBasis: 'day', costPerDay: '' }, 'costPerDay', /Enter the cost of a core day/],
      [{ budget: '1000', costBasis: 'day', costPerDay: '4.999' }, 'costPerDay', /pounds and pence/],
      [{ budget: '1000', costBasis: `service:${crypto.randomUUID()}` }, 'costBasis', /Choose how a core day is costed/],
      [{ budget: '1000' }, 'costBasis', /Choose how a core day is costed/],
      [{ budget: '1000', costBasis: 'none', academicYear: 'next year' }, 'academicYear', /Choose an academic year/],
    ];
    for (const [fields, field, message] of cases) {
      const result = await setBudget(fields);
      expect(result.status, JSON.stringify(fields)).toBe(400);
      const { errors } = result.value as { errors: Array<{ field: string; message: string }> };
      expect(errors.find((e) => e.field === field)?.message, JSON.stringify(fields)).toMatch(message);
    }
    expect(await budgetRows()).toHaveLength(0);
    // A year in the address that makes no sense: the page says so (400) and shows this year; its CSV goes back to it.
    const badYear = await show(alphaAdmin, 'alpha', '?year=1066');
    expect(badYear.status).toBe(400);
    expect((badYear.value as { errors: Array<{ field: string }>; year: number }).errors[0]!.field).toBe('year');
    expect((badYear.value as { year: number }).year).toBe(YEAR);
    const badCsv = await respond(() =>
      budgetCsv.loader(
        args(get('/t/alpha/schools/budget.csv?table=summary&year=soon', alphaAdmin), { tenant: 'alpha' }),
      ),
    );
    expect(badCsv.status).toBe(302);
    expect(badCsv.response!.headers.get('Location')).toBe('/t/alpha/schools/budget?year=soon');
    // The page renders the error summary, the field's error and what was typed.
    remix.loaderData = await page();
    remix.actionData = (await setBudget({ budget: 'lots', costBasis: 'none' })).value;
    const html = renderToStaticMarkup(createElement(budgetPage.default));
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('href="#budget"');
    expect(html).toContain('value="lots"');
  });

  it('spends core days at the cost per day and authority-funded brokered days confirmed; commits the rest', async () => {
    await placeAndVisit();
    await broker();
    await setBudget({ budget: '420000', costBasis: 'day', costPerDay: '474.09' });
    const { position, tables } = await page();
    // Core: 1.5 days × £474.09 = £711.135 → £711.14. Brokered: 1 confirmed day × £450.
    expect(position.spentPence).toBe(71_114 + 45_000);
    // Core: 8.5 days × £474.09 = £4,029.765 → £4,029.77. Brokered: 1 day not yet confirmed × £450.
    expect(position.committedPence).toBe(402_977 + 45_000);
    expect(position.remainingPence).toBe(42_000_000 - 116_114 - 447_977);
    const intensive = position.byCategory.find((c) => c.category === 'intensive')!;
    expect(intensive).toMatchObject({ spentHundredths: 150, committedHundredths: 850 });
    const brokered = position.byCategory.find((c) => c.category === 'brokered')!;
    expect(brokered).toMatchObject({ spentHundredths: 100, committedHundredths: 100 });
    const oct = position.byMonth.find((m) => m.key === `${YEAR - 1}-10`)!;
    const nov = position.byMonth.find((m) => m.key === `${YEAR - 1}-11`)!;
    expect(oct).toMatchObject({ coreHundredths: 150, corePence: 71_114, brokeredPence: 0 });
    expect(nov).toMatchObject({ brokeredHundredths: 100, brokeredPence: 45_000, spentToDatePence: 116_114 });
    expect(tables['by-category'].rows[0]).toEqual(['Causing concern', '1.5', 71_114, '8.5', 402_977, 474_091]);

    // Costed by the service's cost instead: beta's service is not alpha's to choose.
    const service = await one(sql<{ id: string }>`
      insert into services (tenant_id, code, name, category, unit_kind, unit_hours, vat_by_class, sold_to, status,
                            cost_salary_pence, cost_productive_days, cost_overhead_basis_points)
      values (${alpha.id}, 'SI-DAY', 'Adviser day', 'school_improvement', 'day', 6, '{}', '{"ownArea": true}',
              'published', 8245000, 200, 1500) returning id`);
    await setBudget({ budget: '420000', costBasis: `service:${service.id}` });
    let shown = await page();
    expect(shown.costService?.name).toBe('Adviser day');
    expect(shown.position.costPerDayPence).toBe(47_409);
    // The cost per unit set for the financial year the academic year starts in wins over the cost model.
    await sql`insert into service_budgets (tenant_id, service_id, year_start, cost_per_unit_pence)
              values (${alpha.id}, ${service.id}, ${`${YEAR - 1}-04-01`}, 50000)`.execute(await ownerDb());
    shown = await page();
    expect(shown.position.costPerDayPence).toBe(50_000);
    expect(shown.position.spentPence).toBe(75_000 + 45_000);

    // An overspend shows as such.
    await setBudget({ budget: '1000', costBasis: `service:${service.id}` });
    shown = await page();
    expect(shown.position.remainingPence).toBeLessThan(0);
    expect(shown.tables.summary.rows.at(-1)).toEqual(['Overspent by', -shown.position.remainingPence!]);
    remix.loaderData = shown;
    remix.actionData = undefined;
    const html = renderToStaticMarkup(createElement(budgetPage.default));
    expect(html).toContain('role="img"');
    expect(html).toContain(`Spent by month, ${YEAR - 1}/${String(YEAR % 100).padStart(2, '0')} academic year`);
    expect(html).toContain('more than the budget');
  });

  it('downloads each table as CSV with the same numbers, amounts in pounds', async () => {
    await placeAndVisit();
    await setBudget({ budget: '420000', costBasis: 'day', costPerDay: '474.09' });
    const summary = await download('summary');
    expect(summary.status).toBe(200);
    expect(summary.response!.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const label = `${YEAR - 1}-${String(YEAR % 100).padStart(2, '0')}`;
    expect(summary.response!.headers.get('Content-Disposition')).toBe(
      `attachment; filename="alpha-education-services-improvement-budget-summary-${label}.csv"`,
    );
    const text = (await summary.response!.text()).replaceAll('"', '');
    expect(text).toContain('Figure,Amount');
    expect(text).toContain('Budget,420000.00');
    expect(text).toContain('Spent,711.14');
    expect(text).toContain('Committed,4029.77');
    expect(text).toContain(`Remaining,${((42_000_000 - 71_114 - 402_977) / 100).toFixed(2)}`);
    const byMonth = (await (await download('by-month')).response!.text()).replaceAll('"', '');
    expect(byMonth.split(/\r?\n/)[0]).toBe(
      'Month,Core days delivered,Core days cost,Brokered days confirmed,Brokered support cost,Spent,Spent to date',
    );
    expect(byMonth).toContain(`Oct ${YEAR - 1},1.5,711.14,0,0.00,711.14,711.14`);
    expect(byMonth).toContain('Whole year,1.5,711.14,0,0.00,711.14,');
    expect((await download('by-category')).status).toBe(200);
    expect((await download('nonsense')).status).toBe(404);
  });

  it('shows each council its own budget, never another’s: 404 across tenants, 403 without the permission', async () => {
    await placeAndVisit();
    await broker();
    await setBudget({ budget: '420000', costBasis: 'day', costPerDay: '474.09' });
    const betaPage = await page(betaAdmin, 'beta');
    expect(betaPage.current).toBeNull();
    expect(betaPage.position).toMatchObject({ budgetPence: null, spentPence: 0, committedPence: 0 });
    expect((await show(betaAdmin, 'alpha')).status).toBe(404);
    expect((await download('summary', betaAdmin, 'alpha')).status).toBe(404);
    expect((await setBudget({ budget: '1', costBasis: 'none' }, betaAdmin, 'alpha')).status).toBe(404);
    expect((await budgetRows()).map((r) => r.tenant_id)).toEqual([alpha.id]);

    // Finance may set it; a practitioner may read but not set.
    const finance = await asUser(alpha.financeId);
    expect((await setBudget({ budget: '430000', costBasis: 'none' }, finance)).status).toBe(302);
    const practitionerId = await createUser('practitioner@alpha.example');
    await addMember(alpha.id, practitionerId, 'practitioner');
    const practitioner = await asUser(practitionerId);
    expect((await page(practitioner)).canSet).toBe(false);
    expect((await setBudget({ budget: '1', costBasis: 'none' }, practitioner)).status).toBe(403);
  });

  it('is kept by the database: one first version a year, each superseded at most once, by one of the same year', async () => {
    const db = await ownerDb();
    const version = (year: number, supersedes: string | null) =>
      one(sql<{ id: string }>`
        insert into improvement_budgets (tenant_id, academic_year, budget_pence, set_by, supersedes)
        values (${alpha.id}, ${year}, 100, ${alpha.adminId}, ${supersedes}) returning id`);
    const first = await version(YEAR, null);
    await expect(version(YEAR, null)).rejects.toThrow(/improvement_budgets_first/);
    await version(YEAR, first.id);
    await expect(version(YEAR, first.id)).rejects.toThrow(/supersedes/);
    await expect(version(YEAR + 1, first.id)).rejects.toThrow(/same year/);
    await expect(sql`delete from improvement_budgets where id = ${first.id}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      sql`insert into improvement_budgets (tenant_id, academic_year, budget_pence, set_by, cost_per_day_pence)
          values (${alpha.id}, ${YEAR + 2}, -1, ${alpha.adminId}, null)`.execute(db),
    ).rejects.toThrow(/check/);
  });
});
