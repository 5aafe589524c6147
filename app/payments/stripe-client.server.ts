import Stripe from 'stripe';

/**
 * The few Stripe calls Traded makes, with one tenant's secret key. Every POST carries our own
 * idempotency key, so the SDK's retries (a timeout, a dropped connection) and our own second
 * attempts land on the same Stripe object.
 */
export interface StripeGateway {
  createCustomer(params: Stripe.CustomerCreateParams, idempotencyKey: string): Promise<Stripe.Customer>;
  createInvoice(params: Stripe.InvoiceCreateParams, idempotencyKey: string): Promise<Stripe.Invoice>;
  createInvoiceItem(params: Stripe.InvoiceItemCreateParams, idempotencyKey: string): Promise<Stripe.InvoiceItem>;
  finalizeInvoice(invoiceId: string, idempotencyKey: string): Promise<Stripe.Invoice>;
  voidInvoice(invoiceId: string, idempotencyKey: string): Promise<Stripe.Invoice>;
  retrieveInvoice(invoiceId: string): Promise<Stripe.Invoice>;
}

/** STRIPE_API_BASE points the SDK elsewhere (a local fake in tests); STRIPE_TIMEOUT_MS shortens its wait. */
function connection(): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol' | 'timeout'> {
  const timeout = Number(process.env.STRIPE_TIMEOUT_MS) || 20_000;
  const base = process.env.STRIPE_API_BASE;
  if (!base) return { timeout };
  const url = new URL(base);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol, timeout };
}

export function stripeGateway(secretKey: string): StripeGateway {
  const stripe = new Stripe(secretKey, {
    maxNetworkRetries: 2,
    appInfo: { name: 'Traded' },
    telemetry: false,
    ...connection(),
  });
  return {
    createCustomer: (params, idempotencyKey) => stripe.customers.create(params, { idempotencyKey }),
    createInvoice: (params, idempotencyKey) => stripe.invoices.create(params, { idempotencyKey }),
    createInvoiceItem: (params, idempotencyKey) => stripe.invoiceItems.create(params, { idempotencyKey }),
    finalizeInvoice: (invoiceId, idempotencyKey) =>
      // Not auto-advanced: Stripe neither emails the customer (we send our own invoice) nor chases them.
      stripe.invoices.finalizeInvoice(invoiceId, { auto_advance: false }, { idempotencyKey }),
    voidInvoice: (invoiceId, idempotencyKey) => stripe.invoices.voidInvoice(invoiceId, {}, { idempotencyKey }),
    retrieveInvoice: (invoiceId) => stripe.invoices.retrieve(invoiceId),
  };
}

/** Checks a webhook's signature against the tenant's signing secret; throws when it does not match. */
export function verifyWebhook(rawBody: string, signature: string, signingSecret: string): Stripe.Event {
  return Stripe.webhooks.constructEvent(rawBody, signature, signingSecret);
}

export type { Stripe };
