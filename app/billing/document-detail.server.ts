import { hostedPaymentUrl } from '../payments/publish-to-stripe.server';
import {
  documentSettlements,
  findDocument,
  findDocumentCustomer,
  listDocumentLines,
} from '../../db/queries/billing-documents';
import { findTenantBySlug } from '../../db/queries/tenancy';
import type { Remittance, Tenant } from '../../db/schema';
import { withBuyer, withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext, type TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { balancePence, documentState } from './document-state';
import type { DocumentParty, DocumentViewData } from './DocumentView';
import { totalsByRate } from './vat';

type Customer = NonNullable<Awaited<ReturnType<typeof findDocumentCustomer>>>;

/** The customer as printed: the account's billing address, else the school's own address. */
export function customerParty(c: Customer): DocumentParty & {
  accountCode: string | null;
  contactName: string | null;
  contactEmail: string | null;
} {
  const billing = [c.billing_address_line1, c.billing_address_line2, c.billing_town, c.billing_postcode];
  const school = [c.school_street, c.school_town, c.school_postcode];
  const address = (c.billing_address_line1 ? billing : school).filter((l): l is string => Boolean(l?.trim()));
  return {
    name: c.name,
    address,
    accountCode: c.account_code,
    contactName: c.billing_contact_name,
    contactEmail: c.billing_contact_email,
  };
}

export function supplierParty(t: Tenant): DocumentParty & { vatNumber: string | null } {
  return {
    name: t.name,
    address: [...t.address.split('\n'), t.postcode].map((l) => l.trim()).filter(Boolean),
    vatNumber: t.vat_number,
  };
}

/** Where payment goes, when the provider has given all three. */
export function tenantRemittance(t: Tenant): Remittance | null {
  if (!t.bank_name || !t.bank_sort_code || !t.bank_account_number) return null;
  return { bankName: t.bank_name, sortCode: t.bank_sort_code, accountNumber: t.bank_account_number };
}

const lines = (text: string | null) => (text ?? '').split('\n').filter(Boolean);

/**
 * A document as it prints. A final or void one prints what was frozen when it was finalised; a
 * draft shows who it would be to and from if it were finalised now.
 */
export async function loadDocumentView(
  tx: Scoped,
  tenant: Tenant,
  documentId: string,
  today = londonToday(),
): Promise<DocumentViewData | null> {
  const doc = await findDocument(tx, tenant.id, documentId);
  if (!doc) return null;
  const rows = await listDocumentLines(tx, tenant.id, documentId);
  const settled = (await documentSettlements(tx, tenant.id, [doc.id])).get(doc.id)!;
  const credits = doc.credits_document_id ? await findDocument(tx, tenant.id, doc.credits_document_id) : undefined;
  const live = doc.status === 'draft' ? await findDocumentCustomer(tx, tenant.id, doc.organisation_id) : undefined;
  const viewLines = rows.map((l) => ({
    id: l.id,
    lineNumber: l.line_number,
    chargeKind: l.charge_kind,
    description: l.description,
    orderLineId: l.order_line_id,
    orderReference: l.order_reference,
    orderLineNumber: l.order_line_number,
    periodStart: l.period_start,
    periodEnd: l.period_end,
    deliveredOn: l.delivered_on,
    quantityHundredths: l.quantity_hundredths,
    unitPricePence: l.unit_price_pence,
    netPence: l.net_pence,
    vatCode: l.vat_code,
    vatRateBasisPoints: l.vat_rate_basis_points,
    vatPence: l.vat_pence,
    poNumber: l.po_number,
    costCentre: l.cost_centre,
    subjectiveCode: l.subjective_code,
    reason: l.reason,
  }));
  const totals = totalsByRate(viewLines);
  const facts = {
    kind: doc.kind,
    status: doc.status,
    sentAt: doc.sent_at,
    dueOn: doc.due_on,
    totalPence: doc.total_pence ?? totals.totalPence,
    ...settled,
  };
  const distinct = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => Boolean(v)))];
  return {
    id: doc.id,
    tenantId: doc.tenant_id,
    kind: doc.kind,
    status: doc.status,
    number: doc.number,
    state: documentState(facts, today),
    allocatedPence: settled.allocatedPence,
    creditedPence: settled.creditedPence,
    balancePence: balancePence(facts),
    issuedOn: doc.issued_on,
    taxPoint: doc.tax_point,
    dueOn: doc.due_on,
    poNumber: doc.po_number,
    reason: doc.reason,
    runId: doc.run_id,
    organisationId: doc.organisation_id,
    customer: live
      ? customerParty(live)
      : {
          name: doc.customer_name ?? '',
          address: lines(doc.customer_address),
          accountCode: doc.account_code,
          contactName: doc.billing_contact_name,
          contactEmail: doc.billing_contact_email,
        },
    supplier:
      doc.status === 'draft'
        ? supplierParty(tenant)
        : {
            name: doc.supplier_name ?? tenant.name,
            address: lines(doc.supplier_address),
            vatNumber: doc.supplier_vat_number,
          },
    remittance: doc.status === 'draft' ? tenantRemittance(tenant) : doc.remittance,
    costCentres: distinct([doc.cost_centre, ...viewLines.map((l) => l.costCentre)]),
    subjectiveCodes: distinct(viewLines.map((l) => l.subjectiveCode)),
    credits: credits ? { id: credits.id, number: credits.number } : null,
    lines: viewLines,
    totals:
      doc.total_pence === null
        ? totals
        : {
            byRate: totals.byRate,
            netPence: doc.net_pence ?? 0,
            vatPence: doc.vat_pence ?? 0,
            totalPence: doc.total_pence,
          },
    sentAt: doc.sent_at ? doc.sent_at.toISOString() : null,
    sentTo: doc.sent_to,
    voidedAt: doc.voided_at ? doc.voided_at.toISOString() : null,
    voidReason: doc.void_reason,
    payUrl: doc.status === 'final' ? await hostedPaymentUrl(tx, tenant.id, doc.id) : null,
  };
}

/** A provider's document, or 404 (another tenant's document is not there). */
export async function documentForProvider(ctx: TenantContext, documentId: string): Promise<DocumentViewData> {
  const view = await withTenant(ctx, (tx) => loadDocumentView(tx, ctx.tenant, documentId));
  if (!view) throw notFound();
  return view;
}

/** A document sent to the buyer's organisation (or, for a trust, one of its schools), or 404. */
export async function documentForBuyer(
  ctx: BuyerContext,
  slug: string,
  documentId: string,
): Promise<{ document: DocumentViewData; providerName: string; providerSlug: string }> {
  return withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    const view = tenant ? await loadDocumentView(tx, tenant, documentId) : null;
    if (!tenant || !view || view.status === 'draft') throw notFound();
    return { document: view, providerName: tenant.name, providerSlug: tenant.slug };
  });
}

/**
 * The customer account a document is to: where it would be emailed now (the billing contact, if
 * any), and the account, for recording its payment.
 */
export async function documentAccount(
  ctx: TenantContext,
  organisationId: string,
): Promise<{ accountId: string | null; billingContact: string | null }> {
  const account = await withTenant(ctx, (tx) => findDocumentCustomer(tx, ctx.tenantId, organisationId));
  return { accountId: account?.account_id ?? null, billingContact: account?.billing_contact_email ?? null };
}
