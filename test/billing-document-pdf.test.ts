import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../app/auth/guards.server';
import { documentForProvider } from '../app/billing/document-detail.server';
import { renderDocumentPdf } from '../app/billing/document-pdf.server';
import { DocumentView, type DocumentViewData } from '../app/billing/DocumentView';
import { finaliseDocument } from '../app/billing/finalise-document.server';
import { voidDocument } from '../app/billing/void-document.server';
import { formatPence } from '../app/money';
import { insertDraftDocument, type DraftLine } from '../db/queries/billing-documents';
import type { DocumentKind, VatCode } from '../db/schema';
import { withTenant } from '../db/scope.server';
import { asUser, get, ownerDb, twoTenants, useToday, type TestTenant } from './setup/fixtures';

useToday('2026-03-02');

let alpha: TestTenant;
let ctx: TenantContext;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  const db = await ownerDb();
  await db
    .updateTable('tenants')
    .set({ bank_name: 'Demo Bank', bank_sort_code: '00-00-01', bank_account_number: '00000001' })
    .where('id', '=', alpha.id)
    .execute();
  await db
    .updateTable('customer_accounts')
    .set({ billing_address_line1: '2 School Lane', billing_town: 'Southampton', billing_postcode: 'SO15 2AA' })
    .where('organisation_id', '=', alpha.schoolOrganisationId)
    .execute();
  ctx = await requireTenantMember(
    get('/t/alpha', await asUser(alpha.financeId, `tenant:${alpha.id}`)),
    'alpha',
    'finance.manage',
  );
});

function line(description: string, netPence: number, vatCode: VatCode, extra: Partial<DraftLine> = {}): DraftLine {
  return {
    chargeKind: 'manual',
    orderLineId: null,
    chargeKey: null,
    deliveryId: null,
    description,
    periodStart: null,
    periodEnd: null,
    quantityHundredths: 200,
    unitPricePence: netPence / 2,
    netPence,
    vatCode,
    vatRateBasisPoints: vatCode === 'S' ? 2000 : 0,
    vatPence: vatCode === 'S' ? netPence / 5 : 0,
    poNumber: null,
    costCentre: null,
    subjectiveCode: null,
    reason: 'Agreed',
    ...extra,
  };
}

async function finalised(kind: DocumentKind, lines: DraftLine[]): Promise<DocumentViewData> {
  const id = await withTenant({ tenantId: alpha.id }, (tx) =>
    insertDraftDocument(tx, alpha.id, {
      kind,
      runId: null,
      organisationId: alpha.schoolOrganisationId,
      poNumber: 'PO-4471',
      createdBy: null,
      lines,
    }),
  );
  await finaliseDocument(ctx, id);
  return documentForProvider(ctx, id);
}

interface StructNode {
  role?: string;
  children?: StructNode[];
}

async function readPdf(bytes: Buffer) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const meta = await pdf.getMetadata();
  let text = '';
  const roles: string[] = [];
  const walk = (node: StructNode | null) => {
    if (!node) return;
    if (node.role) roles.push(node.role);
    for (const child of node.children ?? []) walk(child);
  };
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
    walk((await page.getStructTree()) as StructNode);
  }
  const info = meta.info as { Title?: string; Language?: string };
  return { text: text.replace(/\s+/g, ' '), roles, info, pages: pdf.numPages };
}

const webPage = (d: DocumentViewData) => renderToStaticMarkup(createElement(DocumentView, { document: d }));

describe('the PDF of a VAT invoice', () => {
  it('carries the number, the customer, each line and the totals, the same totals as the web page', async () => {
    const d = await finalised('invoice', [
      line('HR advice line, spring term', 45000, 'S'),
      line('Educational psychology day', 50000, 'E'),
      line('Staff supplied to the council', 12345 * 2, 'O'),
    ]);
    const pdf = await readPdf(await renderDocumentPdf(d));
    expect(pdf.info.Title).toBe('VAT invoice TST-INV000001');
    expect(pdf.info.Language).toBe('en-GB');
    for (const words of [
      'TST-INV000001',
      'alpha primary school',
      '2 School Lane',
      'alpha education services',
      'GB000000000',
      'PO-4471',
      'HR advice line, spring term',
      'Educational psychology day',
      'Staff supplied to the council',
      'Tax point',
      '2 March 2026',
      '1 April 2026',
      '00-00-01',
      '00000001',
      'Quote TST-INV000001 as the reference',
    ])
      expect(pdf.text).toContain(words);

    // 450.00 standard (VAT 90.00), 500.00 exempt, 246.90 outside the scope: total 1,286.90.
    expect(d.totals).toMatchObject({ netPence: 119690, vatPence: 9000, totalPence: 128690 });
    const html = webPage(d);
    expect(html).toContain(`data-total-pence="${d.totals.totalPence}"`);
    for (const t of d.totals.byRate) {
      expect(pdf.text).toContain(formatPence(t.netPence));
      expect(html).toContain(formatPence(t.netPence));
    }
    for (const amount of [
      formatPence(d.totals.netPence),
      formatPence(d.totals.vatPence),
      formatPence(d.totals.totalPence),
    ]) {
      expect(pdf.text).toContain(amount);
      expect(html).toContain(amount);
    }
    expect(pdf.text).toContain('Total due £1,286.90');
    expect(pdf.text).toContain('S: Standard rate (20%) £450.00 £90.00');
    expect(pdf.text).toContain('E: Exempt £500.00 £0.00');
    expect(pdf.text).toContain('O: Outside the scope of VAT £246.90 £0.00');
  });

  it('is tagged: headings, and tables with header and data cells', async () => {
    const d = await finalised('invoice', [line('HR advice', 10000, 'S')]);
    const pdf = await readPdf(await renderDocumentPdf(d));
    expect(pdf.roles).toContain('Document');
    expect(pdf.roles).toContain('H1');
    expect(pdf.roles).toContain('H2');
    expect(pdf.roles.filter((r) => r === 'Table').length).toBeGreaterThanOrEqual(3);
    expect(pdf.roles).toContain('TR');
    expect(pdf.roles).toContain('TH');
    expect(pdf.roles).toContain('TD');
  });

  it('embeds its fonts and declares PDF/UA', async () => {
    const d = await finalised('invoice', [line('HR advice', 10000, 'S')]);
    const raw = (await renderDocumentPdf(d)).toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
    expect(raw).toContain('pdfuaid:part');
    expect(raw).toMatch(/\/DisplayDocTitle true/);
  });

  it('runs onto more pages when there are many lines, keeping every line', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => line(`Visit ${i + 1} to the school`, 1000, 'S'));
    const d = await finalised('invoice', lines);
    const pdf = await readPdf(await renderDocumentPdf(d));
    expect(pdf.pages).toBeGreaterThan(1);
    for (const n of [1, 30, 60]) expect(pdf.text).toContain(`Visit ${n} to the school`);
    expect(pdf.text).toContain(formatPence(d.totals.totalPence));
  });
});

describe('the PDF of an internal recharge', () => {
  it('says it is outside the scope of VAT, shows cost centre and income code, and no VAT number', async () => {
    const d = await finalised('recharge', [
      line('Clerking to governors', 30000, 'O', { costCentre: 'CC-4410', subjectiveCode: 'I-9100' }),
    ]);
    const pdf = await readPdf(await renderDocumentPdf(d));
    expect(pdf.info.Title).toBe('Internal recharge TST-RCH000001');
    expect(pdf.text).toContain('Internal recharge — outside the scope of VAT');
    expect(pdf.text).toContain('CC-4410');
    expect(pdf.text).toContain('I-9100');
    expect(pdf.text).not.toContain('GB000000000');
    expect(pdf.text).not.toContain('VAT amount');
    expect(webPage(d)).toContain('Internal recharge — outside the scope of VAT');
  });
});

describe('a void document', () => {
  it('says VOID on the page and in the PDF, keeping its number', async () => {
    const d = await finalised('invoice', [line('HR advice', 10000, 'S')]);
    await voidDocument(ctx, d.id, 'Raised against the wrong school');
    const voided = await documentForProvider(ctx, d.id);
    const pdf = await readPdf(await renderDocumentPdf(voided));
    expect(pdf.text).toContain('VOID');
    expect(pdf.text).toContain('TST-INV000001');
    expect(pdf.text).toContain('Raised against the wrong school');
    expect(webPage(voided)).toContain('VOID');
  });
});
