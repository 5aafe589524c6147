import { insertAuditEvent } from '../../db/queries/audit';
import {
  findOwedOnDocument,
  findStripeInvoiceByStripeId,
  insertStripeAllocation,
  insertStripePayment,
  lockCustomerPayments,
  recordStripeEvent,
  saveStripeInvoice,
  updateStripeInvoiceStatus,
} from '../../db/queries/stripe';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withPerson, withTenant, type Scoped } from '../../db/scope.server';
import { londonToday } from '../calendar/contract-year';
import { verifyWebhook, type Stripe } from './stripe-client.server';
import { findTenantStripeKeys } from './stripe-settings.server';

export interface WebhookAnswer {
  status: number;
  message: string;
}

/** What each invoice event says about the Stripe invoice, in the status we keep. */
const INVOICE_STATUS: Record<string, string> = {
  'invoice.finalized': 'open',
  'invoice.paid': 'paid',
  'invoice.payment_failed': 'payment_failed',
  'invoice.voided': 'void',
  'invoice.marked_uncollectible': 'uncollectible',
};

/**
 * One delivery of a Stripe webhook to a tenant's address. Only a body signed with that tenant's
 * signing secret is read. The event's id is written in the same transaction as what it changes,
 * so a delivery Stripe repeats (or an attacker replays) changes nothing the second time.
 */
export async function receiveStripeWebhook(
  slug: string,
  rawBody: string,
  signature: string | null,
): Promise<WebhookAnswer> {
  const tenant = await withPerson(null, (tx) => findTenantBySlug(tx, slug));
  if (!tenant) return { status: 404, message: 'Not found' };
  return withTenant({ tenantId: tenant.id, userId: null }, async (tx) => {
    const keys = await findTenantStripeKeys(tx, tenant.id);
    if (!keys) return { status: 404, message: 'Not found' };
    let event: Stripe.Event;
    try {
      event = verifyWebhook(rawBody, signature ?? '', keys.webhookSecret);
    } catch {
      return { status: 400, message: 'The signature does not match this address’s signing secret' };
    }
    if (!(await recordStripeEvent(tx, tenant.id, event.id, event.type)))
      return { status: 200, message: 'Already received' };
    const status = INVOICE_STATUS[event.type];
    if (status) await applyInvoiceEvent(tx, tenant.id, event, status);
    return { status: 200, message: 'Received' };
  });
}

async function applyInvoiceEvent(tx: Scoped, tenantId: string, event: Stripe.Event, status: string) {
  const invoice = event.data.object as Stripe.Invoice;
  if (!invoice.id) return;
  const hostedInvoiceUrl = invoice.hosted_invoice_url ?? null;
  const known = await findStripeInvoiceByStripeId(tx, tenantId, invoice.id);
  let documentId = known?.document_id ?? null;
  if (known) await updateStripeInvoiceStatus(tx, tenantId, invoice.id, { status, hostedInvoiceUrl });
  else {
    documentId = await documentNamedBy(tx, tenantId, invoice);
    // An invoice made in Stripe by hand, not one of ours: nothing of ours changes.
    if (!documentId) return;
    // The event beat the publish to our database: record it now; the publish brings it up to date.
    const customer = typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? '');
    await saveStripeInvoice(tx, tenantId, {
      documentId,
      stripeCustomerId: customer,
      stripeInvoiceId: invoice.id,
      hostedInvoiceUrl,
      stripeStatus: status,
    });
  }
  if (event.type === 'invoice.paid') await recordPayment(tx, tenantId, documentId!, invoice, event.created);
}

/** The document of this tenant that the invoice's metadata names, if there is one. */
async function documentNamedBy(tx: Scoped, tenantId: string, invoice: Stripe.Invoice): Promise<string | null> {
  const named = invoice.metadata?.traded_document_id;
  if (invoice.metadata?.traded_tenant_id !== tenantId || !named || !/^[0-9a-f-]{36}$/.test(named)) return null;
  return (await findOwedOnDocument(tx, tenantId, named)) ? named : null;
}

/**
 * The money Stripe collected becomes a payment from the customer, allocated to the invoice up to
 * what is still owed on it; anything more (it was part-paid another way meanwhile) is left as the
 * customer's credit rather than refused, because the money has arrived either way.
 */
async function recordPayment(
  tx: Scoped,
  tenantId: string,
  documentId: string,
  invoice: Stripe.Invoice,
  eventCreated: number,
) {
  const amount = invoice.amount_paid;
  if (!Number.isSafeInteger(amount) || amount <= 0 || invoice.currency !== 'gbp') return;
  const document = await findOwedOnDocument(tx, tenantId, documentId);
  if (!document) return;
  await lockCustomerPayments(tx, tenantId, document.organisation_id);
  const paidAt = invoice.status_transitions?.paid_at ?? eventCreated;
  const paymentId = await insertStripePayment(tx, tenantId, {
    organisationId: document.organisation_id,
    receivedOn: londonToday(new Date(paidAt * 1000)),
    amountPence: amount,
    externalId: invoice.id!,
    reference: `Stripe ${invoice.number ?? invoice.id}`.slice(0, 100),
  });
  if (!paymentId) return;
  const owed = (await findOwedOnDocument(tx, tenantId, documentId))!;
  const allocated = owed.status === 'final' && owed.kind !== 'credit_note' ? Math.min(owed.owed, amount) : 0;
  if (allocated > 0) await insertStripeAllocation(tx, tenantId, { paymentId, documentId, amountPence: allocated });
  await insertAuditEvent(tx, {
    tenantId,
    actorUserId: null,
    action: 'payment.received_by_stripe',
    subjectType: 'billing_document',
    subjectId: documentId,
    detail: { amountPence: amount, allocatedPence: allocated, stripeInvoiceId: invoice.id },
  });
}
