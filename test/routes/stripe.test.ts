import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TenantContext } from '../../app/auth/guards.server';
import { finaliseDocument, finaliseInScope } from '../../app/billing/finalise-document.server';
import { voidDocument } from '../../app/billing/void-document.server';
import {
  hostedPaymentUrl,
  listInvoicesWaitingForStripe,
  publishFinalisedToStripe,
  publishToStripe,
  publishWaitingInvoices,
} from '../../app/payments/publish-to-stripe.server';
import { saveStripeSettings } from '../../app/payments/stripe-settings.server';
import { voidInStripe } from '../../app/payments/void-in-stripe.server';
import * as settingsPage from '../../app/routes/t.$tenant.payment-settings';
import * as webhook from '../../app/routes/webhooks.stripe.$tenant';
import { insertDraftDocument, type DraftLine } from '../../db/queries/billing-documents';
import { withTenant } from '../../db/scope.server';
import { startFakeStripe, type FakeStripe } from '../setup/fake-stripe';
import {
  addMember,
  asUser,
  createUser,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  type TestTenant,
} from '../setup/fixtures';
import { routeData } from '../setup/route-data';

// The page is rendered as the server would, with what its loader and action returned.
const rendered = routeData();

function renderPage(loaderData: unknown, actionData?: unknown): string {
  rendered.loaderData = loaderData;
  rendered.actionData = actionData;
  return renderToStaticMarkup(createElement(settingsPage.default));
}

let fake: FakeStripe;
let alpha: TestTenant;
let beta: TestTenant;

const KEYS = {
  publishableKey: 'pk_test_51AlphaPublishable',
  secretKey: 'sk_test_51AlphaSecretKeyabcd',
  webhookSecret: 'whsec_alphaSigningSecret123',
};
const BETA_KEYS = {
  publishableKey: 'pk_test_51BetaPublishable',
  secretKey: 'sk_test_51BetaSecretKeywxyz',
  webhookSecret: 'whsec_betaSigningSecret456',
};

beforeAll(async () => {
  fake = await startFakeStripe();
  process.env.STRIPE_API_BASE = fake.url;
  process.env.STRIPE_TIMEOUT_MS = '1000';
});
afterAll(async () => {
  delete process.env.STRIPE_API_BASE;
  delete process.env.STRIPE_TIMEOUT_MS;
  await fake.close();
});

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  fake.requests.length = 0;
  await (
    await ownerDb()
  )
    .updateTable('customer_accounts')
    .set({ billing_contact_name: 'Sam Bursar', billing_contact_email: 'accounts@alpha-school.example' })
    .where('tenant_id', '=', alpha.id)
    .execute();
});

async function contextOf(tenant: TestTenant): Promise<TenantContext> {
  const row = await (
    await ownerDb()
  )
    .selectFrom('tenants')
    .selectAll()
    .where('id', '=', tenant.id)
    .executeTakeFirstOrThrow();
  return {
    tenant: row,
    tenantId: tenant.id,
    userId: tenant.adminId,
    role: 'admin',
    session: {} as TenantContext['session'],
  };
}

function manualLine(description: string, netPence: number, vat: 'S' | 'E'): DraftLine {
  const vatPence = vat === 'S' ? Math.round(netPence / 5) : 0;
  return {
    chargeKind: 'manual',
    orderLineId: null,
    chargeKey: null,
    deliveryId: null,
    description,
    periodStart: null,
    periodEnd: null,
    quantityHundredths: 100,
    unitPricePence: netPence,
    netPence,
    vatCode: vat,
    vatRateBasisPoints: vat === 'S' ? 2000 : 0,
    vatPence,
    poNumber: null,
    costCentre: null,
    subjectiveCode: null,
    reason: 'Agreed with the school',
  };
}

/**
 * A final VAT invoice to the tenant's school, £500 + VAT and £120 exempt (£720 in all), not yet in
 * Stripe: finalised in its transaction without the publish that finaliseDocument does after it
 * (as when that publish failed), so each test drives publishing itself.
 */
async function finalInvoice(tenant: TestTenant, poNumber: string | null = 'PO-7781') {
  const ctx = await contextOf(tenant);
  const documentId = await withTenant(ctx, (tx) =>
    insertDraftDocument(tx, tenant.id, {
      kind: 'invoice',
      runId: null,
      organisationId: tenant.schoolOrganisationId,
      poNumber,
      createdBy: tenant.adminId,
      lines: [manualLine('Training day for all staff', 50_000, 'S'), manualLine('Reading assessment', 12_000, 'E')],
    }),
  );
  const finalised = await withTenant(ctx, (tx) => finaliseInScope(tx, ctx, documentId));
  return { documentId, number: finalised.number, totalPence: finalised.totalPence };
}

async function turnOnStripe(tenant: TestTenant, keys = KEYS) {
  await saveStripeSettings(await contextOf(tenant), keys);
}

const paths = () => fake.requests.map((r) => `${r.method} ${r.path}`);

// ---------------------------------------------------------------------------------------------
// Webhooks: signed as Stripe signs them.

function invoiceEvent(
  type: string,
  invoice: { id: string; documentId: string; tenantId: string; amountPaid?: number; hostedUrl?: string | null },
  eventId = `evt_${Math.random().toString(36).slice(2)}`,
) {
  return {
    id: eventId,
    object: 'event',
    type,
    created: Math.floor(Date.parse('2026-12-02T10:00:00Z') / 1000),
    api_version: '2026-10-28.endive',
    livemode: false,
    data: {
      object: {
        id: invoice.id,
        object: 'invoice',
        customer: 'cus_fromevent',
        currency: 'gbp',
        number: 'FAKE-0001',
        amount_paid: invoice.amountPaid ?? 0,
        hosted_invoice_url: invoice.hostedUrl === undefined ? null : invoice.hostedUrl,
        status: type === 'invoice.paid' ? 'paid' : 'open',
        status_transitions: {
          paid_at: type === 'invoice.paid' ? Math.floor(Date.parse('2026-12-02T10:00:00Z') / 1000) : null,
        },
        metadata: { traded_tenant_id: invoice.tenantId, traded_document_id: invoice.documentId },
      },
    },
  };
}

function deliver(slug: string, event: unknown, secret: string, signatureOverride?: string) {
  const payload = JSON.stringify(event);
  const signature = signatureOverride ?? Stripe.webhooks.generateTestHeaderString({ payload, secret });
  const request = new Request(`http://localhost/webhooks/stripe/${slug}`, {
    method: 'POST',
    body: payload,
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
  });
  return webhook.action({ request, params: { tenant: slug }, context: {} });
}

async function moneyOf(tenantId: string) {
  const db = await ownerDb();
  const payments = await db.selectFrom('payments').selectAll().where('tenant_id', '=', tenantId).execute();
  const allocations = await db
    .selectFrom('payment_allocations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute();
  return { payments, allocations };
}

async function stripeInvoiceRow(documentId: string) {
  return (await ownerDb())
    .selectFrom('stripe_invoices')
    .selectAll()
    .where('document_id', '=', documentId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------

describe('a tenant without Stripe', () => {
  it('finalises invoices as ever, and publishing calls nothing', async () => {
    const invoice = await finalInvoice(alpha);
    expect(await publishToStripe(alpha.id, invoice.documentId)).toEqual({ published: false, reason: 'stripe_off' });
    expect(fake.requests).toEqual([]);
    expect(await stripeInvoiceRow(invoice.documentId)).toBeUndefined();
    expect(
      await withTenant({ tenantId: alpha.id }, (tx) => hostedPaymentUrl(tx, alpha.id, invoice.documentId)),
    ).toBeNull();
  });

  it('answers 404 to webhooks, and to an address that is no tenant', async () => {
    const event = invoiceEvent('invoice.paid', { id: 'in_x', documentId: alpha.id, tenantId: alpha.id, amountPaid: 1 });
    expect((await deliver('alpha', event, KEYS.webhookSecret)).status).toBe(404);
    expect((await deliver('no-such-provider', event, KEYS.webhookSecret)).status).toBe(404);
    expect((await ownerDb().then((db) => db.selectFrom('stripe_events').selectAll().execute())).length).toBe(0);
  });
});

describe('publishing a final invoice to Stripe', () => {
  it('makes the customer, the invoice with its PO number, one item per line with VAT, and finalises it, each with our idempotency key', async () => {
    await turnOnStripe(alpha);
    const invoice = await finalInvoice(alpha);
    const outcome = await publishToStripe(alpha.id, invoice.documentId);
    expect(outcome.published).toBe(true);

    const lineIds = (
      await (
        await ownerDb()
      )
        .selectFrom('billing_document_lines')
        .select('id')
        .where('document_id', '=', invoice.documentId)
        .orderBy('line_number')
        .execute()
    ).map((l) => l.id);
    expect(fake.requests.map((r) => [r.method, r.path.replace(/in_[0-9a-f]+/, 'in_*'), r.idempotencyKey])).toEqual([
      ['POST', '/v1/customers', `customer-${alpha.id}-${alpha.schoolOrganisationId}`],
      ['POST', '/v1/invoices', `invoice-${invoice.documentId}`],
      ['POST', '/v1/invoiceitems', `item-${lineIds[0]}`],
      ['POST', '/v1/invoiceitems', `item-${lineIds[1]}`],
      ['POST', '/v1/invoices/in_*/finalize', `finalize-${invoice.documentId}`],
    ]);
    expect(new Set(fake.requests.map((r) => r.apiKey))).toEqual(new Set([KEYS.secretKey]));

    const [customer] = [...fake.customers.values()];
    expect(customer).toMatchObject({
      email: 'accounts@alpha-school.example',
      name: 'alpha primary school',
      metadata: { traded_tenant_id: alpha.id, traded_organisation_id: alpha.schoolOrganisationId },
    });
    const stripeInvoice = fake.invoices.get((outcome as { stripeInvoiceId: string }).stripeInvoiceId)!;
    expect(stripeInvoice).toMatchObject({
      status: 'open',
      customer: customer!.id,
      collection_method: 'send_invoice',
      currency: 'gbp',
      days_until_due: 30,
      custom_fields: [
        { name: 'Invoice number', value: invoice.number },
        { name: 'PO number', value: 'PO-7781' },
      ],
      metadata: { traded_document_id: invoice.documentId, traded_document_number: invoice.number },
      payment_settings: { payment_method_types: ['card', 'bacs_debit'] },
      auto_advance: false,
    });
    // £500 + £100 VAT, and £120 exempt: the Stripe invoice asks for exactly our total.
    expect([...fake.invoiceItems.values()].map((i) => [i.amount, i.description])).toEqual([
      [60_000, 'Training day for all staff (£500.00 + VAT £100.00 at 20%)'],
      [12_000, 'Reading assessment (£120.00, no VAT)'],
    ]);
    expect(stripeInvoice.total).toBe(invoice.totalPence);
    expect(invoice.totalPence).toBe(72_000);

    const row = await stripeInvoiceRow(invoice.documentId);
    expect(row).toMatchObject({ stripe_status: 'open', stripe_customer_id: customer!.id });
    expect(row!.hosted_invoice_url).toMatch(/^https:\/\/invoice\.stripe\.test\/i\/in_/);
    expect(await withTenant({ tenantId: alpha.id }, (tx) => hostedPaymentUrl(tx, alpha.id, invoice.documentId))).toBe(
      row!.hosted_invoice_url,
    );
  });

  it('reuses the customer for the next invoice, and publishing the same invoice again calls nothing', async () => {
    await turnOnStripe(alpha);
    const first = await finalInvoice(alpha);
    await publishToStripe(alpha.id, first.documentId);
    const second = await finalInvoice(alpha, null);
    fake.requests.length = 0;
    await publishToStripe(alpha.id, second.documentId);
    expect(paths().filter((p) => p === 'POST /v1/customers')).toEqual([]);
    expect(fake.customers.size).toBeGreaterThanOrEqual(1);
    const created = [...fake.invoices.values()].filter(
      (i) => (i.metadata as Record<string, string>).traded_document_id === second.documentId,
    );
    expect(created).toHaveLength(1);
    expect(created[0]!.custom_fields).toEqual([{ name: 'Invoice number', value: second.number }]);

    fake.requests.length = 0;
    expect((await publishToStripe(alpha.id, second.documentId)).published).toBe(true);
    expect(fake.requests).toEqual([]);
  });

  it('does not publish recharges, drafts or another tenant’s invoice', async () => {
    await turnOnStripe(alpha);
    await turnOnStripe(beta, BETA_KEYS);
    const ctx = await contextOf(alpha);
    const draft = await withTenant(ctx, (tx) =>
      insertDraftDocument(tx, alpha.id, {
        kind: 'invoice',
        runId: null,
        organisationId: alpha.schoolOrganisationId,
        poNumber: null,
        createdBy: alpha.adminId,
        lines: [manualLine('Not yet', 1000, 'S')],
      }),
    );
    const recharge = await withTenant(ctx, (tx) =>
      insertDraftDocument(tx, alpha.id, {
        kind: 'recharge',
        runId: null,
        organisationId: alpha.schoolOrganisationId,
        poNumber: null,
        createdBy: alpha.adminId,
        lines: [manualLine('Recharged', 1000, 'E')],
      }),
    );
    await finaliseDocument(ctx, recharge);
    const invoice = await finalInvoice(alpha);
    expect(await publishToStripe(alpha.id, draft)).toEqual({ published: false, reason: 'not_a_final_invoice' });
    expect(await publishToStripe(alpha.id, recharge)).toEqual({ published: false, reason: 'not_a_final_invoice' });
    expect(await publishToStripe(beta.id, invoice.documentId)).toEqual({ published: false, reason: 'not_found' });
    expect(fake.requests).toEqual([]);
  });

  it('a Stripe call that times out is retried with the same key, and Stripe makes one invoice', async () => {
    await turnOnStripe(alpha);
    const invoice = await finalInvoice(alpha);
    process.env.STRIPE_TIMEOUT_MS = '300';
    try {
      fake.delayNextResponse(/^\/v1\/invoices$/, 1500);
      expect((await publishToStripe(alpha.id, invoice.documentId)).published).toBe(true);
    } finally {
      process.env.STRIPE_TIMEOUT_MS = '1000';
    }
    const tries = fake.requests.filter((r) => r.path === '/v1/invoices');
    expect(tries.map((t) => [t.idempotencyKey, t.replayed])).toEqual([
      [`invoice-${invoice.documentId}`, false],
      [`invoice-${invoice.documentId}`, true],
    ]);
    expect(fake.createdPerKey.get(`invoice-${invoice.documentId}`)).toBe(1);
    const ours = [...fake.invoices.values()].filter(
      (i) => (i.metadata as Record<string, string>).traded_document_id === invoice.documentId,
    );
    expect(ours).toHaveLength(1);
    expect(ours[0]!.status).toBe('open');
  });

  it('a publish that fails part-way is listed as waiting and resumes with the same Stripe invoice', async () => {
    await turnOnStripe(alpha);
    const invoice = await finalInvoice(alpha);
    // The first try and both of the SDK's retries fail.
    for (let i = 0; i < 3; i++) fake.failNext(/\/finalize$/, 500, 'Stripe is having a bad day');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    // After finalising, a Stripe failure is logged, never thrown: the invoice is final either way.
    await expect(publishFinalisedToStripe(alpha.id, [invoice.documentId])).resolves.toBeUndefined();
    expect(String(logged.mock.calls[0]?.[1])).toMatch(/bad day/);
    logged.mockRestore();
    expect((await stripeInvoiceRow(invoice.documentId))!.stripe_status).toBe('draft');
    expect((await listInvoicesWaitingForStripe(alpha.id)).map((i) => i.id)).toEqual([invoice.documentId]);
    expect(
      await withTenant({ tenantId: alpha.id }, (tx) => hostedPaymentUrl(tx, alpha.id, invoice.documentId)),
    ).toBeNull();

    expect(await publishWaitingInvoices(alpha.id)).toEqual({ published: 1, failed: [] });
    const ours = [...fake.invoices.values()].filter(
      (i) => (i.metadata as Record<string, string>).traded_document_id === invoice.documentId,
    );
    expect(ours).toHaveLength(1);
    expect((ours[0]!.lines as { data: unknown[] }).data).toHaveLength(2);
    expect((await stripeInvoiceRow(invoice.documentId))!.stripe_status).toBe('open');
    expect(await listInvoicesWaitingForStripe(alpha.id)).toEqual([]);
  });
});

describe('voiding an invoice that is in Stripe', () => {
  it('voids the Stripe invoice so it can no longer be paid there; a payment that still arrives is kept as credit', async () => {
    await turnOnStripe(alpha);
    const invoice = await finalInvoice(alpha);
    const { stripeInvoiceId } = (await publishToStripe(alpha.id, invoice.documentId)) as { stripeInvoiceId: string };
    // Not void here yet: nothing to do in Stripe.
    expect(await voidInStripe(alpha.id, invoice.documentId)).toBe('nothing_to_void');
    // Voiding ours voids Stripe's, once our transaction has committed.
    fake.requests.length = 0;
    await voidDocument(await contextOf(alpha), invoice.documentId, 'Raised against the wrong school');
    expect(fake.requests.map((r) => [r.path, r.idempotencyKey])).toEqual([
      [`/v1/invoices/${stripeInvoiceId}/void`, `void-${invoice.documentId}`],
    ]);
    expect(fake.invoices.get(stripeInvoiceId)!.status).toBe('void');
    expect((await stripeInvoiceRow(invoice.documentId))!.stripe_status).toBe('void');
    expect(
      await withTenant({ tenantId: alpha.id }, (tx) => hostedPaymentUrl(tx, alpha.id, invoice.documentId)),
    ).toBeNull();
    fake.requests.length = 0;
    expect(await voidInStripe(alpha.id, invoice.documentId)).toBe('nothing_to_void');
    expect(fake.requests).toEqual([]);

    const late = invoiceEvent('invoice.paid', {
      id: stripeInvoiceId,
      documentId: invoice.documentId,
      tenantId: alpha.id,
      amountPaid: invoice.totalPence,
    });
    expect((await deliver('alpha', late, KEYS.webhookSecret)).status).toBe(200);
    const { payments, allocations } = await moneyOf(alpha.id);
    expect(payments.map((p) => Number(p.amount_pence))).toEqual([72_000]);
    expect(allocations).toEqual([]);
  });

  it('calls nothing for a tenant without Stripe', async () => {
    const invoice = await finalInvoice(alpha);
    await voidDocument(await contextOf(alpha), invoice.documentId, 'Raised in error');
    expect(await voidInStripe(alpha.id, invoice.documentId)).toBe('nothing_to_void');
    expect(fake.requests).toEqual([]);
  });
});

describe("Stripe's webhooks", () => {
  async function published() {
    await turnOnStripe(alpha);
    const invoice = await finalInvoice(alpha);
    const outcome = (await publishToStripe(alpha.id, invoice.documentId)) as {
      stripeInvoiceId: string;
      hostedInvoiceUrl: string;
    };
    return { ...invoice, stripeInvoiceId: outcome.stripeInvoiceId, hostedUrl: outcome.hostedInvoiceUrl };
  }

  it('refuses a body not signed with the tenant’s secret (or signed by another tenant) with 400, recording nothing', async () => {
    const invoice = await published();
    await turnOnStripe(beta, BETA_KEYS);
    const event = invoiceEvent('invoice.paid', {
      id: invoice.stripeInvoiceId,
      documentId: invoice.documentId,
      tenantId: alpha.id,
      amountPaid: invoice.totalPence,
    });
    expect((await deliver('alpha', event, 'whsec_somethingElse')).status).toBe(400);
    expect((await deliver('alpha', event, BETA_KEYS.webhookSecret)).status).toBe(400);
    expect((await deliver('alpha', event, KEYS.webhookSecret, 't=1,v1=deadbeef')).status).toBe(400);
    // Signed properly, then altered on the way: the signature no longer matches.
    const payload = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: KEYS.webhookSecret });
    const altered = new Request('http://localhost/webhooks/stripe/alpha', {
      method: 'POST',
      body: payload.replace(String(invoice.totalPence), '1'),
      headers: { 'stripe-signature': signature },
    });
    expect((await webhook.action({ request: altered, params: { tenant: 'alpha' }, context: {} })).status).toBe(400);
    expect((await ownerDb().then((db) => db.selectFrom('stripe_events').selectAll().execute())).length).toBe(0);
    expect((await moneyOf(alpha.id)).payments).toEqual([]);
    expect((await stripeInvoiceRow(invoice.documentId))!.stripe_status).toBe('open');
  });

  it('invoice.paid delivered ten times records one payment, allocated to the invoice', async () => {
    const invoice = await published();
    const event = invoiceEvent(
      'invoice.paid',
      {
        id: invoice.stripeInvoiceId,
        documentId: invoice.documentId,
        tenantId: alpha.id,
        amountPaid: invoice.totalPence,
      },
      'evt_paid_once',
    );
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await deliver('alpha', event, KEYS.webhookSecret)).status);
    expect(statuses).toEqual(Array(10).fill(200));
    const { payments, allocations } = await moneyOf(alpha.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      method: 'stripe',
      external_id: invoice.stripeInvoiceId,
      amount_pence: 72_000,
      organisation_id: alpha.schoolOrganisationId,
      received_on: '2026-12-02',
      recorded_by: null,
    });
    expect(allocations.map((a) => [a.document_id, Number(a.amount_pence)])).toEqual([[invoice.documentId, 72_000]]);
    expect((await stripeInvoiceRow(invoice.documentId))!.stripe_status).toBe('paid');
    expect(
      await withTenant({ tenantId: alpha.id }, (tx) => hostedPaymentUrl(tx, alpha.id, invoice.documentId)),
    ).toBeNull();
    const events = await (await ownerDb()).selectFrom('stripe_events').selectAll().execute();
    expect(events.map((e) => [e.tenant_id, e.event_id, e.event_type])).toEqual([
      [alpha.id, 'evt_paid_once', 'invoice.paid'],
    ]);
  });

  it('a repeated delivery of an older event changes nothing: its id was already recorded', async () => {
    const invoice = await published();
    const facts = { id: invoice.stripeInvoiceId, documentId: invoice.documentId, tenantId: alpha.id };
    const finalized = invoiceEvent('invoice.finalized', { ...facts, hostedUrl: invoice.hostedUrl }, 'evt_finalized');
    expect((await deliver('alpha', finalized, KEYS.webhookSecret)).status).toBe(200);
    await deliver('alpha', invoiceEvent('invoice.payment_failed', facts, 'evt_failed'), KEYS.webhookSecret);
    const again = await deliver('alpha', finalized, KEYS.webhookSecret);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('Already received');
    expect((await stripeInvoiceRow(invoice.documentId))!.stripe_status).toBe('payment_failed');
  });

  it('ten deliveries at once still make one payment', async () => {
    const invoice = await published();
    const event = invoiceEvent(
      'invoice.paid',
      {
        id: invoice.stripeInvoiceId,
        documentId: invoice.documentId,
        tenantId: alpha.id,
        amountPaid: invoice.totalPence,
      },
      'evt_paid_together',
    );
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver('alpha', event, KEYS.webhookSecret)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect((await moneyOf(alpha.id)).payments).toHaveLength(1);
    expect((await moneyOf(alpha.id)).allocations).toHaveLength(1);
  });

  it('money Stripe collected beyond what is still owed is kept as the customer’s credit, not refused', async () => {
    const invoice = await published();
    const event = invoiceEvent('invoice.paid', {
      id: invoice.stripeInvoiceId,
      documentId: invoice.documentId,
      tenantId: alpha.id,
      amountPaid: invoice.totalPence + 500,
    });
    expect((await deliver('alpha', event, KEYS.webhookSecret)).status).toBe(200);
    const { payments, allocations } = await moneyOf(alpha.id);
    expect(payments.map((p) => Number(p.amount_pence))).toEqual([72_500]);
    expect(allocations.map((a) => Number(a.amount_pence))).toEqual([72_000]);
  });

  it('a late invoice.finalized after invoice.paid does not unpay it', async () => {
    const invoice = await published();
    const facts = { id: invoice.stripeInvoiceId, documentId: invoice.documentId, tenantId: alpha.id };
    await deliver(
      'alpha',
      invoiceEvent('invoice.paid', { ...facts, amountPaid: invoice.totalPence }),
      KEYS.webhookSecret,
    );
    const late = await deliver(
      'alpha',
      invoiceEvent('invoice.finalized', { ...facts, hostedUrl: invoice.hostedUrl }),
      KEYS.webhookSecret,
    );
    expect(late.status).toBe(200);
    expect((await deliver('alpha', invoiceEvent('invoice.payment_failed', facts), KEYS.webhookSecret)).status).toBe(
      200,
    );
    const row = await stripeInvoiceRow(invoice.documentId);
    expect(row).toMatchObject({ stripe_status: 'paid', hosted_invoice_url: invoice.hostedUrl });
    expect((await moneyOf(alpha.id)).payments).toHaveLength(1);
  });

  it('records a failed payment, an uncollectible and a voided invoice, moving no money', async () => {
    const invoice = await published();
    const facts = { id: invoice.stripeInvoiceId, documentId: invoice.documentId, tenantId: alpha.id };
    await deliver('alpha', invoiceEvent('invoice.payment_failed', facts), KEYS.webhookSecret);
    expect((await stripeInvoiceRow(invoice.documentId))!.stripe_status).toBe('payment_failed');
    await deliver('alpha', invoiceEvent('invoice.marked_uncollectible', facts), KEYS.webhookSecret);
    expect((await stripeInvoiceRow(invoice.documentId))!.stripe_status).toBe('uncollectible');
    await deliver('alpha', invoiceEvent('invoice.voided', facts), KEYS.webhookSecret);
    await deliver('alpha', invoiceEvent('invoice.finalized', facts), KEYS.webhookSecret);
    expect((await stripeInvoiceRow(invoice.documentId))!.stripe_status).toBe('void');
    expect(await moneyOf(alpha.id)).toEqual({ payments: [], allocations: [] });
  });

  it('an invoice.finalized that beats the publish to our database is recorded from its metadata', async () => {
    await turnOnStripe(alpha);
    const invoice = await finalInvoice(alpha);
    const facts = {
      id: 'in_early',
      documentId: invoice.documentId,
      tenantId: alpha.id,
      hostedUrl: 'https://invoice.stripe.test/i/in_early',
    };
    expect((await deliver('alpha', invoiceEvent('invoice.finalized', facts), KEYS.webhookSecret)).status).toBe(200);
    expect(await stripeInvoiceRow(invoice.documentId)).toMatchObject({
      stripe_invoice_id: 'in_early',
      stripe_status: 'open',
    });
  });

  it('an event naming another tenant’s document changes nothing anywhere', async () => {
    const invoice = await published();
    await turnOnStripe(beta, BETA_KEYS);
    // Beta's signing secret, beta's address, but an invoice that claims to be alpha's.
    const forged = invoiceEvent('invoice.paid', {
      id: 'in_forged',
      documentId: invoice.documentId,
      tenantId: alpha.id,
      amountPaid: invoice.totalPence,
    });
    expect((await deliver('beta', forged, BETA_KEYS.webhookSecret)).status).toBe(200);
    const forgedAsBeta = invoiceEvent('invoice.paid', {
      id: 'in_forged2',
      documentId: invoice.documentId,
      tenantId: beta.id,
      amountPaid: invoice.totalPence,
    });
    expect((await deliver('beta', forgedAsBeta, BETA_KEYS.webhookSecret)).status).toBe(200);
    expect((await moneyOf(alpha.id)).payments).toEqual([]);
    expect((await moneyOf(beta.id)).payments).toEqual([]);
    expect((await stripeInvoiceRow(invoice.documentId))!.stripe_status).toBe('open');
  });

  it('answers GET with 405', async () => {
    expect(webhook.loader().status).toBe(405);
  });
});

describe('the payment settings page', () => {
  const args = (request: Request, tenant: string) => ({ request, params: { tenant }, context: {} });

  it('saves the keys sealed, shows only the last four characters of the secret key, and audits without secrets', async () => {
    const admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const saved = await respond(() =>
      settingsPage.action(args(post('/t/alpha/payment-settings', KEYS, admin), 'alpha')),
    );
    expect(saved.status).toBe(302);
    const db = await ownerDb();
    const row = await db
      .selectFrom('stripe_settings')
      .selectAll()
      .where('tenant_id', '=', alpha.id)
      .executeTakeFirstOrThrow();
    expect(row.publishable_key).toBe(KEYS.publishableKey);
    expect(JSON.stringify(row)).not.toContain(KEYS.secretKey);
    expect(JSON.stringify(row)).not.toContain(KEYS.webhookSecret);

    const page = await respond(() => settingsPage.loader(args(get('/t/alpha/payment-settings', admin), 'alpha')));
    expect(page.status).toBe(200);
    const shown = JSON.stringify(page.value);
    expect(shown).not.toContain(KEYS.secretKey);
    expect(shown).not.toContain(KEYS.webhookSecret);
    expect(page.value).toMatchObject({
      settings: { enabled: true, mode: 'test', secretKeyEnding: 'abcd', publishableKey: KEYS.publishableKey },
      webhookUrl: expect.stringMatching(/\/webhooks\/stripe\/alpha$/),
    });

    const html = renderPage(page.value);
    expect(html).toContain('Stripe is on');
    expect(html).toContain('Saved, ends in …abcd');
    expect(html).toContain(`value="${KEYS.publishableKey}"`);
    expect(html).not.toContain(KEYS.secretKey);
    expect(html).not.toContain(KEYS.webhookSecret);
    expect(html).toMatch(
      /<input[^>]*name="secretKey"[^>]*type="password"|<input[^>]*type="password"[^>]*name="secretKey"/,
    );

    const audit = await db.selectFrom('audit_events').selectAll().where('tenant_id', '=', alpha.id).execute();
    const entry = audit.find((e) => e.action === 'stripe_settings.turned_on');
    expect(entry).toBeDefined();
    expect(JSON.stringify(audit)).not.toContain(KEYS.secretKey);
    expect(JSON.stringify(audit)).not.toContain(KEYS.webhookSecret);
  });

  it('refuses keys of the wrong shape with a message for each, and never sends a secret back', async () => {
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    const bad = await respond(() =>
      settingsPage.action(
        args(
          post('', { publishableKey: 'sk_test_oops', secretKey: 'pk_live_wrong', webhookSecret: 'secret' }, finance),
          'alpha',
        ),
      ),
    );
    expect(bad.status).toBe(400);
    const value = bad.value as { errors: Array<{ field: string }>; values: Record<string, string> };
    expect(value.errors.map((e) => e.field)).toEqual(['publishableKey', 'secretKey', 'webhookSecret']);
    expect(value.values).toEqual({ publishableKey: 'sk_test_oops' });
    expect(JSON.stringify(bad.value)).not.toContain('pk_live_wrong');
    const page = await respond(() => settingsPage.loader(args(get('', finance), 'alpha')));
    const html = renderPage(page.value, bad.value);
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('Enter a publishable key that starts pk_test_ or pk_live_');
    expect(html).toContain('Stripe is off');
    expect(html).not.toContain('pk_live_wrong');
    expect(html).not.toContain('value="secret"'); // the posted webhook secret is not put back in the form

    const missing = await respond(() =>
      settingsPage.action(
        args(post('', { publishableKey: KEYS.publishableKey, secretKey: '', webhookSecret: '' }, finance), 'alpha'),
      ),
    );
    expect(missing.status).toBe(400);
    expect((missing.value as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['secretKey']);

    const mixed = await respond(() =>
      settingsPage.action(args(post('', { ...KEYS, secretKey: 'sk_live_51Mixed' }, finance), 'alpha')),
    );
    expect(mixed.status).toBe(400);
    expect(JSON.stringify(mixed.value)).toMatch(/both be test keys or both be live keys/);
    expect(JSON.stringify(mixed.value)).not.toContain('sk_live_51Mixed');
    expect(await (await ownerDb()).selectFrom('stripe_settings').selectAll().execute()).toEqual([]);
  });

  it('in production without TRADED_ENCRYPTION_KEY refuses to save keys, saying what to set', async () => {
    const admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const before = { env: process.env.NODE_ENV, key: process.env.TRADED_ENCRYPTION_KEY };
    process.env.NODE_ENV = 'production';
    delete process.env.TRADED_ENCRYPTION_KEY;
    try {
      const refused = await respond(() => settingsPage.action(args(post('', KEYS, admin), 'alpha')));
      expect(refused.status).toBe(503);
      expect(JSON.stringify(refused.value)).toMatch(/Set TRADED_ENCRYPTION_KEY/);
      const page = await respond(() => settingsPage.loader(args(get('', admin), 'alpha')));
      expect(renderPage(page.value)).toContain('Set TRADED_ENCRYPTION_KEY');
    } finally {
      process.env.NODE_ENV = before.env;
      if (before.key !== undefined) process.env.TRADED_ENCRYPTION_KEY = before.key;
    }
    expect(await (await ownerDb()).selectFrom('stripe_settings').selectAll().execute()).toEqual([]);
  });

  it('replacing the secret key forgets the old account’s customers; removing the keys turns Stripe off', async () => {
    const admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    await turnOnStripe(alpha);
    const invoice = await finalInvoice(alpha);
    await publishToStripe(alpha.id, invoice.documentId);
    const db = await ownerDb();
    expect(await db.selectFrom('stripe_customers').selectAll().execute()).toHaveLength(1);

    // The publishable key alone changes: the secret stays, and so do the customers.
    await respond(() =>
      settingsPage.action(
        args(post('', { publishableKey: 'pk_test_51Another', secretKey: '', webhookSecret: '' }, admin), 'alpha'),
      ),
    );
    expect(await db.selectFrom('stripe_customers').selectAll().execute()).toHaveLength(1);
    await respond(() =>
      settingsPage.action(
        args(post('', { ...KEYS, secretKey: 'sk_test_51NewAccount9876', webhookSecret: '' }, admin), 'alpha'),
      ),
    );
    expect(await db.selectFrom('stripe_customers').selectAll().execute()).toEqual([]);
    const page = await respond(() => settingsPage.loader(args(get('', admin), 'alpha')));
    expect(page.value).toMatchObject({ settings: { secretKeyEnding: '9876' } });

    const removed = await respond(() => settingsPage.action(args(post('', { intent: 'remove' }, admin), 'alpha')));
    expect(removed.status).toBe(302);
    expect(await db.selectFrom('stripe_settings').selectAll().execute()).toEqual([]);
    const next = await finalInvoice(alpha);
    fake.requests.length = 0;
    expect(await publishToStripe(alpha.id, next.documentId)).toEqual({ published: false, reason: 'stripe_off' });
    expect(fake.requests).toEqual([]);
  });

  it("is for admins and finance officers of this tenant only: another tenant's admin gets 404, a service manager 403", async () => {
    await turnOnStripe(alpha);
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    expect((await respond(() => settingsPage.loader(args(get('', betaAdmin), 'alpha')))).status).toBe(404);
    expect(
      (await respond(() => settingsPage.action(args(post('', { intent: 'remove' }, betaAdmin), 'alpha')))).status,
    ).toBe(404);
    const managerId = await createUser('manager@alpha.example');
    await addMember(alpha.id, managerId, 'service_manager');
    const manager = await asUser(managerId, `tenant:${alpha.id}`);
    expect((await respond(() => settingsPage.loader(args(get('', manager), 'alpha')))).status).toBe(403);
    expect(
      (await respond(() => settingsPage.action(args(post('', { intent: 'remove' }, manager), 'alpha')))).status,
    ).toBe(403);
    expect(await (await ownerDb()).selectFrom('stripe_settings').selectAll().execute()).toHaveLength(1);
    // Beta's own page knows nothing of alpha's keys.
    const betaPage = await respond(() => settingsPage.loader(args(get('', betaAdmin), 'beta')));
    expect(betaPage.value).toMatchObject({ settings: { enabled: false } });
  });
});

describe('finalising with Stripe on', () => {
  it('publishes a VAT invoice to Stripe as soon as it is finalised, and its page offers to pay there', async () => {
    await turnOnStripe(alpha);
    const ctx = await contextOf(alpha);
    const documentId = await withTenant(ctx, (tx) =>
      insertDraftDocument(tx, alpha.id, {
        kind: 'invoice',
        runId: null,
        organisationId: alpha.schoolOrganisationId,
        poNumber: 'PO-1',
        createdBy: alpha.adminId,
        lines: [manualLine('Training day for all staff', 50_000, 'S')],
      }),
    );
    fake.requests.length = 0;
    await finaliseDocument(ctx, documentId);
    expect(paths()).toContain('POST /v1/invoices');
    const row = await stripeInvoiceRow(documentId);
    expect(row!.hosted_invoice_url).toMatch(/^https?:\/\//);
    expect(await withTenant({ tenantId: alpha.id }, (tx) => hostedPaymentUrl(tx, alpha.id, documentId))).toBe(
      row!.hosted_invoice_url,
    );
  });
});
