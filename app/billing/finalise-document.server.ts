import { insertAuditEvent } from '../../db/queries/audit';
import { publishFinalisedToStripe } from '../payments/publish-to-stripe.server';
import {
  findDocumentCustomer,
  listDocumentLines,
  lockDocument,
  markDocumentFinal,
  takeDocumentNumber,
} from '../../db/queries/billing-documents';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { addDays } from '../calendar/days';
import { DomainError } from '../errors';
import { formatPence } from '../money';
import { DOCUMENT_KINDS } from '../vocabulary';
import { asDomainRefusal } from './database-refusal';
import { customerParty, supplierParty, tenantRemittance } from './document-detail.server';
import { totalsByRate } from './vat';

export const NO_VAT_NUMBER_MESSAGE = 'Add your VAT registration number in Settings before finalising VAT invoices';

export interface Finalised {
  documentId: string;
  number: string;
  totalPence: number;
}

/**
 * Finalises one draft inside the caller's transaction: its number is taken from the tenant's
 * series here, so a finalisation that rolls back gives the number back. The tax point is the date
 * of issue: the document is issued when the supply is billed, so that is the time of supply.
 */
export async function finaliseInScope(tx: Scoped, ctx: TenantContext, documentId: string): Promise<Finalised> {
  const doc = await lockDocument(tx, ctx.tenantId, documentId);
  if (!doc) throw notFound();
  const kind = doc.kind === 'invoice' ? 'VAT invoice' : DOCUMENT_KINDS[doc.kind].singular.toLowerCase();
  if (doc.status !== 'draft')
    throw new DomainError(
      'document.not_draft',
      `This ${kind} is already ${doc.status === 'void' ? 'void' : `final as ${doc.number}`}`,
      undefined,
      409,
    );
  const lines = await listDocumentLines(tx, ctx.tenantId, documentId);
  if (lines.length === 0)
    throw new DomainError('document.no_lines', `This draft has no lines: add a line or discard the draft`);
  const totals = totalsByRate(
    lines.map((l) => ({ netPence: l.net_pence, vatCode: l.vat_code, vatPence: l.vat_pence })),
  );
  if (totals.totalPence < 0)
    throw new DomainError(
      'document.negative_total',
      `This draft comes to ${formatPence(totals.totalPence)}: a document cannot be finalised for less than nothing. Remove lines or raise a credit note instead`,
    );
  const tenant = await findTenantBySlug(tx, ctx.tenant.slug);
  if (!tenant) throw notFound();
  if (doc.kind === 'invoice' && !tenant.vat_number)
    throw new DomainError('document.no_vat_number', NO_VAT_NUMBER_MESSAGE);
  const customer = await findDocumentCustomer(tx, ctx.tenantId, doc.organisation_id);
  if (!customer) throw new DomainError('document.no_customer', 'This customer no longer has an account');
  const to = customerParty(customer);
  const from = supplierParty(tenant);
  const issuedOn = londonToday();
  const number = await takeDocumentNumber(tx, ctx.tenantId, doc.kind);
  const costCentres = [...new Set(lines.map((l) => l.cost_centre).filter(Boolean))];
  await markDocumentFinal(tx, ctx.tenantId, documentId, {
    number,
    issuedOn,
    taxPoint: issuedOn,
    dueOn: addDays(issuedOn, tenant.payment_terms_days),
    customerName: to.name,
    customerAddress: to.address.join('\n'),
    accountCode: to.accountCode,
    costCentre: costCentres.length === 1 ? costCentres[0]! : null,
    billingContactName: to.contactName,
    billingContactEmail: to.contactEmail,
    supplierName: from.name,
    supplierAddress: from.address.join('\n'),
    supplierVatNumber: doc.kind === 'recharge' ? null : tenant.vat_number,
    remittance: tenantRemittance(tenant),
    netPence: totals.netPence,
    vatPence: totals.vatPence,
    totalPence: totals.totalPence,
    finalisedBy: ctx.userId,
  });
  await insertAuditEvent(tx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.userId,
    action: 'document.finalised',
    subjectType: 'billing_document',
    subjectId: documentId,
    detail: { number, kind: doc.kind, customer: to.name, totalPence: totals.totalPence },
  });
  return { documentId, number, totalPence: totals.totalPence };
}

/** Finalises one draft in its own transaction. */
export async function finaliseDocument(ctx: TenantContext, documentId: string): Promise<Finalised> {
  let finalised: Finalised;
  try {
    finalised = await withTenant(ctx, (tx) => finaliseInScope(tx, ctx, documentId));
  } catch (error) {
    // A credit note for more than is left of its invoice, say: the database says so.
    throw asDomainRefusal(error, 'document.finalise_refused');
  }
  // After the commit: a provider with Stripe on gets the invoice there (never throws).
  await publishFinalisedToStripe(ctx.tenantId, [finalised.documentId]);
  return finalised;
}
