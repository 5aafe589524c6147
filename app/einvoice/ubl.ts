import type { VatCode } from '../../db/schema';
import type { DocumentViewData, DocumentViewLine } from '../billing/DocumentView';
import { penceToPoundsText } from '../money';

/** Peppol BIS Billing 3.0, the EN 16931 customisation public buyers in the UK accept. */
export const CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
const CURRENCY = 'GBP';

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/**
 * What EN 16931 asks a category without VAT to say (BR-E-10, BR-O-10). UK exemptions are not the EU
 * directive's articles, so an exempt supply gives its reason in words only; "not subject to VAT" has
 * its own code in the VATEX list.
 */
const EXEMPTION: Partial<Record<VatCode, { code: string | null; reason: string }>> = {
  E: { code: null, reason: 'Exempt from VAT' },
  O: { code: 'VATEX-EU-O', reason: 'Not subject to VAT' },
};

/** The invoice a credit note takes back, as the credit note cites it (BG-3). */
export interface CreditedInvoice {
  number: string;
  issuedOn: string | null;
}

type Node = string | null | undefined | false;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/** An element with its children in schema order; one left out (null) is simply not written. */
function el(name: string, ...children: Node[]): string {
  const inner = children.filter((c): c is string => typeof c === 'string' && c !== '').join('');
  return `<${name}>${inner}</${name}>`;
}

function text(name: string, value: string | null | undefined, attributes: Record<string, string> = {}): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return `<${name}${attrs}>${escapeXml(value)}</${name}>`;
}

const amount = (name: string, pence: number) => text(name, penceToPoundsText(pence), { currencyID: CURRENCY });

/** 150 hundredths → "1.5". */
function quantityText(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const rest = hundredths % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

const UK_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

/** Printed address lines as UBL's parts: street, further lines, town, postcode; always in the UK. */
function postalAddress(lines: readonly string[]): string {
  const rest = [...lines];
  const postcode = rest.length > 0 && UK_POSTCODE.test(rest[rest.length - 1]!) ? rest.pop()! : null;
  const street = rest.length > 0 ? rest.shift()! : null;
  const town = rest.length > 0 ? rest.pop()! : null;
  return el(
    'cac:PostalAddress',
    text('cbc:StreetName', street),
    text('cbc:AdditionalStreetName', rest.join(', ')),
    text('cbc:CityName', town),
    text('cbc:PostalZone', postcode),
    el('cac:Country', text('cbc:IdentificationCode', 'GB')),
  );
}

const vatScheme = () => el('cac:TaxScheme', text('cbc:ID', 'VAT'));

function percentOf(code: VatCode, basisPoints: number): string | null {
  // A category not subject to VAT states no rate (BR-O-05).
  return code === 'O' ? null : String(basisPoints / 100);
}

/** Whether the document is of the kind EN 16931 covers: VAT invoices and their credit notes. */
export function isVatDocument(d: Pick<DocumentViewData, 'kind'>): boolean {
  return d.kind === 'invoice' || d.kind === 'credit_note';
}

/** The file name a download is saved under: the document's number. */
export function einvoiceFileName(d: Pick<DocumentViewData, 'number' | 'id'>): string {
  return `${(d.number ?? d.id).replace(/[^A-Za-z0-9._-]/g, '_')}.xml`;
}

/**
 * A final VAT invoice or credit note as a Peppol BIS Billing 3.0 UBL document: every amount is the
 * frozen document's own, in pounds to two places.
 */
export function buildUbl(d: DocumentViewData, credited: CreditedInvoice | null): string {
  if (!isVatDocument(d)) throw new Error('Only VAT invoices and credit notes are e-invoices');
  if (!d.number || !d.issuedOn) throw new Error('Only a finalised document is an e-invoice');
  const creditNote = d.kind === 'credit_note';
  const root = creditNote ? 'CreditNote' : 'Invoice';
  const onlyOutsideScope = d.lines.length > 0 && d.lines.every((l) => l.vatCode === 'O');
  const buyerReference = d.poNumber ?? d.customer.accountCode ?? d.number;

  const supplier = el(
    'cac:AccountingSupplierParty',
    el(
      'cac:Party',
      text('cbc:EndpointID', d.supplier.vatNumber, { schemeID: '9932' }),
      el('cac:PartyName', text('cbc:Name', d.supplier.name)),
      postalAddress(d.supplier.address),
      // A seller whose supplies here are all outside the scope of VAT gives no VAT number (BR-O-02).
      !onlyOutsideScope && d.supplier.vatNumber
        ? el('cac:PartyTaxScheme', text('cbc:CompanyID', d.supplier.vatNumber), vatScheme())
        : null,
      el('cac:PartyLegalEntity', text('cbc:RegistrationName', d.supplier.name)),
    ),
  );
  const customer = el(
    'cac:AccountingCustomerParty',
    el(
      'cac:Party',
      text('cbc:EndpointID', d.customer.contactEmail, { schemeID: 'EM' }),
      d.customer.accountCode ? el('cac:PartyIdentification', text('cbc:ID', d.customer.accountCode)) : null,
      el('cac:PartyName', text('cbc:Name', d.customer.name)),
      postalAddress(d.customer.address),
      el('cac:PartyLegalEntity', text('cbc:RegistrationName', d.customer.name)),
      d.customer.contactName || d.customer.contactEmail
        ? el(
            'cac:Contact',
            text('cbc:Name', d.customer.contactName),
            text('cbc:ElectronicMail', d.customer.contactEmail),
          )
        : null,
    ),
  );
  const paymentMeans =
    !creditNote && d.remittance
      ? el(
          'cac:PaymentMeans',
          text('cbc:PaymentMeansCode', '30', { name: 'Credit transfer' }),
          text('cbc:PaymentID', d.number),
          el(
            'cac:PayeeFinancialAccount',
            text('cbc:ID', d.remittance.accountNumber),
            text('cbc:Name', d.supplier.name),
            el('cac:FinancialInstitutionBranch', text('cbc:ID', d.remittance.sortCode.replace(/-/g, ''))),
          ),
        )
      : null;
  const taxTotal = el(
    'cac:TaxTotal',
    amount('cbc:TaxAmount', d.totals.vatPence),
    ...d.totals.byRate.map((t) =>
      el(
        'cac:TaxSubtotal',
        amount('cbc:TaxableAmount', t.netPence),
        amount('cbc:TaxAmount', t.vatPence),
        el(
          'cac:TaxCategory',
          text('cbc:ID', t.vatCode),
          text('cbc:Percent', percentOf(t.vatCode, t.rateBasisPoints)),
          text('cbc:TaxExemptionReasonCode', EXEMPTION[t.vatCode]?.code),
          text('cbc:TaxExemptionReason', EXEMPTION[t.vatCode]?.reason),
          vatScheme(),
        ),
      ),
    ),
  );
  const monetaryTotal = el(
    'cac:LegalMonetaryTotal',
    amount('cbc:LineExtensionAmount', d.totals.netPence),
    amount('cbc:TaxExclusiveAmount', d.totals.netPence),
    amount('cbc:TaxInclusiveAmount', d.totals.totalPence),
    amount('cbc:PayableAmount', d.totals.totalPence),
  );
  const lines = d.lines.map((l) => documentLine(l, creditNote));

  const body = creditNote
    ? [
        text('cbc:CustomizationID', CUSTOMIZATION_ID),
        text('cbc:ProfileID', PROFILE_ID),
        text('cbc:ID', d.number),
        text('cbc:IssueDate', d.issuedOn),
        text('cbc:CreditNoteTypeCode', '381'),
        text('cbc:Note', d.reason),
        text('cbc:DocumentCurrencyCode', CURRENCY),
        text('cbc:BuyerReference', buyerReference),
        d.poNumber ? el('cac:OrderReference', text('cbc:ID', d.poNumber)) : null,
        credited
          ? el(
              'cac:BillingReference',
              el(
                'cac:InvoiceDocumentReference',
                text('cbc:ID', credited.number),
                text('cbc:IssueDate', credited.issuedOn),
              ),
            )
          : null,
        supplier,
        customer,
        taxTotal,
        monetaryTotal,
        ...lines,
      ]
    : [
        text('cbc:CustomizationID', CUSTOMIZATION_ID),
        text('cbc:ProfileID', PROFILE_ID),
        text('cbc:ID', d.number),
        text('cbc:IssueDate', d.issuedOn),
        text('cbc:DueDate', d.dueOn),
        text('cbc:InvoiceTypeCode', '380'),
        text('cbc:Note', d.reason),
        text('cbc:TaxPointDate', d.taxPoint),
        text('cbc:DocumentCurrencyCode', CURRENCY),
        text('cbc:BuyerReference', buyerReference),
        d.poNumber ? el('cac:OrderReference', text('cbc:ID', d.poNumber)) : null,
        supplier,
        customer,
        paymentMeans,
        d.dueOn ? el('cac:PaymentTerms', text('cbc:Note', `Payment due by ${d.dueOn}`)) : null,
        taxTotal,
        monetaryTotal,
        ...lines,
      ];
  const namespaces = `xmlns="${creditNote ? NS.creditNote : NS.invoice}" xmlns:cac="${NS.cac}" xmlns:cbc="${NS.cbc}"`;
  const inner = body.filter((c): c is string => Boolean(c)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${namespaces}>${inner}</${root}>\n`;
}

function documentLine(l: DocumentViewLine, creditNote: boolean): string {
  const period =
    l.periodStart && l.periodEnd
      ? el('cac:InvoicePeriod', text('cbc:StartDate', l.periodStart), text('cbc:EndDate', l.periodEnd))
      : l.deliveredOn
        ? el('cac:InvoicePeriod', text('cbc:StartDate', l.deliveredOn), text('cbc:EndDate', l.deliveredOn))
        : null;
  return el(
    creditNote ? 'cac:CreditNoteLine' : 'cac:InvoiceLine',
    text('cbc:ID', String(l.lineNumber)),
    // A price is never negative (BR-27): a line that takes money off has a negative quantity instead.
    text(
      creditNote ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity',
      `${l.unitPricePence < 0 ? '-' : ''}${quantityText(l.quantityHundredths)}`,
      { unitCode: 'C62' },
    ),
    amount('cbc:LineExtensionAmount', l.netPence),
    text('cbc:AccountingCost', l.costCentre),
    period,
    l.orderReference
      ? el('cac:OrderLineReference', text('cbc:LineID', String(l.orderLineNumber ?? l.lineNumber)))
      : null,
    el(
      'cac:Item',
      text('cbc:Name', l.description.slice(0, 200)),
      el(
        'cac:ClassifiedTaxCategory',
        text('cbc:ID', l.vatCode),
        text('cbc:Percent', percentOf(l.vatCode, l.vatRateBasisPoints)),
        vatScheme(),
      ),
    ),
    el('cac:Price', amount('cbc:PriceAmount', Math.abs(l.unitPricePence))),
  );
}
