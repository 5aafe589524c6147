import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

// ---------------------------------------------------------------------------------------------
// Settings

export async function findStripeSettings(tx: Scoped, tenantId: string) {
  return tx.selectFrom('stripe_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export interface StripeSettingsWrite {
  publishableKey: string;
  secretKeyEncrypted: string;
  webhookSecretEncrypted: string;
  updatedBy: string | null;
}

export async function upsertStripeSettings(tx: Scoped, tenantId: string, write: StripeSettingsWrite) {
  const values = {
    publishable_key: write.publishableKey,
    secret_key_encrypted: write.secretKeyEncrypted,
    webhook_secret_encrypted: write.webhookSecretEncrypted,
    updated_by: write.updatedBy,
  };
  await tx
    .insertInto('stripe_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

export async function deleteStripeSettings(tx: Scoped, tenantId: string): Promise<boolean> {
  const result = await tx.deleteFrom('stripe_settings').where('tenant_id', '=', tenantId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Customers made in a Stripe account the tenant no longer uses. */
export async function forgetStripeCustomers(tx: Scoped, tenantId: string) {
  await tx.deleteFrom('stripe_customers').where('tenant_id', '=', tenantId).execute();
}

// ---------------------------------------------------------------------------------------------
// Publishing

export async function findStripeCustomer(tx: Scoped, tenantId: string, organisationId: string) {
  const row = await tx
    .selectFrom('stripe_customers')
    .select('stripe_customer_id')
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.stripe_customer_id ?? null;
}

/** Remembers the customer; when two publishes raced, the first one's customer stands. */
export async function rememberStripeCustomer(
  tx: Scoped,
  tenantId: string,
  organisationId: string,
  stripeCustomerId: string,
): Promise<string> {
  await tx
    .insertInto('stripe_customers')
    .values({ tenant_id: tenantId, organisation_id: organisationId, stripe_customer_id: stripeCustomerId })
    .onConflict((oc) => oc.columns(['tenant_id', 'organisation_id']).doNothing())
    .execute();
  return (await findStripeCustomer(tx, tenantId, organisationId)) ?? stripeCustomerId;
}

/** A document as Stripe is told of it: what was printed on it, and its lines. */
export async function findDocumentForStripe(tx: Scoped, tenantId: string, documentId: string) {
  const document = await tx
    .selectFrom('billing_documents')
    .select([
      'id',
      'kind',
      'status',
      'number',
      'organisation_id',
      'issued_on',
      'due_on',
      'po_number',
      'customer_name',
      'billing_contact_name',
      'billing_contact_email',
      'supplier_name',
      'total_pence',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .executeTakeFirst();
  if (!document) return undefined;
  const lines = await tx
    .selectFrom('billing_document_lines')
    .select(['id', 'line_number', 'description', 'net_pence', 'vat_pence', 'vat_code', 'vat_rate_basis_points'])
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .orderBy('line_number')
    .execute();
  return { ...document, lines };
}

export async function findStripeInvoice(tx: Scoped, tenantId: string, documentId: string) {
  return tx
    .selectFrom('stripe_invoices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .executeTakeFirst();
}

/** Statuses a Stripe invoice never leaves: a late or replayed event does not unpay or revive it. */
const SETTLED = ['paid', 'void'];

export interface StripeInvoiceWrite {
  documentId: string;
  stripeCustomerId: string;
  stripeInvoiceId: string;
  hostedInvoiceUrl: string | null;
  stripeStatus: string;
}

/**
 * Records (or brings up to date) the Stripe invoice of a document. Whoever writes second (the
 * publish or a webhook) keeps what the first learned: a known URL is not blanked, and a settled
 * status stays.
 */
export async function saveStripeInvoice(tx: Scoped, tenantId: string, write: StripeInvoiceWrite) {
  await tx
    .insertInto('stripe_invoices')
    .values({
      tenant_id: tenantId,
      document_id: write.documentId,
      stripe_customer_id: write.stripeCustomerId,
      stripe_invoice_id: write.stripeInvoiceId,
      hosted_invoice_url: write.hostedInvoiceUrl,
      stripe_status: write.stripeStatus,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'document_id']).doUpdateSet((eb) => ({
        hosted_invoice_url: sql<
          string | null
        >`coalesce(${eb.ref('excluded.hosted_invoice_url')}, stripe_invoices.hosted_invoice_url)`,
        stripe_status: sql<string>`case when stripe_invoices.stripe_status in (${sql.join(SETTLED)})
                                        then stripe_invoices.stripe_status else ${eb.ref('excluded.stripe_status')} end`,
        updated_at: sql`now()`,
      })),
    )
    .execute();
}

/** Where the customer pays online, while there is something to pay. */
export async function findHostedInvoiceUrl(tx: Scoped, tenantId: string, documentId: string) {
  const row = await tx
    .selectFrom('stripe_invoices')
    .select('hosted_invoice_url')
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .where('stripe_status', 'not in', [...SETTLED, 'draft'])
    .executeTakeFirst();
  return row?.hosted_invoice_url ?? null;
}

/** Final invoices with something owed and no finished Stripe invoice (a publish that failed, or from before Stripe). */
export async function listInvoicesNotInStripe(tx: Scoped, tenantId: string, limit: number) {
  return tx
    .selectFrom('billing_documents as d')
    .select(['d.id', 'd.number', 'd.customer_name', 'd.total_pence', 'd.issued_on'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.kind', '=', 'invoice')
    .where('d.status', '=', 'final')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('stripe_invoices as s')
            .select(sql`1`.as('one'))
            .whereRef('s.tenant_id', '=', 'd.tenant_id')
            .whereRef('s.document_id', '=', 'd.id')
            .where('s.stripe_status', '<>', 'draft'),
        ),
      ),
    )
    .where(sql<boolean>`${owedSql()} > 0`)
    .orderBy('d.issued_on')
    .orderBy('d.number')
    .limit(limit)
    .execute();
}

function owedSql() {
  return sql<number>`(d.total_pence
    - (select coalesce(sum(a.amount_pence), 0) from payment_allocations a where a.tenant_id = d.tenant_id and a.document_id = d.id)
    - (select coalesce(sum(c.total_pence), 0) from billing_documents c
        where c.tenant_id = d.tenant_id and c.credits_document_id = d.id and c.status = 'final'))`;
}

// ---------------------------------------------------------------------------------------------
// Webhooks

/** Notes an event as handled; false when it was already (a replay), in which case nothing else is done. */
export async function recordStripeEvent(
  tx: Scoped,
  tenantId: string,
  eventId: string,
  eventType: string,
): Promise<boolean> {
  const inserted = await tx
    .insertInto('stripe_events')
    .values({ tenant_id: tenantId, event_id: eventId, event_type: eventType })
    .onConflict((oc) => oc.columns(['tenant_id', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findStripeInvoiceByStripeId(tx: Scoped, tenantId: string, stripeInvoiceId: string) {
  return tx
    .selectFrom('stripe_invoices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('stripe_invoice_id', '=', stripeInvoiceId)
    .executeTakeFirst();
}

/**
 * Holds the customer's payments still until the transaction ends: the same lock the allocation
 * trigger takes, so what is read as owed is still owed when the allocation is written.
 */
export async function lockCustomerPayments(tx: Scoped, tenantId: string, organisationId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${tenantId}::text || ${organisationId}::text, 0))`.execute(
    tx,
  );
}

/** What is still owed on a final invoice or recharge: its total less allocations and final credit notes. */
export async function findOwedOnDocument(tx: Scoped, tenantId: string, documentId: string) {
  const row = await tx
    .selectFrom('billing_documents as d')
    .select(['d.organisation_id', 'd.status', 'd.kind', owedSql().as('owed')])
    .where('d.tenant_id', '=', tenantId)
    .where('d.id', '=', documentId)
    .executeTakeFirst();
  return row ? { ...row, owed: Number(row.owed ?? 0) } : undefined;
}

export interface StripePaymentWrite {
  organisationId: string;
  receivedOn: string;
  amountPence: number;
  /** The Stripe invoice paid: one payment per Stripe invoice, whatever is replayed. */
  externalId: string;
  reference: string;
}

/** The payment's id, or null when this Stripe invoice's payment is already recorded. */
export async function insertStripePayment(tx: Scoped, tenantId: string, write: StripePaymentWrite) {
  const row = await tx
    .insertInto('payments')
    .values({
      tenant_id: tenantId,
      organisation_id: write.organisationId,
      received_on: write.receivedOn,
      amount_pence: write.amountPence,
      method: 'stripe',
      reference: write.reference,
      external_id: write.externalId,
      recorded_by: null,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertStripeAllocation(
  tx: Scoped,
  tenantId: string,
  allocation: { paymentId: string; documentId: string; amountPence: number },
) {
  await tx
    .insertInto('payment_allocations')
    .values({
      tenant_id: tenantId,
      payment_id: allocation.paymentId,
      document_id: allocation.documentId,
      amount_pence: allocation.amountPence,
      allocated_by: null,
    })
    .execute();
}

/** A Stripe event moves the status along; a settled one (paid, void) stays as it is. */
export async function updateStripeInvoiceStatus(
  tx: Scoped,
  tenantId: string,
  stripeInvoiceId: string,
  change: { status: string; hostedInvoiceUrl?: string | null },
) {
  await tx
    .updateTable('stripe_invoices')
    .set((eb) => ({
      stripe_status: sql<string>`case when stripe_status in (${sql.join(SETTLED)}) then stripe_status else ${change.status} end`,
      hosted_invoice_url: change.hostedInvoiceUrl ?? eb.ref('hosted_invoice_url'),
      updated_at: sql`now()`,
    }))
    .where('tenant_id', '=', tenantId)
    .where('stripe_invoice_id', '=', stripeInvoiceId)
    .execute();
}
