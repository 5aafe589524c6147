import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { raiseCreditNote } from '../../app/billing/raise-credit-note.server';
import { voidDocument } from '../../app/billing/void-document.server';
import { addDays } from '../../app/calendar/days';
import { AGE_BUCKETS, ageBucketOf } from '../../app/debt/age-buckets';
import { agedDebtReport } from '../../app/debt/aged-debt-report.server';
import * as agedDebtPage from '../../app/routes/t.$tenant.finance.aged-debt._index';
import * as agedDebtCsvRoute from '../../app/routes/t.$tenant.finance.aged-debt[.csv]';
import * as buyerStatementCsvRoute from '../../app/routes/buy.statement[.csv]';
import * as buyerStatementPage from '../../app/routes/buy.statement';
import * as statementPage from '../../app/routes/t.$tenant.customers.$accountId_.statement';
import * as statementCsvRoute from '../../app/routes/t.$tenant.customers.$accountId_.statement[.csv]';
import * as statementPdfRoute from '../../app/routes/t.$tenant.customers.$accountId_.statement[.pdf]';
import { listAgedDebt } from '../../db/queries/aged-debt';
import { insertAllocation, insertPayment } from '../../db/queries/payments';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped, withTenant } from '../../db/scope.server';
import {
  addMember,
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
import { finalDocument } from '../setup/payments';
import { routeData } from '../setup/route-data';

useToday('2026-03-02');

const remix = routeData();

function render(page: ComponentType, loaderData: unknown): string {
  remix.loaderData = JSON.parse(JSON.stringify(loaderData));
  return renderToStaticMarkup(createElement(page));
}

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

let alpha: TestTenant;
let beta: TestTenant;
let ctx: TenantContext;
let betaCtx: TenantContext;
let alphaFinance: Browser;
let betaFinance: Browser;

async function accountOf(tenantId: string, organisationId: string) {
  const db = await ownerDb();
  const { id } = await db
    .selectFrom('customer_accounts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();
  return id;
}

/** A final invoice of `pence` (VAT exempt, so the total is the net) issued on `issuedOn`, due 30 days later. */
function invoiceOn(issuedOn: string, pence: number, organisationId = alpha.schoolOrganisationId, c = ctx) {
  return onDate(issuedOn, () => finalDocument(c, organisationId, [{ netPence: pence, vatCode: 'E' }]));
}

async function payOn(
  receivedOn: string,
  documentId: string,
  pence: number,
  organisationId = alpha.schoolOrganisationId,
) {
  await withTenant(ctx, async (tx) => {
    const paymentId = await insertPayment(tx, {
      tenantId: alpha.id,
      organisationId,
      receivedOn,
      amountPence: pence,
      method: 'bacs',
      reference: 'BACS',
      recordedBy: ctx.userId,
    });
    await insertAllocation(tx, {
      tenantId: alpha.id,
      paymentId,
      documentId,
      amountPence: pence,
      allocatedBy: ctx.userId,
    });
  });
}

const aged = (asOf: string, tenant = alpha, c = ctx) => withTenant(c, (tx) => listAgedDebt(tx, tenant.id, asOf));

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  betaFinance = await asUser(beta.financeId, `tenant:${beta.id}`);
  ctx = await requireTenantMember(get('/t/alpha', alphaFinance), 'alpha', 'finance.manage');
  betaCtx = await requireTenantMember(get('/t/beta', betaFinance), 'beta', 'finance.manage');
});

describe('aged debt', () => {
  it('ages a document by days past its due date, at every boundary as the one rule says', async () => {
    const invoice = await invoiceOn('2026-01-01', 10000);
    const due = '2026-01-31';
    expect(await aged('2025-12-31')).toEqual([]);
    for (const days of [-30, -1, 0, 1, 30, 31, 60, 61, 90, 91, 200]) {
      const [row, ...others] = await aged(addDays(due, days));
      expect(others).toEqual([]);
      const expected = Object.fromEntries(AGE_BUCKETS.map((b) => [b.key, b.key === ageBucketOf(days).key ? 10000 : 0]));
      expect({ days, ...AGE_BUCKETS.reduce((o, b) => ({ ...o, [b.key]: row![b.key] }), {}) }).toEqual({
        days,
        ...expected,
      });
      expect(row).toMatchObject({ totalPence: 10000, documents: 1, oldestDaysPastDue: days });
    }
    expect(invoice.totalPence).toBe(10000);
  });

  it('takes off payments and credit notes from their dates, never counts void documents, and totals by customer', async () => {
    const first = await invoiceOn('2026-01-01', 10000); // due 31 January
    await invoiceOn('2026-02-01', 5000); // due 3 March: current on 2 March
    const voided = await invoiceOn('2026-02-10', 7000);
    await voidDocument(ctx, voided.id, 'Raised in error');
    await payOn('2026-02-15', first.id, 4000);
    const { id: lineId } = await (
      await ownerDb()
    )
      .selectFrom('billing_document_lines')
      .select('id')
      .where('document_id', '=', first.id)
      .executeTakeFirstOrThrow();
    await onDate('2026-02-20', () =>
      raiseCreditNote(ctx, first.id, {
        scope: 'lines',
        amounts: new Map([[lineId, 1000]]),
        reason: 'One visit missed',
      }),
    );
    // A second customer owes from long ago; beta's customers never show in alpha's report.
    const otherSchool = await createSchool(900101, '852', 'Aardvark infant school');
    await runScoped(await ownerDb(), { tenantId: alpha.id }, (tx) =>
      ensureCustomerAccounts(tx, alpha.id, [
        { organisationId: otherSchool, customerClass: 'own_maintained', settlementMethod: 'invoice' },
      ]),
    );
    await invoiceOn('2025-10-01', 2500, otherSchool); // due 31 October 2025
    await invoiceOn('2026-01-01', 99900, beta.schoolOrganisationId, betaCtx);

    const [, before] = await aged('2026-02-14');
    expect(before).toMatchObject({ current: 5000, days1to30: 10000, totalPence: 15000, documents: 2 });
    const [, afterPayment] = await aged('2026-02-16');
    expect(afterPayment).toMatchObject({ days1to30: 6000, totalPence: 11000 });

    const [, beforeCredit] = await aged('2026-02-19');
    expect(beforeCredit).toMatchObject({ days1to30: 6000 });

    const report = await agedDebtReport(ctx, '2026-03-02');
    expect(report.customers.map((c) => c.customerName)).toEqual(['Aardvark infant school', 'alpha primary school']);
    const [aardvark, school] = report.customers;
    expect(aardvark).toMatchObject({ over90: 2500, totalPence: 2500, oldestDaysPastDue: 122 });
    expect(school).toMatchObject({ current: 5000, days1to30: 5000, totalPence: 10000, documents: 2 });
    expect(report.totals).toEqual({
      current: 5000,
      days1to30: 5000,
      days31to60: 0,
      days61to90: 0,
      over90: 2500,
      totalPence: 12500,
      documents: 3,
    });
    expect((await aged('2026-03-02', beta, betaCtx)).map((c) => c.totalPence)).toEqual([99900]);
  });

  it('shows the totals and each customer linking to its statement, as at a date the officer sets', async () => {
    await invoiceOn('2026-01-01', 10000);
    const accountId = await accountOf(alpha.id, alpha.schoolOrganisationId);
    const page = await respond(() =>
      agedDebtPage.loader(
        args(get('/t/alpha/finance/aged-debt?asOf-day=14&asOf-month=2&asOf-year=2026', alphaFinance), {
          tenant: 'alpha',
        }),
      ),
    );
    expect(page.status).toBe(200);
    const html = render(agedDebtPage.default, page.value);
    expect(html).toContain('As at 14 February 2026');
    expect(html).toContain('<caption class="govuk-table__caption govuk-table__caption--m">Total owed by age</caption>');
    expect(html).toContain(`href="/t/alpha/customers/${accountId}/statement"`);
    expect(html).toContain('href="/t/alpha/finance/aged-debt.csv?asOf-day=14&amp;asOf-month=2&amp;asOf-year=2026"');
    expect(html).toContain('Download as CSV');
    for (const b of AGE_BUCKETS) expect(html).toContain(b.label);

    // Today by default.
    const today = await respond(() =>
      agedDebtPage.loader(args(get('/t/alpha/finance/aged-debt', alphaFinance), { tenant: 'alpha' })),
    );
    expect(render(agedDebtPage.default, today.value)).toContain('As at 2 March 2026');
  });

  it('says what is wrong with a date that is not one, on the page and from the CSV link', async () => {
    const bad = await respond(() =>
      agedDebtPage.loader(
        args(get('/t/alpha/finance/aged-debt?asOf-day=31&asOf-month=2&asOf-year=2026', alphaFinance), {
          tenant: 'alpha',
        }),
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.value).toMatchObject({
      errors: [{ field: 'asOf', message: 'The date must be a real date' }],
      report: null,
    });
    expect(render(agedDebtPage.default, bad.value)).toContain('govuk-error-summary');
    const csv = await respond(() =>
      agedDebtCsvRoute.loader(
        args(get('/t/alpha/finance/aged-debt.csv?asOf-day=x&asOf-month=2&asOf-year=2026', alphaFinance), {
          tenant: 'alpha',
        }),
      ),
    );
    expect(csv.status).toBe(302);
    expect(csv.response!.headers.get('location')).toBe(
      '/t/alpha/finance/aged-debt?asOf-day=x&asOf-month=2&asOf-year=2026',
    );
  });

  it('downloads the report as CSV: a row per customer, then the total', async () => {
    await invoiceOn('2026-01-01', 10000);
    const { response } = await respond(() =>
      agedDebtCsvRoute.loader(args(get('/t/alpha/finance/aged-debt.csv', alphaFinance), { tenant: 'alpha' })),
    );
    expect(response!.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response!.headers.get('content-disposition')).toBe('attachment; filename="alpha-aged-debt-2026-03-02.csv"');
    const lines = (await response!.text()).trim().split('\r\n');
    expect(lines).toEqual([
      '"As at","Customer","Account code","Current (£)","1 to 30 days (£)","31 to 60 days (£)","61 to 90 days (£)","Over 90 days (£)","Total owed (£)","Documents owed on"',
      '"2026-03-02","alpha primary school","","0.00","100.00","0.00","0.00","0.00","100.00","1"',
      '"2026-03-02","Total","","0.00","100.00","0.00","0.00","0.00","100.00","1"',
    ]);
  });

  it('is for finance only, and for the tenant’s own people only', async () => {
    const practitioner = await createUser('ep@alpha.example');
    await addMember(alpha.id, practitioner, 'practitioner');
    const asPractitioner = await asUser(practitioner, `tenant:${alpha.id}`);
    const forbidden = await respond(() =>
      agedDebtPage.loader(args(get('/t/alpha/finance/aged-debt', asPractitioner), { tenant: 'alpha' })),
    );
    expect(forbidden.status).toBe(403);
    const other = await respond(() =>
      agedDebtCsvRoute.loader(args(get('/t/alpha/finance/aged-debt.csv', betaFinance), { tenant: 'alpha' })),
    );
    expect(other.status).toBe(404);
  });
});

describe('customer statements as PDF and CSV', () => {
  it('links both from the statement page', async () => {
    const accountId = await accountOf(alpha.id, alpha.schoolOrganisationId);
    const page = await respond(() =>
      statementPage.loader(
        args(get(`/t/alpha/customers/${accountId}/statement`, alphaFinance), { tenant: 'alpha', accountId }),
      ),
    );
    const html = render(statementPage.default, page.value);
    expect(html).toContain(`href="/t/alpha/customers/${accountId}/statement.pdf"`);
    expect(html).toContain('Download statement as PDF');
    expect(html).toContain(`href="/t/alpha/customers/${accountId}/statement.csv"`);
    expect(html).toContain('Download statement as CSV');
  });

  it('downloads the statement as CSV with a running balance', async () => {
    const invoice = await invoiceOn('2026-01-01', 10000);
    await payOn('2026-02-15', invoice.id, 4000);
    const accountId = await accountOf(alpha.id, alpha.schoolOrganisationId);
    const { response } = await respond(() =>
      statementCsvRoute.loader(
        args(get(`/t/alpha/customers/${accountId}/statement.csv`, alphaFinance), { tenant: 'alpha', accountId }),
      ),
    );
    expect(response!.headers.get('content-disposition')).toBe(
      'attachment; filename="alpha-primary-school-statement-2026-03-02.csv"',
    );
    const lines = (await response!.text()).trim().split('\r\n');
    expect(lines).toEqual([
      '"Provider","Customer","Date","Entry","Reference","Against","Due","Charged (£)","Paid or credited (£)","Balance (£)"',
      `"alpha education services","alpha primary school","2026-01-01","VAT invoice","${invoice.number}","","2026-01-31","100.00","","100.00"`,
      '"alpha education services","alpha primary school","2026-02-15","Payment received","BACS","","","","40.00","60.00"',
    ]);
  });

  it('gives the school its own statements with every provider as CSV, linked from its statement page', async () => {
    const fromAlpha = await invoiceOn('2026-01-01', 10000);
    // Beta sells to alpha's school too; beta's own school's invoice is never on alpha's school's statement.
    await runScoped(await ownerDb(), { tenantId: beta.id }, (tx) =>
      ensureCustomerAccounts(tx, beta.id, [
        { organisationId: alpha.schoolOrganisationId, customerClass: 'other_la_school', settlementMethod: 'invoice' },
      ]),
    );
    const fromBeta = await invoiceOn('2026-02-01', 2000, alpha.schoolOrganisationId, betaCtx);
    await invoiceOn('2026-01-01', 99900, beta.schoolOrganisationId, betaCtx);
    const buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const html = render(
      buyerStatementPage.default,
      await buyerStatementPage.loader(args(get('/buy/statement', buyer))),
    );
    expect(html).toContain('href="/buy/statement.csv"');
    expect(html).toContain('Download statement as CSV');
    const { response } = await respond(() => buyerStatementCsvRoute.loader(args(get('/buy/statement.csv', buyer))));
    expect(response!.headers.get('content-disposition')).toBe(
      'attachment; filename="alpha-primary-school-statement-2026-03-02.csv"',
    );
    const lines = (await response!.text()).trim().split('\r\n');
    expect(lines.slice(1)).toEqual([
      `"alpha education services","alpha primary school","2026-01-01","VAT invoice","${fromAlpha.number}","","2026-01-31","100.00","","100.00"`,
      `"beta education services","alpha primary school","2026-02-01","VAT invoice","${fromBeta.number}","","2026-03-03","20.00","","20.00"`,
    ]);
  });

  it('renders the statement as a tagged PDF with the entries, the ages and how to pay', async () => {
    const invoice = await invoiceOn('2026-01-01', 10000);
    await invoiceOn('2025-10-01', 2500);
    const accountId = await accountOf(alpha.id, alpha.schoolOrganisationId);
    const { response } = await respond(() =>
      statementPdfRoute.loader(
        args(get(`/t/alpha/customers/${accountId}/statement.pdf`, alphaFinance), { tenant: 'alpha', accountId }),
      ),
    );
    expect(response!.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await response!.arrayBuffer());
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: bytes, verbosity: 0 }).promise;
    let text = '';
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + ' ';
    }
    text = text.replace(/\s+/g, ' ');
    const meta = (await pdf.getMetadata()).info as { Title?: string; Language?: string };
    expect(meta.Title).toBe('Statement of account: alpha primary school');
    expect(meta.Language).toBe('en-GB');
    expect(text).toContain('Statement of account');
    expect(text).toContain('As at 2 March 2026');
    expect(text).toContain(invoice.number);
    expect(text).toContain('Owed by age');
    expect(text).toContain('Over 90 days');
    expect(text).toContain('£125.00 owed');
    expect(await (await pdf.getPage(1)).getStructTree()).toBeTruthy();
  });

  it('answers 404 for another provider’s customer, on both downloads', async () => {
    const alphaAccount = await accountOf(alpha.id, alpha.schoolOrganisationId);
    for (const route of [statementPdfRoute, statementCsvRoute]) {
      const asBeta = await respond(() =>
        route.loader(
          args(get(`/t/beta/customers/${alphaAccount}/statement.csv`, betaFinance), {
            tenant: 'beta',
            accountId: alphaAccount,
          }),
        ),
      );
      expect(asBeta.status).toBe(404);
      const notUuid = await respond(() =>
        route.loader(
          args(get('/t/alpha/customers/x/statement.csv', alphaFinance), { tenant: 'alpha', accountId: 'x' }),
        ),
      );
      expect(notUuid.status).toBe(404);
    }
  });
});
