import { describe, expect, it } from 'vitest';
import type { DocumentViewData, DocumentViewLine } from '../billing/DocumentView';
import { totalsByRate } from '../billing/vat';
import { buildUbl, einvoiceFileName, escapeXml } from './ubl';

function line(n: number, netPence: number, vatCode: DocumentViewLine['vatCode'], vatPence = 0): DocumentViewLine {
  return {
    id: `l${n}`,
    lineNumber: n,
    chargeKind: 'manual',
    description: `Line ${n}`,
    orderLineId: null,
    orderReference: null,
    orderLineNumber: null,
    periodStart: null,
    periodEnd: null,
    deliveredOn: null,
    quantityHundredths: 100,
    unitPricePence: netPence,
    netPence,
    vatCode,
    vatRateBasisPoints: vatCode === 'S' ? 2000 : 0,
    vatPence,
    poNumber: null,
    costCentre: null,
    subjectiveCode: null,
    reason: 'Agreed',
  };
}

function invoice(lines: DocumentViewLine[], over: Partial<DocumentViewData> = {}): DocumentViewData {
  return {
    id: 'd1',
    tenantId: 't1',
    kind: 'invoice',
    status: 'final',
    number: 'SCC-INV000042',
    state: 'sent',
    allocatedPence: 0,
    creditedPence: 0,
    balancePence: 0,
    issuedOn: '2026-03-02',
    taxPoint: '2026-03-02',
    dueOn: '2026-04-01',
    poNumber: null,
    reason: null,
    runId: null,
    organisationId: 'o1',
    customer: {
      name: 'Isle of Wight Council',
      address: ['County Hall', 'High Street', 'Newport', 'PO30 1UD'],
      accountCode: 'IOW01',
      contactName: null,
      contactEmail: 'accounts.payable@isle-of-wight.example',
    },
    supplier: { name: 'Southampton City Council', address: ['Civic Centre', 'SO14 7LY'], vatNumber: 'GB111111111' },
    remittance: null,
    costCentres: [],
    subjectiveCodes: [],
    credits: null,
    lines,
    totals: totalsByRate(lines),
    sentAt: null,
    sentTo: null,
    voidedAt: null,
    voidReason: null,
    ...over,
  } as DocumentViewData;
}

describe('buildUbl', () => {
  it('writes a line that takes money off with a negative quantity and a price that is never negative', () => {
    const xml = buildUbl(invoice([line(1, 10000, 'S', 2000), line(2, -2500, 'S', -500)]), null);
    expect(xml).toContain(
      '<cbc:InvoicedQuantity unitCode="C62">-1</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="GBP">-25.00</cbc:LineExtensionAmount>',
    );
    expect(xml).toContain('<cbc:PriceAmount currencyID="GBP">25.00</cbc:PriceAmount>');
    expect(xml).toContain('<cbc:TaxInclusiveAmount currencyID="GBP">90.00</cbc:TaxInclusiveAmount>');
  });

  it('gives the buyer reference Peppol requires from the PO, else the customer account', () => {
    expect(buildUbl(invoice([line(1, 100, 'Z')], { poNumber: 'PO 9' }), null)).toContain(
      '<cbc:BuyerReference>PO 9</cbc:BuyerReference><cac:OrderReference><cbc:ID>PO 9</cbc:ID></cac:OrderReference>',
    );
    expect(buildUbl(invoice([line(1, 100, 'Z')]), null)).toContain('<cbc:BuyerReference>IOW01</cbc:BuyerReference>');
  });

  it('splits a printed address into street, further lines, town and postcode', () => {
    expect(buildUbl(invoice([line(1, 100, 'Z')]), null)).toContain(
      '<cac:PostalAddress><cbc:StreetName>County Hall</cbc:StreetName><cbc:AdditionalStreetName>High Street</cbc:AdditionalStreetName><cbc:CityName>Newport</cbc:CityName><cbc:PostalZone>PO30 1UD</cbc:PostalZone><cac:Country><cbc:IdentificationCode>GB</cbc:IdentificationCode></cac:Country></cac:PostalAddress>',
    );
  });

  it('refuses a recharge and a draft', () => {
    expect(() => buildUbl(invoice([line(1, 100, 'O')], { kind: 'recharge' }), null)).toThrow(/VAT invoices/);
    expect(() => buildUbl(invoice([line(1, 100, 'S', 20)], { number: null, status: 'draft' }), null)).toThrow(
      /finalised/,
    );
  });

  it('escapes text and names the file after the number', () => {
    expect(escapeXml(`A & B <c> "d" 'e'\u0001`)).toBe('A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;');
    expect(einvoiceFileName({ id: 'x', number: 'SCC/INV 1' })).toBe('SCC_INV_1.xml');
  });
});
