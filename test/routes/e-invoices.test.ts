import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Outlet } from 'react-router-dom';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { finaliseInScope } from '../../app/billing/finalise-document.server';
import { raiseCreditNote } from '../../app/billing/raise-credit-note.server';
import { lineVatPence, VAT_RATE_BASIS_POINTS } from '../../app/billing/vat';
import { CUSTOMIZATION_ID, PROFILE_ID } from '../../app/einvoice/ubl';
import { parsePounds } from '../../app/money';
import * as buyerPage from '../../app/routes/buy.invoices.$tenant.$documentId';
import * as buyerXml from '../../app/routes/buy.invoices.$tenant.$documentId[.xml]';
import * as providerPage from '../../app/routes/t.$tenant.documents.$documentId';
import * as providerXml from '../../app/routes/t.$tenant.documents.$documentId[.xml]';
import { insertDraftDocument } from '../../db/queries/billing-documents';
import type { VatCode } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import { asUser, get, ownerDb, respond, twoTenants, useToday, type Browser, type TestTenant } from '../setup/fixtures';
import { finalDocument } from '../setup/payments';

useToday('2026-03-02');

// The OASIS UBL 2.1 schemas are not installable here: see test/fixtures/ubl-2.1-subset/README.md.
const SCHEMAS = path.join(__dirname, '..', 'fixtures', 'ubl-2.1-subset');
const schemaFile = (p: string) => ({ fileName: p, contents: readFileSync(path.join(SCHEMAS, p), 'utf8') });
const COMMON = [
  'common/UBL-CommonAggregateComponents-2.1-subset.xsd',
  'common/UBL-CommonBasicComponents-2.1-subset.xsd',
];

async function schemaErrors(xml: string, root: 'Invoice' | 'CreditNote') {
  const result = await validateXML({
    xml: [{ fileName: 'document.xml', contents: xml }],
    schema: [schemaFile(`maindoc/UBL-${root}-2.1-subset.xsd`)],
    preload: COMMON.map(schemaFile),
  });
  return result.errors.map((e) => e.rawMessage);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => ['cac:InvoiceLine', 'cac:CreditNoteLine', 'cac:TaxSubtotal', 'cac:TaxTotal'].includes(name),
});

type Node = Record<string, unknown>;
const textOf = (v: unknown): string => (typeof v === 'object' && v !== null ? String((v as Node)['#text']) : String(v));
const pence = (v: unknown): number => {
  const p = parsePounds(textOf(v));
  if (p === null) throw new Error(`not an amount: ${textOf(v)}`);
  return p;
};

/** The EN 16931 sums worked out from the document as parsed, in pence. */
function en16931Sums(doc: Node, lineTag: 'cac:InvoiceLine' | 'cac:CreditNoteLine') {
  const lines = doc[lineTag] as Node[];
  const totals = doc['cac:LegalMonetaryTotal'] as Node;
  const [taxTotal] = doc['cac:TaxTotal'] as Node[];
  const subtotals = (taxTotal!['cac:TaxSubtotal'] as Node[]).map((s) => {
    const category = s['cac:TaxCategory'] as Node;
    return {
      code: textOf(category['cbc:ID']),
      percent: category['cbc:Percent'] === undefined ? null : textOf(category['cbc:Percent']),
      exemption: category['cbc:TaxExemptionReason'] === undefined ? null : textOf(category['cbc:TaxExemptionReason']),
      taxable: pence(s['cbc:TaxableAmount']),
      tax: pence(s['cbc:TaxAmount']),
    };
  });
  const lineCode = (l: Node) => textOf(((l['cac:Item'] as Node)['cac:ClassifiedTaxCategory'] as Node)['cbc:ID']);
  return {
    sumOfLines: lines.reduce((s, l) => s + pence(l['cbc:LineExtensionAmount']), 0),
    lineExtension: pence(totals['cbc:LineExtensionAmount']),
    taxExclusive: pence(totals['cbc:TaxExclusiveAmount']),
    taxInclusive: pence(totals['cbc:TaxInclusiveAmount']),
    payable: pence(totals['cbc:PayableAmount']),
    taxTotal: pence(taxTotal!['cbc:TaxAmount']),
    subtotals,
    linesByCode: (code: string) =>
      lines.filter((l) => lineCode(l) === code).reduce((s, l) => s + pence(l['cbc:LineExtensionAmount']), 0),
    currencies: new Set([...JSON.stringify(doc).matchAll(/"@currencyID":"([A-Z]+)"/g)].map((m) => m[1])),
  };
}

interface RouteModule {
  loader: (args: { request: Request; params: Record<string, string | undefined>; context: object }) => Promise<unknown>;
  default: ComponentType;
}

/** A document page as the server renders it (its loader's data in a data router), to find its links. */
async function renderPage(mod: RouteModule, pattern: string, url: string, browser: Browser): Promise<string> {
  const routes = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ csrf: 'token' }),
      element: createElement(Outlet),
      children: [
        {
          id: 'page',
          path: pattern,
          loader: ({ params }: { params: Record<string, string | undefined> }) =>
            mod.loader({ request: get(url, browser), params, context: {} }),
          element: createElement(mod.default),
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://localhost${url}`));
  if (context instanceof Response) throw new Error(`redirected to ${context.headers.get('location')}`);
  if (context.errors) throw new Error(JSON.stringify(context.errors));
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router, context, hydrate: false }));
}

let alpha: TestTenant;
let beta: TestTenant;
let alphaFinance: Browser;
let betaFinance: Browser;
let ctx: TenantContext;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  const db = await ownerDb();
  await db
    .updateTable('tenants')
    .set({
      bank_name: 'Lloyds',
      bank_sort_code: '30-99-50',
      bank_account_number: '12345678',
      vat_number: 'GB123456789',
    })
    .where('id', '=', alpha.id)
    .execute();
  alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  betaFinance = await asUser(beta.financeId, `tenant:${beta.id}`);
  ctx = await requireTenantMember(get('/t/alpha', alphaFinance), 'alpha', 'finance.manage');
});

/** A final VAT invoice with a PO number and lines at the standard rate, exempt and zero-rated. */
async function mixedInvoice(
  lines: Array<{ netPence: number; vatCode: VatCode; description: string }>,
  poNumber: string | null,
) {
  return withTenant(ctx, async (tx) => {
    const id = await insertDraftDocument(tx, ctx.tenantId, {
      kind: 'invoice',
      runId: null,
      organisationId: alpha.schoolOrganisationId,
      poNumber,
      createdBy: ctx.userId,
      lines: lines.map((l) => ({
        chargeKind: 'manual',
        orderLineId: null,
        chargeKey: null,
        deliveryId: null,
        description: l.description,
        periodStart: null,
        periodEnd: null,
        quantityHundredths: 100,
        unitPricePence: l.netPence,
        netPence: l.netPence,
        vatCode: l.vatCode,
        vatRateBasisPoints: VAT_RATE_BASIS_POINTS[l.vatCode],
        vatPence: lineVatPence(l.netPence, l.vatCode),
        poNumber: null,
        costCentre: null,
        subjectiveCode: null,
        reason: 'Agreed with the school',
      })),
    });
    const finalised = await finaliseInScope(tx, ctx, id);
    return { id, number: finalised.number };
  });
}

const MIXED = [
  { netPence: 10000, vatCode: 'S' as const, description: 'Training day & <materials>' },
  { netPence: 333, vatCode: 'S' as const, description: 'Postage' },
  { netPence: 5000, vatCode: 'E' as const, description: 'Educational psychology day' },
  { netPence: 2500, vatCode: 'Z' as const, description: 'Printed booklets' },
];

function providerGet(documentId: string, browser = alphaFinance, tenant = 'alpha') {
  return respond(() =>
    providerXml.loader({
      request: get(`/t/${tenant}/documents/${documentId}.xml`, browser),
      params: { tenant, documentId },
      context: {},
    }),
  );
}

async function storedTotals(documentId: string) {
  const d = await (
    await ownerDb()
  )
    .selectFrom('billing_documents')
    .select(['net_pence', 'vat_pence', 'total_pence', 'number', 'due_on', 'issued_on'])
    .where('id', '=', documentId)
    .executeTakeFirstOrThrow();
  return { ...d, net: Number(d.net_pence), vat: Number(d.vat_pence), total: Number(d.total_pence) };
}

describe('e-invoices (Peppol BIS Billing 3.0 UBL)', () => {
  it('downloads a VAT invoice with mixed VAT categories and a PO as a schema-valid UBL Invoice whose EN 16931 sums match the document', async () => {
    const invoice = await mixedInvoice(MIXED, 'PO-4471');
    const got = await providerGet(invoice.id);
    expect(got.status).toBe(200);
    expect(got.response!.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(got.response!.headers.get('content-disposition')).toBe(`attachment; filename="${invoice.number}.xml"`);
    const xml = await got.response!.text();
    expect(await schemaErrors(xml, 'Invoice')).toEqual([]);

    const doc = parser.parse(xml).Invoice as Node;
    expect(textOf(doc['cbc:CustomizationID'])).toBe(CUSTOMIZATION_ID);
    expect(textOf(doc['cbc:ProfileID'])).toBe(PROFILE_ID);
    expect(textOf(doc['cbc:ID'])).toBe(invoice.number);
    expect(textOf(doc['cbc:InvoiceTypeCode'])).toBe('380');
    expect(textOf(doc['cbc:DocumentCurrencyCode'])).toBe('GBP');
    expect(textOf((doc['cac:OrderReference'] as Node)['cbc:ID'])).toBe('PO-4471');
    const stored = await storedTotals(invoice.id);
    expect(textOf(doc['cbc:DueDate'])).toBe(stored.due_on);
    const supplier = (doc['cac:AccountingSupplierParty'] as Node)['cac:Party'] as Node;
    expect(textOf((supplier['cac:PartyTaxScheme'] as Node)['cbc:CompanyID'])).toBe('GB123456789');
    const means = doc['cac:PaymentMeans'] as Node;
    expect(textOf(means['cbc:PaymentMeansCode'])).toBe('30');
    expect(textOf(means['cbc:PaymentID'])).toBe(invoice.number);
    const account = means['cac:PayeeFinancialAccount'] as Node;
    expect(textOf(account['cbc:ID'])).toBe('12345678');
    expect(textOf((account['cac:FinancialInstitutionBranch'] as Node)['cbc:ID'])).toBe('309950');
    // Text is escaped, not markup.
    expect(xml).toContain('Training day &amp; &lt;materials&gt;');

    const sums = en16931Sums(doc, 'cac:InvoiceLine');
    expect(sums.currencies).toEqual(new Set(['GBP']));
    expect(sums.sumOfLines).toBe(sums.lineExtension); // BR-CO-10
    expect(sums.taxExclusive).toBe(sums.lineExtension); // BR-CO-13, no allowances or charges
    expect(sums.taxTotal).toBe(sums.subtotals.reduce((s, t) => s + t.tax, 0)); // BR-CO-14
    expect(sums.taxInclusive).toBe(sums.taxExclusive + sums.taxTotal); // BR-CO-15
    expect(sums.payable).toBe(sums.taxInclusive); // BR-CO-16, nothing prepaid
    for (const t of sums.subtotals) expect(t.taxable).toBe(sums.linesByCode(t.code)); // BR-S-08, BR-E-08, BR-Z-08
    expect(sums.subtotals.map((t) => [t.code, t.percent, t.tax, t.exemption !== null])).toEqual([
      ['S', '20', 2067, false],
      ['Z', '0', 0, false],
      ['E', '0', 0, true],
    ]);
    // The document's own stored totals, to the penny.
    expect([sums.lineExtension, sums.taxTotal, sums.payable]).toEqual([stored.net, stored.vat, stored.total]);
  });

  it('downloads a credit note as a schema-valid UBL CreditNote (381) referencing the invoice it credits', async () => {
    const invoice = await mixedInvoice(MIXED, 'PO-4471');
    await raiseCreditNote(ctx, invoice.id, { scope: 'full', amounts: new Map(), reason: 'Training day cancelled' });
    const credit = await (
      await ownerDb()
    )
      .selectFrom('billing_documents')
      .select(['id', 'number'])
      .where('credits_document_id', '=', invoice.id)
      .executeTakeFirstOrThrow();
    const got = await providerGet(credit.id);
    expect(got.status).toBe(200);
    expect(got.response!.headers.get('content-disposition')).toBe(`attachment; filename="${credit.number}.xml"`);
    const xml = await got.response!.text();
    expect(await schemaErrors(xml, 'CreditNote')).toEqual([]);
    const doc = parser.parse(xml).CreditNote as Node;
    expect(textOf(doc['cbc:CreditNoteTypeCode'])).toBe('381');
    expect(textOf(doc['cbc:Note'])).toBe('Training day cancelled');
    const reference = (doc['cac:BillingReference'] as Node)['cac:InvoiceDocumentReference'] as Node;
    expect(textOf(reference['cbc:ID'])).toBe(invoice.number);
    const sums = en16931Sums(doc, 'cac:CreditNoteLine');
    const stored = await storedTotals(credit.id);
    expect(sums.sumOfLines).toBe(sums.lineExtension);
    expect(sums.taxInclusive).toBe(sums.taxExclusive + sums.taxTotal);
    for (const t of sums.subtotals) expect(t.taxable).toBe(sums.linesByCode(t.code));
    expect([sums.lineExtension, sums.taxTotal, sums.payable]).toEqual([stored.net, stored.vat, stored.total]);
    expect(sums.payable).toBeGreaterThan(0);
  });

  it('states "not subject to VAT" with no rate and no seller VAT number on an invoice outside the scope of VAT', async () => {
    const invoice = await mixedInvoice([{ netPence: 45000, vatCode: 'O', description: 'Statutory service' }], null);
    const xml = await (await providerGet(invoice.id)).response!.text();
    expect(await schemaErrors(xml, 'Invoice')).toEqual([]);
    const doc = parser.parse(xml).Invoice as Node;
    const sums = en16931Sums(doc, 'cac:InvoiceLine');
    expect(sums.subtotals).toEqual([
      { code: 'O', percent: null, exemption: 'Not subject to VAT', taxable: 45000, tax: 0 },
    ]);
    const supplier = (doc['cac:AccountingSupplierParty'] as Node)['cac:Party'] as Node;
    expect(supplier['cac:PartyTaxScheme']).toBeUndefined();
    // With no PO, the buyer reference Peppol asks for is still there.
    expect(doc['cac:OrderReference']).toBeUndefined();
    expect(textOf(doc['cbc:BuyerReference'])).toBeTruthy();
  });

  it('is a schema check that can fail: elements out of UBL order or an amount without its currency are refused', async () => {
    const invoice = await mixedInvoice(MIXED, 'PO-4471');
    const xml = await (await providerGet(invoice.id)).response!.text();
    const reordered = xml.replace(/(<cbc:ID>[^<]*<\/cbc:ID>)(<cbc:IssueDate>[^<]*<\/cbc:IssueDate>)/, '$2$1');
    expect(reordered).not.toBe(xml);
    expect((await schemaErrors(reordered, 'Invoice')).join('\n')).toMatch(/IssueDate/);
    const noCurrency = xml.replace('<cbc:PayableAmount currencyID="GBP">', '<cbc:PayableAmount>');
    expect((await schemaErrors(noCurrency, 'Invoice')).join('\n')).toMatch(/currencyID/);
  });

  it('refuses a recharge, which is not a VAT invoice, and a draft', async () => {
    const recharge = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 12000 }], 'recharge');
    const refused = await providerGet(recharge.id);
    expect(refused.status).toBe(404);
    expect(await refused.response!.text()).toContain('A recharge is not a VAT invoice');
    const draftId = await withTenant(ctx, (tx) =>
      insertDraftDocument(tx, ctx.tenantId, {
        kind: 'invoice',
        runId: null,
        organisationId: alpha.schoolOrganisationId,
        poNumber: null,
        createdBy: ctx.userId,
        lines: [],
      }),
    );
    const draft = await providerGet(draftId);
    expect(draft.status).toBe(404);
    expect(await draft.response!.text()).toContain('A draft has no e-invoice');
  });

  it('gives another tenant 404, and the buyer only its own school’s invoices', async () => {
    const invoice = await mixedInvoice(MIXED, 'PO-4471');
    expect((await providerGet(invoice.id, betaFinance, 'beta')).status).toBe(404);
    expect((await providerGet(invoice.id, betaFinance, 'alpha')).status).toBe(404);

    const buyerGet = async (buyerId: string, organisationId: string) =>
      respond(async () =>
        buyerXml.loader({
          request: get(`/buy/invoices/alpha/${invoice.id}.xml`, await asUser(buyerId, `org:${organisationId}`)),
          params: { tenant: 'alpha', documentId: invoice.id },
          context: {},
        }),
      );
    const own = await buyerGet(alpha.buyerId, alpha.schoolOrganisationId);
    expect(own.status).toBe(200);
    expect(await schemaErrors(await own.response!.text(), 'Invoice')).toEqual([]);
    expect((await buyerGet(beta.buyerId, beta.schoolOrganisationId)).status).toBe(404);
  });

  it('offers "Download as e-invoice (UBL XML)" on the provider’s and the buyer’s page of a VAT invoice, not of a recharge', async () => {
    const invoice = await mixedInvoice(MIXED, 'PO-4471');
    const recharge = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 12000 }], 'recharge');
    const provider = (id: string) =>
      renderPage(
        providerPage as RouteModule,
        '/t/:tenant/documents/:documentId',
        `/t/alpha/documents/${id}`,
        alphaFinance,
      );
    const link = (href: string) => `href="${href}" download="">Download as e-invoice (UBL XML)`;
    expect(await provider(invoice.id)).toContain(link(`/t/alpha/documents/${invoice.id}.xml`));
    expect(await provider(recharge.id)).not.toContain('Download as e-invoice');

    const buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const buyerHtml = await renderPage(
      buyerPage as RouteModule,
      '/buy/invoices/:tenant/:documentId',
      `/buy/invoices/alpha/${invoice.id}`,
      buyer,
    );
    expect(buyerHtml).toContain(link(`/buy/invoices/alpha/${invoice.id}.xml`));
  });
});
