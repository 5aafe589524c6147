import {
  findDocumentForStripe,
  findHostedInvoiceUrl,
  findStripeCustomer,
  findStripeInvoice,
  listInvoicesNotInStripe,
  rememberStripeCustomer,
  saveStripeInvoice,
} from '../../db/queries/stripe';
import { withTenant, type Scoped } from '../../db/scope.server';
import { formatPence } from '../money';
import { stripeGateway, type Stripe } from './stripe-client.server';
import { findTenantStripeKeys } from './stripe-settings.server';

export type PublishOutcome =
  | { published: true; stripeInvoiceId: string; hostedInvoiceUrl: string | null }
  | { published: false; reason: 'stripe_off' | 'not_found' | 'not_a_final_invoice' };

const DEFAULT_TERMS_DAYS = 30;

/** From our own frozen dates, so a retry days later asks Stripe for exactly the same invoice. */
function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
}

function vatWords(line: { net_pence: number; vat_pence: number; vat_code: string; vat_rate_basis_points: number }) {
  if (line.vat_code !== 'S') return `${formatPence(line.net_pence)}, no VAT`;
  return `${formatPence(line.net_pence)} + VAT ${formatPence(line.vat_pence)} at ${line.vat_rate_basis_points / 100}%`;
}

/**
 * Puts a final VAT invoice of a tenant that uses Stripe into Stripe, for the customer to pay by
 * card or Direct Debit: one Stripe invoice item per line, at the line's amount with VAT (our
 * invoice stays the VAT invoice; Stripe's is the request to pay it). Call it after the finalising
 * transaction commits. Every call to Stripe has an idempotency key from our ids, so calling this
 * again (or the SDK retrying a timeout) never makes a second customer, item or invoice; a publish
 * that stopped part-way resumes from the Stripe invoice it recorded.
 */
export async function publishToStripe(tenantId: string, documentId: string): Promise<PublishOutcome> {
  const ctx = { tenantId, userId: null };
  const found = await withTenant(ctx, async (tx) => {
    const keys = await findTenantStripeKeys(tx, tenantId);
    if (!keys) return { skip: 'stripe_off' as const };
    const document = await findDocumentForStripe(tx, tenantId, documentId);
    if (!document) return { skip: 'not_found' as const };
    if (document.kind !== 'invoice' || document.status !== 'final') return { skip: 'not_a_final_invoice' as const };
    return {
      keys,
      document,
      recorded: await findStripeInvoice(tx, tenantId, documentId),
      customerId: await findStripeCustomer(tx, tenantId, document.organisation_id),
    };
  });
  if ('skip' in found) return { published: false, reason: found.skip! };
  const { keys, document, recorded } = found;
  if (recorded && recorded.stripe_status !== 'draft')
    return {
      published: true,
      stripeInvoiceId: recorded.stripe_invoice_id,
      hostedInvoiceUrl: recorded.hosted_invoice_url,
    };

  const gross = document.lines.map((l) => l.net_pence + l.vat_pence);
  if (gross.reduce((s, p) => s + p, 0) !== document.total_pence)
    throw new Error(`Invoice ${document.number}: its lines do not add up to its total, so it was not sent to Stripe`);

  const stripe = stripeGateway(keys.secretKey);
  let customerId = recorded?.stripe_customer_id ?? found.customerId;
  if (!customerId) {
    // Made outside any transaction: nothing waits on the database while Stripe answers.
    const made = await createCustomer(stripe, tenantId, document);
    customerId = await withTenant(ctx, (tx) => rememberStripeCustomer(tx, tenantId, document.organisation_id, made));
  }

  const invoiceId =
    recorded?.stripe_invoice_id ??
    (
      await stripe.createInvoice(
        {
          customer: customerId,
          currency: 'gbp',
          collection_method: 'send_invoice',
          days_until_due:
            document.issued_on && document.due_on
              ? daysBetween(document.issued_on, document.due_on)
              : DEFAULT_TERMS_DAYS,
          auto_advance: false,
          pending_invoice_items_behavior: 'exclude',
          description: `Payment for ${document.supplier_name} invoice ${document.number}. The VAT invoice is ${document.number}.`,
          custom_fields: [
            { name: 'Invoice number', value: document.number! },
            ...(document.po_number ? [{ name: 'PO number', value: document.po_number }] : []),
          ],
          metadata: {
            traded_tenant_id: tenantId,
            traded_document_id: document.id,
            traded_document_number: document.number!,
          },
          payment_settings: { payment_method_types: ['card', 'bacs_debit'] },
        },
        `invoice-${document.id}`,
      )
    ).id;
  // Recorded as soon as it exists, so a publish that fails from here on resumes with this invoice.
  if (!recorded) await record(ctx, document.id, customerId, invoiceId, null, 'draft');

  for (const [i, line] of document.lines.entries())
    await stripe.createInvoiceItem(
      {
        customer: customerId,
        invoice: invoiceId,
        currency: 'gbp',
        amount: gross[i]!,
        description: `${line.description.slice(0, 400)} (${vatWords(line)})`,
        metadata: { traded_document_id: document.id, traded_line_id: line.id },
      },
      `item-${line.id}`,
    );
  const finalised = await stripe.finalizeInvoice(invoiceId, `finalize-${document.id}`);
  const hostedInvoiceUrl = finalised.hosted_invoice_url ?? null;
  await record(ctx, document.id, customerId, invoiceId, hostedInvoiceUrl, finalised.status ?? 'open');
  return { published: true, stripeInvoiceId: invoiceId, hostedInvoiceUrl };
}

async function createCustomer(
  stripe: ReturnType<typeof stripeGateway>,
  tenantId: string,
  document: { organisation_id: string; customer_name: string | null; billing_contact_email: string | null },
): Promise<string> {
  const params: Stripe.CustomerCreateParams = {
    name: document.customer_name ?? undefined,
    metadata: { traded_tenant_id: tenantId, traded_organisation_id: document.organisation_id },
  };
  if (document.billing_contact_email) params.email = document.billing_contact_email;
  return (await stripe.createCustomer(params, `customer-${tenantId}-${document.organisation_id}`)).id;
}

async function record(
  ctx: { tenantId: string; userId: null },
  documentId: string,
  stripeCustomerId: string,
  stripeInvoiceId: string,
  hostedInvoiceUrl: string | null,
  stripeStatus: string,
) {
  await withTenant(ctx, (tx) =>
    saveStripeInvoice(tx, ctx.tenantId, {
      documentId,
      stripeCustomerId,
      stripeInvoiceId,
      hostedInvoiceUrl,
      stripeStatus,
    }),
  );
}

/**
 * For the finalising code, after its transaction commits: publishes each document that should go
 * to Stripe and never throws, because the invoice is final whatever Stripe says. One that fails is
 * logged, and the payment settings page lists it to send again.
 */
export async function publishFinalisedToStripe(tenantId: string, documentIds: readonly string[]): Promise<void> {
  for (const documentId of documentIds) {
    try {
      await publishToStripe(tenantId, documentId);
    } catch (error) {
      console.error(`Document ${documentId} of tenant ${tenantId} was not published to Stripe`, error);
    }
  }
}

/** Where the customer can pay this document online, while something is to pay; null otherwise. */
export async function hostedPaymentUrl(tx: Scoped, tenantId: string, documentId: string): Promise<string | null> {
  return findHostedInvoiceUrl(tx, tenantId, documentId);
}

/** Final invoices with something owed that are not (or not fully) in Stripe: from before Stripe, or a publish that failed. */
export async function listInvoicesWaitingForStripe(tenantId: string, limit = 20) {
  return withTenant({ tenantId, userId: null }, (tx) => listInvoicesNotInStripe(tx, tenantId, limit));
}

/**
 * Sends the waiting invoices to Stripe, one after another; one that fails does not stop the rest.
 * The failures are reported with Stripe's own words, which say what to fix.
 */
export async function publishWaitingInvoices(tenantId: string, limit = 20) {
  const waiting = await listInvoicesWaitingForStripe(tenantId, limit);
  const failed: Array<{ number: string; message: string }> = [];
  let published = 0;
  for (const invoice of waiting) {
    try {
      if ((await publishToStripe(tenantId, invoice.id)).published) published += 1;
    } catch (error) {
      failed.push({ number: invoice.number ?? '', message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { published, failed };
}
