import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { runBillingRunsOnce } from '../../app/billing/billing-run-worker.server';
import { finaliseDrafts } from '../../app/billing/finalise-drafts.server';
import { raiseCreditNote } from '../../app/billing/raise-credit-note.server';
import { exportMonthSalesBatch } from '../../app/ledger/export-ledger-batch.server';
import * as batchPage from '../../app/routes/t.$tenant.finance.ledger.$batchId';
import * as batchFilePage from '../../app/routes/t.$tenant.finance.ledger.$batchId[.csv]';
import * as ledgerPage from '../../app/routes/t.$tenant.finance.ledger._index';
import * as templatePage from '../../app/routes/t.$tenant.finance.ledger.template';
import type { DocumentKind, VatCode } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import { billingRunOverManyCustomers } from '../setup/billing-customers';
import {
  asUser,
  get,
  ownerDb,
  post,
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

function render(page: ComponentType, loaderData: unknown, actionData?: unknown, search = ''): string {
  remix.loaderData = JSON.parse(JSON.stringify(loaderData));
  remix.actionData = actionData === undefined ? undefined : JSON.parse(JSON.stringify(actionData));
  remix.search = search;
  return renderToStaticMarkup(createElement(page));
}

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

let alpha: TestTenant;
let beta: TestTenant;
let alphaFinance: Browser;
let betaFinance: Browser;
let ctx: TenantContext;

interface LineSpec {
  netPence: number;
  vatCode?: VatCode;
  costCentre?: string | null;
  subjectiveCode?: string | null;
  description?: string;
}

/** A final document whose lines carry ledger codes (a service's, as a billing run copies them). */
async function finalWithCodes(
  lines: LineSpec[],
  kind: Exclude<DocumentKind, 'credit_note'> = 'invoice',
  po: string | null = null,
) {
  const { id, number } = await finalDocument(
    ctx,
    alpha.schoolOrganisationId,
    lines.map((l) => ({
      ...l,
      costCentre: l.costCentre === undefined ? 'CS4410' : l.costCentre,
      subjectiveCode: l.subjectiveCode === undefined ? '8931' : l.subjectiveCode,
    })),
    kind,
    po,
  );
  return { id, number };
}

async function setAccountCode(tenantId: string, organisationId: string, code: string) {
  await (
    await ownerDb()
  )
    .updateTable('customer_accounts')
    .set({ account_code: code })
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .execute();
}

async function exportBatch(fields: Record<string, string>, browser = alphaFinance, slug = 'alpha') {
  return respond(() => ledgerPage.action(args(post(`/t/${slug}/finance/ledger`, fields, browser), { tenant: slug })));
}

const batchIdFrom = (r: { response?: Response }) =>
  /ledger\/([0-9a-f-]{36})\?exported=1$/.exec(r.response?.headers.get('location') ?? '')![1]!;

async function download(batchId: string, browser = alphaFinance, slug = 'alpha') {
  return respond(() =>
    batchFilePage.loader(args(get(`/t/${slug}/finance/ledger/${batchId}.csv`, browser), { tenant: slug, batchId })),
  );
}

async function count(table: 'ledger_batches' | 'ledger_batch_documents' | 'ledger_templates') {
  const { n } = await (
    await ownerDb()
  )
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

const errorsOf = (r: { value?: unknown }) => (r.value as { errors: Array<{ field?: string; message: string }> }).errors;

describe('ledger export', () => {
  beforeEach(async () => {
    ({ alpha, beta } = await twoTenants());
    alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    betaFinance = await asUser(beta.financeId, `tenant:${beta.id}`);
    ctx = await requireTenantMember(get('/t/alpha', alphaFinance), 'alpha', 'finance.manage');
    await setAccountCode(alpha.id, alpha.schoolOrganisationId, 'SCH1001');
  });

  it('exports the month’s invoices and credit notes in one batch with control totals, the same bytes every time', async () => {
    const first = await finalWithCodes(
      [
        { netPence: 50000 },
        { netPence: 12000, costCentre: 'CS4610', subjectiveCode: '8932', description: 'Clerking, "extra" meeting' },
      ],
      'invoice',
      'PO-4471',
    );
    const second = await finalWithCodes([{ netPence: 30000, vatCode: 'E' }]);
    const credit = await raiseCreditNote(ctx, second.id, {
      scope: 'full',
      amounts: new Map(),
      reason: 'Not delivered',
    });
    const recharge = await finalWithCodes([{ netPence: 9000 }], 'recharge');

    const exported = await exportBatch({ kind: 'sales', month: '2026-03' });
    expect(exported.status).toBe(302);
    const batchId = batchIdFrom(exported);

    const page = await batchPage.loader(
      args(get(`/t/alpha/finance/ledger/${batchId}`, alphaFinance), { tenant: 'alpha', batchId }),
    );
    expect(page.batch).toMatchObject({
      reference: 'LB000001',
      kind: 'sales',
      period: 'March 2026',
      documentCount: 3,
      rowCount: 4,
      netPence: 50000 + 12000 + 30000 - 30000,
      vatPence: 10000 + 2400,
      grossPence: 62000 + 12400,
    });
    expect(page.documents.map((d) => d.number).sort()).toEqual([credit.number, first.number, second.number].sort());

    const once = await download(batchId);
    expect(once.status).toBe(200);
    expect(once.response!.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(once.response!.headers.get('content-disposition')).toBe(
      'attachment; filename="LB000001-invoices-2026-03.csv"',
    );
    const bytes = new Uint8Array(await once.response!.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')).toEqual([
      'Batch,Line,Date,Period,Document,Type,Cost centre,Subjective,Customer account,Customer,PO number,Description,VAT code,Debit,Credit,Net,VAT,Gross',
      `LB000001,1,02/03/2026,202603,${credit.number},CRN,CS4410,8931,SCH1001,alpha primary school,,Credit: Service 1,E,300.00,,-300.00,0.00,-300.00`,
      `LB000001,2,02/03/2026,202603,${first.number},INV,CS4410,8931,SCH1001,alpha primary school,PO-4471,Service 1,S,,500.00,500.00,100.00,600.00`,
      `LB000001,3,02/03/2026,202603,${first.number},INV,CS4610,8932,SCH1001,alpha primary school,PO-4471,"Clerking, ""extra"" meeting",S,,120.00,120.00,24.00,144.00`,
      `LB000001,4,02/03/2026,202603,${second.number},INV,CS4410,8931,SCH1001,alpha primary school,,Service 1,E,,300.00,300.00,0.00,300.00`,
      '',
    ]);
    expect(text).not.toContain(recharge.number);

    // A new template changes later batches, never this one's file.
    const gl07 = await respond(() =>
      templatePage.action(
        args(post('/t/alpha/finance/ledger/template', { intent: 'preset', preset: 'unit4_gl07' }, alphaFinance), {
          tenant: 'alpha',
        }),
      ),
    );
    expect(gl07.status).toBe(302);
    const again = new Uint8Array(await (await download(batchId)).response!.arrayBuffer());
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);

    // Nothing left for the month: no empty batch, and no document in a second batch.
    const empty = await exportBatch({ kind: 'sales', month: '2026-03' });
    expect(empty.status).toBe(422);
    expect(errorsOf(empty)).toEqual([
      {
        field: 'month',
        message: 'There are no final invoices and credit notes issued in March 2026 that are not already in a batch',
      },
    ]);
    const later = await finalWithCodes([{ netPence: 1000 }]);
    const next = await exportBatch({ kind: 'sales', month: '2026-03' });
    expect(next.status).toBe(302);
    const nextText = await (await download(batchIdFrom(next))).response!.text();
    expect(nextText.split('\r\n')[0]).toMatch(/^batch_id,interface,voucher_type,trans_type,client,account,dim_1,/);
    expect(nextText.split('\r\n')).toHaveLength(3);
    expect(nextText).toContain(`LB000002,BI,TS,GL,,8931,CS4410,`);
    expect(nextText).toContain(`,${later.number},1,R,SCH1001,alpha primary school,20260401,`);
    expect(await count('ledger_batch_documents')).toBe(4);

    const list = await ledgerPage.loader(args(get('/t/alpha/finance/ledger', alphaFinance), { tenant: 'alpha' }));
    expect(list.batches.map((b) => [b.reference, b.documents])).toEqual([
      ['LB000002', 1],
      ['LB000001', 3],
    ]);
  });

  it('journals the month’s recharges, balanced: the school’s budget code debited, the service’s income code credited', async () => {
    const recharge = await finalWithCodes(
      [{ netPence: 45000 }, { netPence: 8000, costCentre: 'CS4610', subjectiveCode: '8932' }],
      'recharge',
    );
    await finalWithCodes([{ netPence: 1000 }]); // an invoice: not in a journal
    const exported = await exportBatch({ kind: 'recharge_journal', month: '2026-03' });
    expect(exported.status).toBe(302);
    const batchId = batchIdFrom(exported);
    const page = await batchPage.loader(
      args(get(`/t/alpha/finance/ledger/${batchId}`, alphaFinance), { tenant: 'alpha', batchId }),
    );
    expect(page.batch).toMatchObject({
      kind: 'recharge_journal',
      documentCount: 1,
      rowCount: 3,
      netPence: 53000,
      vatPence: 0,
      debitPence: 53000,
      creditPence: 53000,
    });
    const rows = (await (await download(batchId)).response!.text()).split('\r\n').slice(1, -1);
    expect(rows.map((r) => r.split(',').slice(6, 8).concat(r.split(',').slice(13, 15)))).toEqual([
      ['SCH1001', '', '530.00', ''],
      ['CS4410', '8931', '', '450.00'],
      ['CS4610', '8932', '', '80.00'],
    ]);
    expect(rows[0]).toContain(recharge.number);
  });

  it('refuses a batch with a hand-added line that has no codes, or a customer with no account code, naming each and saving nothing', async () => {
    const manual = await finalWithCodes([
      { netPence: 1000 },
      { netPence: 2000, costCentre: null, subjectiveCode: null },
    ]);
    const refused = await exportBatch({ kind: 'sales', month: '2026-03' });
    expect(refused.status).toBe(422);
    expect(errorsOf(refused)).toEqual([
      {
        field: 'month',
        message: `Line 2 of ${manual.number} was added by hand and has no cost centre or subjective code. Set the codes for lines added by hand in the ledger template`,
      },
    ]);
    expect(await count('ledger_batches')).toBe(0);
    expect(await count('ledger_batch_documents')).toBe(0);

    // Nothing was half-saved: the page shows the problem and the same form.
    const html = render(
      ledgerPage.default,
      await ledgerPage.loader(args(get('/t/alpha/finance/ledger', alphaFinance), { tenant: 'alpha' })),
      refused.value,
    );
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain(`Line 2 of ${manual.number} was added by hand`);

    await (
      await ownerDb()
    )
      .updateTable('customer_accounts')
      .set({ account_code: null })
      .where('tenant_id', '=', alpha.id)
      .execute();
    const recharge = await finalWithCodes([{ netPence: 1000 }], 'recharge');
    const noCode = await exportBatch({ kind: 'recharge_journal', month: '2026-03' });
    expect(noCode.status).toBe(422);
    expect(errorsOf(noCode).map((e) => e.message)).toEqual([
      `${recharge.number}: the customer alpha primary school has no account code (the school’s budget code). Add it on the customer’s page`,
    ]);
    expect(await count('ledger_batches')).toBe(0);
  });

  it('says what is wrong with the export form', async () => {
    const bad = await exportBatch({ kind: 'everything', month: '2026-13' });
    expect(bad.status).toBe(400);
    expect(
      errorsOf(bad)
        .map((e) => e.field)
        .sort(),
    ).toEqual(['kind', 'month']);
  });

  it('keeps batches as they were exported: the database refuses a change, a deletion and a document in two batches', async () => {
    const invoice = await finalWithCodes([{ netPence: 1000 }]);
    const batchId = batchIdFrom(await exportBatch({ kind: 'sales', month: '2026-03' }));
    const db = await ownerDb();
    await expect(
      db.updateTable('ledger_batches').set({ file_text: 'changed' }).where('id', '=', batchId).execute(),
    ).rejects.toThrow(/never changed or deleted/);
    await expect(db.deleteFrom('ledger_batch_documents').where('batch_id', '=', batchId).execute()).rejects.toThrow(
      /never changed or deleted/,
    );
    const other = await withTenant(ctx, (tx) =>
      tx
        .insertInto('ledger_batches')
        .values({
          tenant_id: alpha.id,
          number: 9,
          reference: 'LB000009',
          kind: 'sales',
          period_start: '2026-03-01',
          period_end: '2026-03-31',
          document_count: 1,
          row_count: 1,
          net_pence: 1,
          vat_pence: 0,
          gross_pence: 1,
          debit_pence: 0,
          credit_pence: 1,
          template: '{}',
          file_name: 'x.csv',
          file_text: 'x',
          file_sha256: '0'.repeat(64),
          exported_by: alpha.financeId,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    await expect(
      withTenant(ctx, (tx) =>
        tx
          .insertInto('ledger_batch_documents')
          .values({ tenant_id: alpha.id, batch_id: other.id, document_id: invoice.id })
          .execute(),
      ),
    ).rejects.toThrow(/duplicate key|unique/);
  });

  it('puts a document in one batch when two exports run at once', async () => {
    await finalWithCodes([{ netPence: 1000 }]);
    await finalWithCodes([{ netPence: 2000 }]);
    const [one, two] = await Promise.all([
      exportBatch({ kind: 'sales', month: '2026-03' }),
      exportBatch({ kind: 'sales', month: '2026-03' }),
    ]);
    expect([one.status, two.status].sort()).toEqual([302, 422]);
    expect(await count('ledger_batches')).toBe(1);
    expect(await count('ledger_batch_documents')).toBe(2);
  });

  it('gives the benchmark a month’s batch as bytes', async () => {
    await finalWithCodes([{ netPence: 1000 }]);
    const batch = await exportMonthSalesBatch({ tenantId: alpha.id, userId: alpha.financeId }, 2026, 3);
    expect(batch.documentCount).toBe(1);
    const downloaded = new Uint8Array(await (await download(batch.batchId)).response!.arrayBuffer());
    expect(Buffer.compare(Buffer.from(downloaded), Buffer.from(batch.bytes))).toBe(0);
  });

  it('answers 404 for another tenant’s batch, its file, and a malformed id', async () => {
    await finalWithCodes([{ netPence: 1000 }]);
    const batchId = batchIdFrom(await exportBatch({ kind: 'sales', month: '2026-03' }));
    const view = await respond(() =>
      batchPage.loader(args(get(`/t/beta/finance/ledger/${batchId}`, betaFinance), { tenant: 'beta', batchId })),
    );
    expect(view.status).toBe(404);
    expect((await download(batchId, betaFinance, 'beta')).status).toBe(404);
    // Beta's finance officer is no member of alpha: alpha's pages are not found either.
    expect((await download(batchId, betaFinance, 'alpha')).status).toBe(404);
    const malformed = await respond(() =>
      batchPage.loader(args(get('/t/alpha/finance/ledger/nope', alphaFinance), { tenant: 'alpha', batchId: 'nope' })),
    );
    expect(malformed.status).toBe(404);
    // Beta's own export sees none of alpha's documents.
    const betaExport = await exportBatch({ kind: 'sales', month: '2026-03' }, betaFinance, 'beta');
    expect(betaExport.status).toBe(422);
  });

  it('renders the batch page with its control totals and the download link', async () => {
    await finalWithCodes([{ netPence: 1000 }]);
    const batchId = batchIdFrom(await exportBatch({ kind: 'sales', month: '2026-03' }));
    const data = await batchPage.loader(
      args(get(`/t/alpha/finance/ledger/${batchId}`, alphaFinance), { tenant: 'alpha', batchId }),
    );
    const html = render(batchPage.default, data, undefined, 'exported=1');
    expect(html).toContain('Batch LB000001 exported');
    expect(html).toContain(`href="/t/alpha/finance/ledger/${batchId}.csv"`);
    expect(html).toContain('Download the file (LB000001-invoices-2026-03.csv)');
    expect(html).toContain(
      '<caption class="govuk-table__caption govuk-table__caption--m">Documents in this batch</caption>',
    );
    const index = render(
      ledgerPage.default,
      await ledgerPage.loader(args(get('/t/alpha/finance/ledger', alphaFinance), { tenant: 'alpha' })),
    );
    expect(index).toContain('Export invoices and credit notes');
    expect(index).toContain('Export recharge journal');
    expect(index).toContain('Change the ledger template');
    expect(index).toContain(`href="/t/alpha/finance/ledger/${batchId}"`);
  });
});

describe('the ledger template', () => {
  beforeEach(async () => {
    ({ alpha, beta } = await twoTenants());
    alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  });

  const saveTemplate = (fields: Record<string, string>) =>
    respond(() =>
      templatePage.action(
        args(
          post(
            '/t/alpha/finance/ledger/template',
            {
              intent: 'save',
              preset: 'journal_csv',
              delimiter: 'semicolon',
              dateFormat: 'YYYY-MM-DD',
              headerRow: 'yes',
              columns: 'Doc = document_number\nAmount = net_amount\nLedger = "AR"',
              manualCostCentre: 'cs9999',
              manualSubjectiveCode: '8999',
              ...fields,
            },
            alphaFinance,
          ),
          { tenant: 'alpha' },
        ),
      ),
    );

  it('refuses a duplicate column, naming its line, and saves nothing', async () => {
    const refused = await saveTemplate({ columns: 'Doc = document_number\nAmount = net_amount\nDOC = "x"' });
    expect(refused.status).toBe(400);
    expect(errorsOf(refused)).toEqual([
      { field: 'columns', message: 'Line 3: the column DOC is already on line 1: each header once' },
    ]);
    expect(await count('ledger_templates')).toBe(0);
    const page = await templatePage.loader(
      args(get('/t/alpha/finance/ledger/template', alphaFinance), { tenant: 'alpha' }),
    );
    const html = render(templatePage.default, page, refused.value);
    expect(html).toContain('Line 3: the column DOC is already on line 1: each header once');
    expect(html).toContain('href="#columns"');
  });

  it('saves a template, and the database refuses one with a duplicate header however it comes', async () => {
    const saved = await saveTemplate({});
    expect(saved.status).toBe(302);
    expect(saved.response!.headers.get('location')).toBe('/t/alpha/finance/ledger/template?saved=1');
    const page = await templatePage.loader(
      args(get('/t/alpha/finance/ledger/template', alphaFinance), { tenant: 'alpha' }),
    );
    expect(page.values).toMatchObject({
      delimiter: 'semicolon',
      columns: 'Doc = document_number\nAmount = net_amount\nLedger = "AR"',
      manualCostCentre: 'CS9999',
    });
    const html = render(templatePage.default, page, undefined, 'saved=1');
    for (const words of [
      'Ledger template saved',
      'Use this preset',
      'Save template',
      'Columns separated by',
      'Sources a column can take',
    ])
      expect(html).toContain(words);

    await expect(
      (await ownerDb())
        .updateTable('ledger_templates')
        .set({
          columns: JSON.stringify([
            { header: 'A', source: 'period' },
            { header: 'a ', source: 'period' },
          ]),
        })
        .where('tenant_id', '=', alpha.id)
        .execute(),
    ).rejects.toThrow(/ledger_columns_ok|check constraint/);
  });

  it('says what is wrong with each field', async () => {
    const refused = await saveTemplate({ delimiter: 'colon', manualCostCentre: 'CS 99', columns: 'Doc = nonsense' });
    expect(refused.status).toBe(400);
    expect(
      errorsOf(refused)
        .map((e) => e.field)
        .sort(),
    ).toEqual(['columns', 'delimiter', 'manualCostCentre']);
    const preset = await respond(() =>
      templatePage.action(
        args(post('/t/alpha/finance/ledger/template', { intent: 'preset', preset: 'sap' }, alphaFinance), {
          tenant: 'alpha',
        }),
      ),
    );
    expect(preset.status).toBe(400);
  });
});

describe('a billing run’s recharges for a service with no ledger codes', () => {
  it('names the service and the line, and exports once the service has its codes', async () => {
    const { alpha: a, finance, runId } = await billingRunOverManyCustomers(2, 930000);
    alpha = a;
    alphaFinance = await asUser(a.financeId, `tenant:${a.id}`);
    expect(await runBillingRunsOnce()).toBe(1);
    await finaliseDrafts(finance, runId);
    const db = await ownerDb();
    await db
      .updateTable('customer_accounts')
      .set((eb) => ({ account_code: eb.fn('upper', [eb.fn('left', [eb.cast('id', 'text'), eb.lit(8)])]) }))
      .where('tenant_id', '=', a.id)
      .execute();
    const documents = await db
      .selectFrom('billing_documents')
      .select(['number', 'kind', 'issued_on'])
      .where('tenant_id', '=', a.id)
      .where('status', '=', 'final')
      .orderBy('number')
      .execute();
    expect(documents.map((d) => d.kind)).toEqual(['recharge', 'recharge']);
    const month = documents[0]!.issued_on!.slice(0, 7);

    const refused = await exportBatch({ kind: 'recharge_journal', month });
    expect(refused.status).toBe(422);
    expect(errorsOf(refused).map((e) => e.message)).toEqual([
      `Line 1 of ${documents[0]!.number} (and 1 more line): the service Governor support has no cost centre or subjective code. Add its ledger codes on the service’s page`,
    ]);
    expect(await count('ledger_batches')).toBe(0);

    await db
      .updateTable('services')
      .set({ cost_centre: 'CS4610', subjective_code: '8932' })
      .where('tenant_id', '=', a.id)
      .execute();
    const exported = await exportBatch({ kind: 'recharge_journal', month });
    expect(exported.status).toBe(302);
    const text = await (await download(batchIdFrom(exported))).response!.text();
    expect(text.split('\r\n').filter((r) => r.includes(',CS4610,8932,'))).toHaveLength(2);
  });
});
