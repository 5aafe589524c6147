import { sql } from 'kysely';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { finaliseInScope } from '../../app/billing/finalise-document.server';
import { raiseCreditNote } from '../../app/billing/raise-credit-note.server';
import { lineVatPence, VAT_RATE_BASIS_POINTS } from '../../app/billing/vat';
import { voidDocument } from '../../app/billing/void-document.server';
import { cellCsv, cellText, type ReportTable } from '../../app/income/income-tables';
import * as budgetsPage from '../../app/routes/t.$tenant.finance.income.budgets';
import * as csvRoute from '../../app/routes/t.$tenant.finance.income[.csv]';
import * as incomePage from '../../app/routes/t.$tenant.finance.income._index';
import { insertDraftDocument, type DraftLine } from '../../db/queries/billing-documents';
import type { DocumentKind, VatCode } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import {
  asUser,
  createSchool,
  createUser,
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

useToday('2026-06-15');

const remix = routeData();

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

let alpha: TestTenant;
let beta: TestTenant;
let ctx: TenantContext;
let alphaFinance: Browser;
let betaFinance: Browser;
let oakId: string;
let ids: Awaited<ReturnType<typeof seed>>;

/** Runs a statement as the owner and returns its first row. */
async function one<T>(query: ReturnType<typeof sql<T>>): Promise<T> {
  return (await query.execute(await ownerDb())).rows[0]!;
}

async function service(t: TestTenant, code: string, name: string, unitKind: string) {
  return (
    await one(sql<{ id: string }>`
    insert into services (tenant_id, code, name, category, unit_kind, vat_by_class, sold_to, status)
    values (${t.id}, ${code}, ${name}, 'other', ${unitKind}, '{}', '{"ownArea": true}', 'published') returning id`)
  ).id;
}

let orders = 0;
/** An order of one line for the customer, in a contract year, in the line's state. */
async function orderLine(
  t: TestTenant,
  organisationId: string,
  serviceId: string,
  year: { kind: 'academic' | 'financial'; start: string },
  totalPence: number,
  status: 'active' | 'completed' | 'cancelled' = 'active',
) {
  const reference = `ORD-${++orders}`;
  const order = await one(sql<{ id: string }>`
    insert into orders (tenant_id, reference, organisation_id, placed_by_organisation_id, customer_class,
                        settlement_method, contact_name, contact_email, status, submitted_total_pence,
                        idempotency_key, submitted_by, accepted_on)
    values (${t.id}, ${reference}, ${organisationId}, ${organisationId}, 'own_maintained', 'recharge', 'Bursar',
            'bursar@example.com', 'accepted', ${totalPence}, ${reference}, ${t.buyerId}, '2025-08-01') returning id`);
  const line = await one(sql<{ id: string }>`
    insert into order_lines (tenant_id, order_id, line_number, service_id, service_code, service_name, unit_kind,
                             year_kind, year_start, quantity, price, quote, total_pence, status)
    select ${t.id}, ${order.id}, 1, s.id, s.code, s.name, s.unit_kind, ${year.kind}, ${year.start}, 1,
           '{"model": "per_unit", "unitPricePence": 1}', '{}', ${totalPence}, ${status}
      from services s where s.id = ${serviceId} returning id`);
  return line.id;
}

function charge(orderLineId: string | null, netPence: number, vatCode: VatCode = 'S'): DraftLine {
  return {
    chargeKind: orderLineId ? 'delivery' : 'manual',
    orderLineId,
    chargeKey: orderLineId ? `test:${crypto.randomUUID()}` : null,
    deliveryId: null,
    description: orderLineId ? 'Work done' : 'Agreed extra',
    periodStart: null,
    periodEnd: null,
    quantityHundredths: 100,
    unitPricePence: netPence,
    netPence,
    vatCode,
    vatRateBasisPoints: VAT_RATE_BASIS_POINTS[vatCode],
    vatPence: lineVatPence(netPence, vatCode),
    poNumber: null,
    costCentre: null,
    subjectiveCode: null,
    reason: orderLineId ? null : 'Agreed with the school',
  };
}

/** A document finalised on a date (its tax point), or left a draft. */
async function document(
  organisationId: string,
  on: string,
  lines: DraftLine[],
  kind: Exclude<DocumentKind, 'credit_note'> = 'invoice',
  finalise = true,
) {
  return onDate(on, () =>
    withTenant(ctx, async (tx) => {
      const id = await insertDraftDocument(tx, ctx.tenantId, {
        kind,
        runId: null,
        organisationId,
        poNumber: null,
        createdBy: ctx.userId,
        lines:
          kind === 'recharge' ? lines.map((l) => ({ ...l, vatCode: 'O', vatRateBasisPoints: 0, vatPence: 0 })) : lines,
      });
      if (finalise) await finaliseInScope(tx, ctx, id);
      return id;
    }),
  );
}

/**
 * Alpha sells EP days and HR support. Primary (alpha's school) bought both in 2025/26 and EP again
 * in 2026/27; Oak bought HR in 2026/27 and cancelled an EP line. Income in 2026/27: EP £500 in April,
 * less a £200 credit note in June; HR £300 in May (a recharge); a £10 manual line in April. Not
 * income in 2026/27: an invoice in March 2026, a voided one, a draft, and anything of beta's.
 */
async function seed() {
  const ep = await service(alpha, 'EP-DAY', 'Educational psychology day', 'day');
  const hr = await service(alpha, 'HR-SUPPORT', 'HR support', 'package');
  const betaService = await service(beta, 'BETA-1', 'Beta advice', 'day');
  const epLastYear = await orderLine(
    alpha,
    alpha.schoolOrganisationId,
    ep,
    { kind: 'academic', start: '2025-09-01' },
    100000,
  );
  await orderLine(
    alpha,
    alpha.schoolOrganisationId,
    hr,
    { kind: 'financial', start: '2025-04-01' },
    60000,
    'completed',
  );
  const epThisYear = await orderLine(
    alpha,
    alpha.schoolOrganisationId,
    ep,
    { kind: 'academic', start: '2026-09-01' },
    150000,
  );
  const hrOak = await orderLine(alpha, oakId, hr, { kind: 'financial', start: '2026-04-01' }, 70000);
  await orderLine(alpha, oakId, ep, { kind: 'academic', start: '2026-09-01' }, 50000, 'cancelled');
  await orderLine(beta, beta.schoolOrganisationId, betaService, { kind: 'financial', start: '2026-04-01' }, 999900);

  await document(alpha.schoolOrganisationId, '2026-03-31', [charge(epLastYear, 12345)]);
  const april = await document(alpha.schoolOrganisationId, '2026-04-20', [
    charge(epLastYear, 50000),
    charge(null, 1000),
  ]);
  await document(oakId, '2026-05-10', [charge(hrOak, 30000)], 'recharge');
  const voided = await document(alpha.schoolOrganisationId, '2026-05-12', [charge(epThisYear, 99999)]);
  await voidDocument(ctx, voided, 'Raised in error');
  await document(alpha.schoolOrganisationId, '2026-05-20', [charge(epThisYear, 77777)], 'invoice', false);
  const epLine = await one(sql<{ id: string }>`
    select id from billing_document_lines where document_id = ${april} and order_line_id is not null`);
  await raiseCreditNote(ctx, april, {
    scope: 'lines',
    amounts: new Map([[epLine.id, 20000]]),
    reason: 'Visit cut short',
  });

  const practitioner = await createUser('practitioner@alpha.example');
  const db = await ownerDb();
  const delivery = (status: string, hundredths: number, on: string) =>
    sql`insert into deliveries (tenant_id, order_line_id, delivered_on, units_hundredths, practitioner_id, work_type,
                                confirm_by, logged_by, status, resolution_outcome)
        values (${alpha.id}, ${epThisYear}, ${on}, ${hundredths}, ${practitioner}, 'assessment', '2026-06-30',
                ${practitioner}, ${status}, ${status === 'voided' ? 'voided' : null})`.execute(db);
  await delivery('logged', 250, '2026-05-01');
  await delivery('voided', 400, '2026-05-02');
  await delivery('logged', 300, '2026-03-30');
  return { ep, hr, betaService };
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  betaFinance = await asUser(beta.financeId, `tenant:${beta.id}`);
  ctx = await requireTenantMember(get('/t/alpha', alphaFinance), 'alpha', 'finance.manage');
  oakId = await createSchool(900011, '852', 'Oak Academy');
  await sql`insert into customer_accounts (tenant_id, organisation_id, customer_class, settlement_method)
            values (${alpha.id}, ${oakId}, 'own_maintained', 'recharge')`.execute(await ownerDb());
  ids = await seed();
});

type Page = Awaited<ReturnType<typeof incomePage.loader>> extends infer P ? Exclude<P, Response> : never;
interface PageData {
  tables: Record<string, ReportTable>;
  charts: Record<string, { categories: string[]; series: Array<{ name: string; values: Array<number | null> }> }>;
  errors: Array<{ field?: string; message: string }>;
}

async function page(query = '', browser = alphaFinance, slug = 'alpha') {
  return respond(() => incomePage.loader(args(get(`/t/${slug}/finance/income${query}`, browser), { tenant: slug })));
}
async function pageData(query = '') {
  const shown = await page(query);
  expect(shown.status).toBe(200);
  return shown.value as PageData & Page;
}
async function download(query: string, browser = alphaFinance, slug = 'alpha') {
  return respond(() => csvRoute.loader(args(get(`/t/${slug}/finance/income.csv${query}`, browser), { tenant: slug })));
}
async function saveBudgets(fields: Record<string, string>, year = '2026', browser = alphaFinance, slug = 'alpha') {
  return respond(() =>
    budgetsPage.action(args(post(`/t/${slug}/finance/income/budgets?year=${year}`, fields, browser), { tenant: slug })),
  );
}
const budgetRows = async () =>
  (await ownerDb()).selectFrom('service_budgets').selectAll().orderBy('service_id').execute();

/** A CSV file's rows as written: every cell quoted, CRLF line ends. */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')));
}

describe('income by service and month', () => {
  it('ties to the final documents of the year, a credit note taking away in its own month', async () => {
    const { tables } = await pageData('?year=2026');
    const table = tables['by-month']!;
    expect(table.columns.map((c) => c.heading)).toEqual([
      'Service',
      'Apr 2026',
      'May 2026',
      'Jun 2026',
      'Jul 2026',
      'Aug 2026',
      'Sep 2026',
      'Oct 2026',
      'Nov 2026',
      'Dec 2026',
      'Jan 2027',
      'Feb 2027',
      'Mar 2027',
      'Total',
    ]);
    const zeros = (n: number) => Array<number>(n).fill(0);
    expect(table.rows).toEqual([
      ['Educational psychology day', 50000, 0, -20000, ...zeros(9), 30000],
      ['HR support', 0, 30000, ...zeros(10), 30000],
      ['Other (billed without a service)', 1000, ...zeros(11), 1000],
      ['All services', 51000, 30000, -20000, ...zeros(9), 61000],
    ]);
    // The same figure, straight from the documents: net of final invoices and recharges less credit notes.
    const { rows } = await sql<{ net: string }>`
      select sum(case when kind = 'credit_note' then -net_pence else net_pence end) as net from billing_documents
       where tenant_id = ${alpha.id} and status = 'final' and tax_point between '2026-04-01' and '2027-03-31'`.execute(
      await ownerDb(),
    );
    expect(Number(rows[0]!.net)).toBe(61000);
  });

  it('puts the year before in its own year, and shows a page per financial year', async () => {
    const { tables, charts } = await pageData('?year=2025');
    expect(tables['by-month']!.rows).toEqual([
      ['Educational psychology day', ...Array<number>(11).fill(0), 12345, 12345],
      ['All services', ...Array<number>(11).fill(0), 12345, 12345],
    ]);
    expect(charts.byMonth!.series[0]!.values.at(-1)).toBe(12345);
  });

  it('refuses a year that is not one, with an error summary rather than a failure', async () => {
    const shown = await page('?year=twenty');
    expect(shown.status).toBe(400);
    expect((shown.value as PageData).errors).toEqual([
      { field: 'year', message: 'Enter the financial year as the year it starts in, like 2026' },
    ]);
  });
});

describe('budgets and cost recovery', () => {
  it('sets budgets and costs, audited, and shows recovery and budget against actual', async () => {
    const saved = await saveBudgets({
      [`budget-${ids.ep}`]: '400.00',
      [`cost-${ids.ep}`]: '£500',
      [`unitCost-${ids.ep}`]: '10.00',
      [`budget-${ids.hr}`]: '250',
      [`cost-${ids.hr}`]: '',
      [`unitCost-${ids.hr}`]: '',
    });
    expect(saved.status).toBe(302);
    expect(saved.response!.headers.get('location')).toBe('/t/alpha/finance/income?year=2026&saved=1');
    expect(
      (await budgetRows()).map((r) => [
        r.service_id,
        r.year_start,
        r.income_budget_pence,
        r.cost_pence,
        r.cost_per_unit_pence,
      ]),
    ).toEqual(
      [
        [ids.ep, '2026-04-01', 40000, 50000, 1000],
        [ids.hr, '2026-04-01', 25000, null, null],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const audit = await (
      await ownerDb()
    )
      .selectFrom('audit_events')
      .select(['action', 'subject_type', 'subject_id', 'detail', 'actor_user_id'])
      .where('action', '=', 'service_budget.changed')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.find((a) => a.subject_id === ids.ep)).toMatchObject({
      subject_type: 'service',
      actor_user_id: alpha.financeId,
      detail: { year: '2026/27', incomeBudgetPence: 40000, costPence: 50000, costPerUnitPence: 1000, before: null },
    });

    const { tables, charts } = await pageData('?year=2026');
    // EP: £500 a year plus £10 a day for the 2.5 days delivered in the year (voided work and work in
    // March 2026 do not count): £525. Income £300 is 57.1% of that, and £100 short of its £400 budget.
    expect(tables.recovery!.rows).toEqual([
      ['Educational psychology day', 30000, 52500, 57.1, 40000, -10000],
      ['HR support', 30000, null, null, 25000, 5000],
      ['Other (billed without a service)', 1000, null, null, null, null],
      ['All services', 61000, 52500, 116.2, 65000, -4000],
    ]);
    const recovery = tables.recovery!;
    expect(recovery.rows[1]!.map((cell, i) => cellText(recovery.columns[i]!, cell))).toEqual([
      'HR support',
      '£300.00',
      'Not set',
      'Not known',
      '£250.00',
      '£50.00',
    ]);
    expect(charts.recovery!.series.map((s) => [s.name, s.values])).toEqual([
      ['Income', [30000, 30000, 1000]],
      ['Cost', [52500, null, null]],
      ['Income budget', [40000, 25000, null]],
    ]);

    // Saving the same figures again changes nothing and audits nothing.
    await saveBudgets({
      [`budget-${ids.ep}`]: '400',
      [`cost-${ids.ep}`]: '500.00',
      [`unitCost-${ids.ep}`]: '10',
      [`budget-${ids.hr}`]: '250.00',
    });
    const after = await (
      await ownerDb()
    )
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'service_budget.changed')
      .execute();
    expect(after).toHaveLength(2);
  });

  it('names the service and the problem for each bad amount, and saves nothing', async () => {
    const saved = await saveBudgets({
      [`budget-${ids.ep}`]: '400.00',
      [`cost-${ids.ep}`]: 'lots',
      [`unitCost-${ids.ep}`]: '-5',
      [`budget-${ids.hr}`]: '2000000000',
    });
    expect(saved.status).toBe(400);
    expect((saved.value as { errors: unknown[] }).errors).toEqual([
      {
        field: `cost-${ids.ep}`,
        message: 'Enter the yearly cost of Educational psychology day in pounds and pence, like 12000.00',
      },
      {
        field: `unitCost-${ids.ep}`,
        message: 'The cost per day of Educational psychology day delivered must be £0.00 or more',
      },
      { field: `budget-${ids.hr}`, message: 'The income budget for HR support must be £1,000,000,000.00 or less' },
    ]);
    expect(await budgetRows()).toEqual([]);

    const shown = await respond(() =>
      budgetsPage.loader(args(get('/t/alpha/finance/income/budgets?year=2026', alphaFinance), { tenant: 'alpha' })),
    );
    remix.loaderData = shown.value;
    remix.actionData = saved.value;
    const html = renderToStaticMarkup(createElement(budgetsPage.default));
    remix.actionData = undefined;
    expect(html).toContain('There is a problem');
    expect(html).toContain(
      `<a href="#cost-${ids.ep}">Enter the yearly cost of Educational psychology day in pounds and pence, like 12000.00</a>`,
    );
    expect(html).toContain(
      `<label class="govuk-label" for="cost-${ids.ep}">Yearly cost of Educational psychology day, in pounds</label>`,
    );
    // What was typed is shown again to correct.
    expect(html).toMatch(new RegExp(`id="cost-${ids.ep}"[^>]*value="lots"`));
  });

  it('shows the form with what is set for the chosen year', async () => {
    await saveBudgets({ [`budget-${ids.ep}`]: '400.00' });
    const shown = await respond(() =>
      budgetsPage.loader(args(get('/t/alpha/finance/income/budgets?year=2026', alphaFinance), { tenant: 'alpha' })),
    );
    expect(shown.status).toBe(200);
    const services = (shown.value as { services: Array<{ id: string; incomeBudgetPence: number | null }> }).services;
    expect(services.map((s) => [s.id, s.incomeBudgetPence])).toEqual([
      [ids.ep, 40000],
      [ids.hr, null],
    ]);
    const nextYear = await respond(() =>
      budgetsPage.loader(args(get('/t/alpha/finance/income/budgets?year=2027', alphaFinance), { tenant: 'alpha' })),
    );
    expect(
      (nextYear.value as { services: Array<{ incomeBudgetPence: number | null }> }).services.map(
        (s) => s.incomeBudgetPence,
      ),
    ).toEqual([null, null]);
  });
});

describe('take-up by school', () => {
  it('lists who buys what this year and last, and who stopped buying', async () => {
    const { tables, charts } = await pageData('?year=2026');
    expect(tables['take-up']!.rows).toEqual([
      ['alpha primary school', 'Educational psychology day', 150000, 100000],
      ['Oak Academy', 'HR support', 70000, null],
    ]);
    expect(tables.stopped!.rows).toEqual([['alpha primary school', 'HR support', 60000]]);
    expect(tables['take-up-by-service']!.rows).toEqual([
      ['Educational psychology day', 1, 1],
      ['HR support', 1, 1],
    ]);
    expect(charts.takeUp!.series).toEqual([
      { name: '2025/26', values: [1, 1] },
      { name: '2026/27', values: [1, 1] },
    ]);
  });
});

describe('CSV downloads', () => {
  it('hold the same rows as each table on the page', async () => {
    await saveBudgets({ [`budget-${ids.ep}`]: '400.00', [`cost-${ids.ep}`]: '500' });
    const { tables } = await pageData('?year=2026');
    for (const key of ['by-month', 'recovery', 'take-up-by-service', 'take-up', 'stopped']) {
      const got = await download(`?table=${key}&year=2026`);
      expect(got.status, key).toBe(200);
      expect(got.response!.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(got.response!.headers.get('content-disposition')).toBe(
        `attachment; filename="alpha-education-services-income-${key}-2026-27.csv"`,
      );
      const table = tables[key]!;
      expect(parseCsv(await got.response!.text()), key).toEqual([
        table.columns.map((c) => c.heading),
        ...table.rows.map((row) => row.map((cell, i) => String(cellCsv(table.columns[i]!, cell) ?? ''))),
      ]);
    }
    const recovery = parseCsv(await (await download('?table=recovery&year=2026')).response!.text());
    expect(recovery[1]).toEqual(['Educational psychology day', '300.00', '500.00', '60', '400.00', '-100.00']);
  });

  it('answers an unknown table with 404, and a bad year by going back to the page', async () => {
    expect((await download('?table=everything&year=2026')).status).toBe(404);
    const bad = await download('?table=recovery&year=1066');
    expect(bad.status).toBe(302);
    expect(bad.response!.headers.get('location')).toBe('/t/alpha/finance/income?year=1066');
    expect((await page('?year=1066')).status).toBe(400);
  });
});

describe('charts', () => {
  it('draw accessible SVG: role img, labelled by its title and description, beside the same numbers', async () => {
    await saveBudgets({ [`budget-${ids.ep}`]: '400.00', [`cost-${ids.ep}`]: '500' });
    const data = await pageData('?year=2026');
    remix.loaderData = data;
    const html = renderToStaticMarkup(createElement(incomePage.default));
    const svgs = [...html.matchAll(/<svg[^>]*>([\s\S]*?)<\/svg>/g)];
    expect(svgs).toHaveLength(3);
    for (const [svg] of svgs) {
      const id = /id="([^"]+)"/.exec(svg)![1]!;
      expect(svg).toContain('role="img"');
      expect(svg).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
      expect(svg).toMatch(new RegExp(`<title id="${id}-title">[^<]+</title>`));
      expect(svg).toMatch(new RegExp(`<desc id="${id}-desc">[^<]+</desc>`));
    }
    // The monthly chart's bars say the same as the table's All services row.
    expect(svgs[0]![0]).toContain('£510.00');
    expect(svgs[0]![0]).toContain('-£200.00');
    expect(html).toContain(
      '<caption class="govuk-table__caption govuk-table__caption--s">Income by service and month, 2026/27 financial year</caption>',
    );
    expect(html).toContain('href="/t/alpha/finance/income.csv?table=by-month&amp;year=2026"');
    expect(html).toContain('href="/t/alpha/finance/income/budgets?year=2026"');
  });
});

describe('another tenant', () => {
  it('cannot see the page, its downloads or the budgets', async () => {
    expect((await page('?year=2026', betaFinance)).status).toBe(404);
    expect((await download('?table=by-month&year=2026', betaFinance)).status).toBe(404);
    const budgets = await respond(() =>
      budgetsPage.loader(args(get('/t/alpha/finance/income/budgets', betaFinance), { tenant: 'alpha' })),
    );
    expect(budgets.status).toBe(404);
  });

  it("cannot set alpha's budgets, at alpha's address or through its own", async () => {
    expect((await saveBudgets({ [`budget-${ids.ep}`]: '1.00' }, '2026', betaFinance)).status).toBe(404);
    const own = await saveBudgets(
      { [`budget-${ids.ep}`]: '1.00', [`budget-${ids.betaService}`]: '2.00' },
      '2026',
      betaFinance,
      'beta',
    );
    expect(own.status).toBe(302);
    expect((await budgetRows()).map((r) => [r.tenant_id, r.service_id, r.income_budget_pence])).toEqual([
      [beta.id, ids.betaService, 200],
    ]);
  });

  it('sees only its own income and take-up', async () => {
    const betaCtx = await requireTenantMember(get('/t/beta', betaFinance), 'beta', 'finance.manage');
    expect(betaCtx.tenantId).toBe(beta.id);
    const shown = await page('?year=2026', betaFinance, 'beta');
    const { tables } = shown.value as PageData;
    expect(tables['by-month']!.rows).toEqual([]);
    expect(tables['take-up']!.rows).toEqual([['beta primary school', 'Beta advice', 999900, null]]);
  });

  it('refuses a member without finance', async () => {
    const practitioner = await createUser('p@alpha.example');
    await sql`insert into tenant_memberships (tenant_id, user_id, role) values (${alpha.id}, ${practitioner}, 'practitioner')`.execute(
      await ownerDb(),
    );
    const browser = await asUser(practitioner, `tenant:${alpha.id}`);
    expect((await page('', browser)).status).toBe(403);
    expect((await saveBudgets({ [`budget-${ids.ep}`]: '1.00' }, '2026', browser)).status).toBe(403);
  });
});
