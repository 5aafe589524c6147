import { findDocument } from '../../db/queries/billing-documents';
import { findTenantBySlug } from '../../db/queries/tenancy';
import type { Tenant } from '../../db/schema';
import { withBuyer, withTenant, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext, type TenantContext } from '../auth/guards.server';
import { loadDocumentView } from '../billing/document-detail.server';
import { buildUbl, einvoiceFileName, isVatDocument } from './ubl';

const refusal = (message: string) =>
  new Response(message, {
    status: 404,
    statusText: 'Not Found',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });

/**
 * The UBL of a final VAT invoice or credit note, or a refusal: a draft or void document is no
 * e-invoice, and a recharge moves money inside one council, so it is not a VAT invoice at all.
 */
async function einvoiceOf(tx: Scoped, tenant: Tenant, documentId: string, buyer: boolean): Promise<Response> {
  const view = await loadDocumentView(tx, tenant, documentId);
  if (!view || (buyer && view.status === 'draft')) throw notFound();
  if (!isVatDocument(view))
    return refusal('A recharge is not a VAT invoice, so it has no e-invoice: download the PDF instead.');
  if (view.status !== 'final')
    return refusal(
      view.status === 'draft'
        ? 'A draft has no e-invoice: finalise it first.'
        : 'This document is void, so it has no e-invoice.',
    );
  let credited = null;
  if (view.credits) {
    const invoice = await findDocument(tx, tenant.id, view.credits.id);
    if (invoice?.kind === 'recharge')
      return refusal('This credit note takes back a recharge, which is not a VAT invoice, so it has no e-invoice.');
    if (invoice?.number) credited = { number: invoice.number, issuedOn: invoice.issued_on };
  }
  return new Response(buildUbl(view, credited), {
    headers: {
      'content-type': 'application/xml; charset=utf-8',
      'content-disposition': `attachment; filename="${einvoiceFileName(view)}"`,
      'cache-control': 'private, no-store',
    },
  });
}

export async function providerEInvoice(ctx: TenantContext, documentId: string): Promise<Response> {
  return withTenant(ctx, (tx) => einvoiceOf(tx, ctx.tenant, documentId, false));
}

/** Only a document sent to the buyer's organisation (row-level security hides any other: 404). */
export async function buyerEInvoice(ctx: BuyerContext, slug: string, documentId: string): Promise<Response> {
  return withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    if (!tenant) throw notFound();
    return einvoiceOf(tx, tenant, documentId, true);
  });
}
