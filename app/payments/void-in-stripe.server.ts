import { findDocumentForStripe, findStripeInvoice, saveStripeInvoice } from '../../db/queries/stripe';
import { withTenant } from '../../db/scope.server';
import { stripeGateway } from './stripe-client.server';
import { findTenantStripeKeys } from './stripe-settings.server';

export type VoidInStripeOutcome = 'voided' | 'nothing_to_void' | 'failed';

/** Stripe statuses in which the customer could still pay the invoice there. */
const PAYABLE = ['open', 'payment_failed', 'uncollectible'];

/**
 * After one of our invoices is voided (and the void has committed), voids its Stripe invoice so
 * the customer can no longer pay it there. Never throws: if Stripe cannot be reached, the failure
 * is logged, and a payment that still arrives is recorded as the customer's credit, not set
 * against the void invoice.
 */
export async function voidInStripe(tenantId: string, documentId: string): Promise<VoidInStripeOutcome> {
  const ctx = { tenantId, userId: null };
  try {
    const found = await withTenant(ctx, async (tx) => {
      const keys = await findTenantStripeKeys(tx, tenantId);
      const document = await findDocumentForStripe(tx, tenantId, documentId);
      const recorded = await findStripeInvoice(tx, tenantId, documentId);
      return keys && document?.status === 'void' && recorded && PAYABLE.includes(recorded.stripe_status)
        ? { keys, recorded }
        : null;
    });
    if (!found) return 'nothing_to_void';
    const { keys, recorded } = found;
    const voided = await stripeGateway(keys.secretKey).voidInvoice(recorded.stripe_invoice_id, `void-${documentId}`);
    await withTenant(ctx, (tx) =>
      saveStripeInvoice(tx, tenantId, {
        documentId,
        stripeCustomerId: recorded.stripe_customer_id,
        stripeInvoiceId: recorded.stripe_invoice_id,
        hostedInvoiceUrl: null,
        stripeStatus: voided.status ?? 'void',
      }),
    );
    return 'voided';
  } catch (error) {
    console.error(`The Stripe invoice of document ${documentId} of tenant ${tenantId} was not voided`, error);
    return 'failed';
  }
}
