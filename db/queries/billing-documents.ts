import { sql } from 'kysely';
import type { ChargeKind, DocumentKind, DocumentStatus, Remittance, VatCode } from '../schema';
import type { Scoped } from '../scope.server';

export interface DraftLine {
  chargeKind: ChargeKind;
  /** The order line the charge is for, with its charge key; both null for a manual line. */
  orderLineId: string | null;
  /** "instalment:2026-09-01", "delivery:<id>", "overage:<id>", "cancellation": what makes it unique. */
  chargeKey: string | null;
  deliveryId: string | null;
  description: string;
  periodStart: string | null;
  periodEnd: string | null;
  quantityHundredths: number;
  unitPricePence: number;
  netPence: number;
  vatCode: VatCode;
  vatRateBasisPoints: number;
  vatPence: number;
  poNumber: string | null;
  costCentre: string | null;
  subjectiveCode: string | null;
  creditsLineId?: string | null;
  reason?: string | null;
  addedBy?: string | null;
}

export interface DraftDocument {
  kind: DocumentKind;
  runId: string | null;
  /** Who it is billed to: the customer account's organisation (a trust when it consolidates). */
  organisationId: string;
  poNumber: string | null;
  creditsDocumentId?: string | null;
  reason?: string | null;
  createdBy: string | null;
  lines: DraftLine[];
}

/**
 * Writes a draft with its lines, and claims each charge in billed_charges: a charge already billed
 * breaks that key (23505) and the whole draft rolls back with the caller's transaction.
 */
export async function insertDraftDocument(tx: Scoped, tenantId: string, draft: DraftDocument): Promise<string> {
  const { id } = await tx
    .insertInto('billing_documents')
    .values({
      tenant_id: tenantId,
      kind: draft.kind,
      run_id: draft.runId,
      organisation_id: draft.organisationId,
      po_number: draft.poNumber,
      credits_document_id: draft.creditsDocumentId ?? null,
      reason: draft.reason ?? null,
      created_by: draft.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendDraftLines(tx, tenantId, id, draft.lines, 1);
  return id;
}

/** A draft line's charge as the columns of billing_document_lines (wherever lines are written). */
export function draftLineColumns(l: DraftLine) {
  return {
    charge_kind: l.chargeKind,
    order_line_id: l.orderLineId,
    delivery_id: l.deliveryId,
    charge_key: l.chargeKey,
    description: l.description,
    period_start: l.periodStart,
    period_end: l.periodEnd,
    quantity_hundredths: l.quantityHundredths,
    unit_price_pence: l.unitPricePence,
    net_pence: l.netPence,
    vat_code: l.vatCode,
    vat_rate_basis_points: l.vatRateBasisPoints,
    vat_pence: l.vatPence,
    po_number: l.poNumber,
    cost_centre: l.costCentre,
    subjective_code: l.subjectiveCode,
  };
}

/** Adds lines to a draft, numbered from `firstNumber`, claiming their charges. */
export async function appendDraftLines(
  tx: Scoped,
  tenantId: string,
  documentId: string,
  lines: readonly DraftLine[],
  firstNumber: number,
): Promise<string[]> {
  if (lines.length === 0) return [];
  const inserted = await tx
    .insertInto('billing_document_lines')
    .values(
      lines.map((l, i) => ({
        tenant_id: tenantId,
        document_id: documentId,
        line_number: firstNumber + i,
        ...draftLineColumns(l),
        credits_line_id: l.creditsLineId ?? null,
        reason: l.reason ?? null,
        added_by: l.addedBy ?? null,
      })),
    )
    .returning(['id', 'line_number'])
    .execute();
  const ids = inserted.sort((a, b) => a.line_number - b.line_number).map((r) => r.id);
  const claims = lines
    .map((l, i) => ({ line: l, id: ids[i]! }))
    .filter(({ line }) => line.orderLineId !== null && line.chargeKey !== null)
    .map(({ line, id }) => ({
      tenant_id: tenantId,
      order_line_id: line.orderLineId!,
      charge_key: line.chargeKey!,
      document_id: documentId,
      document_line_id: id,
    }));
  if (claims.length > 0) await tx.insertInto('billed_charges').values(claims).execute();
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Reading, finalising, sending and voiding documents.

export async function findDocument(tx: Scoped, tenantId: string, documentId: string) {
  return tx
    .selectFrom('billing_documents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .executeTakeFirst();
}

/** The document for update: a second finalisation of the same draft waits, then sees it final. */
export async function lockDocument(tx: Scoped, tenantId: string, documentId: string) {
  return tx
    .selectFrom('billing_documents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .forUpdate()
    .executeTakeFirst();
}

/** A document's lines, each with where its charge came from (order, line, delivery date). */
export async function listDocumentLines(tx: Scoped, tenantId: string, documentId: string) {
  return tx
    .selectFrom('billing_document_lines as l')
    .leftJoin('order_lines as ol', (j) =>
      j.onRef('ol.tenant_id', '=', 'l.tenant_id').onRef('ol.id', '=', 'l.order_line_id'),
    )
    .leftJoin('orders as o', (j) => j.onRef('o.tenant_id', '=', 'ol.tenant_id').onRef('o.id', '=', 'ol.order_id'))
    .leftJoin('deliveries as d', (j) => j.onRef('d.tenant_id', '=', 'l.tenant_id').onRef('d.id', '=', 'l.delivery_id'))
    .select([
      'l.id',
      'l.line_number',
      'l.charge_kind',
      'l.order_line_id',
      'l.description',
      'l.period_start',
      'l.period_end',
      'l.quantity_hundredths',
      'l.unit_price_pence',
      'l.net_pence',
      'l.vat_code',
      'l.vat_rate_basis_points',
      'l.vat_pence',
      'l.po_number',
      'l.cost_centre',
      'l.subjective_code',
      'l.reason',
      'o.reference as order_reference',
      'ol.line_number as order_line_number',
      'd.delivered_on',
    ])
    .where('l.tenant_id', '=', tenantId)
    .where('l.document_id', '=', documentId)
    .orderBy('l.line_number')
    .execute();
}

export async function findDocumentLine(tx: Scoped, tenantId: string, documentId: string, lineId: string) {
  return tx
    .selectFrom('billing_document_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .where('id', '=', lineId)
    .executeTakeFirst();
}

export async function lastLineNumber(tx: Scoped, tenantId: string, documentId: string): Promise<number> {
  const row = await tx
    .selectFrom('billing_document_lines')
    .select(sql<number>`coalesce(max(line_number), 0)::int`.as('last'))
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .executeTakeFirstOrThrow();
  return row.last;
}

/** Payments allocated to, and final credit notes raised against, each document. */
export async function documentSettlements(
  tx: Scoped,
  tenantId: string,
  documentIds: readonly string[],
): Promise<Map<string, { allocatedPence: number; creditedPence: number }>> {
  const found = new Map<string, { allocatedPence: number; creditedPence: number }>();
  if (documentIds.length === 0) return found;
  for (const id of documentIds) found.set(id, { allocatedPence: 0, creditedPence: 0 });
  const allocated = await tx
    .selectFrom('payment_allocations')
    .select(['document_id', sql<number>`sum(amount_pence)::bigint`.as('pence')])
    .where('tenant_id', '=', tenantId)
    .where('document_id', 'in', documentIds)
    .groupBy('document_id')
    .execute();
  for (const row of allocated) found.get(row.document_id)!.allocatedPence = row.pence;
  const credited = await tx
    .selectFrom('billing_documents')
    .select(['credits_document_id', sql<number>`sum(total_pence)::bigint`.as('pence')])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'final')
    .where('credits_document_id', 'in', documentIds)
    .groupBy('credits_document_id')
    .execute();
  for (const row of credited)
    if (row.credits_document_id) found.get(row.credits_document_id)!.creditedPence = row.pence;
  return found;
}

/** Who a document is to, as the customer account says now: printed on the document when it is finalised. */
export async function findDocumentCustomer(tx: Scoped, tenantId: string, organisationId: string) {
  return tx
    .selectFrom('customer_accounts as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .leftJoin('schools as s', 's.urn', 'o.urn')
    .select([
      'a.id as account_id',
      'o.name',
      'o.kind',
      'a.customer_class',
      'a.account_code',
      'a.billing_contact_name',
      'a.billing_contact_email',
      'a.billing_address_line1',
      'a.billing_address_line2',
      'a.billing_town',
      'a.billing_postcode',
      's.street as school_street',
      's.town as school_town',
      's.postcode as school_postcode',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function takeDocumentNumber(tx: Scoped, tenantId: string, kind: DocumentKind): Promise<string> {
  const { rows } = await sql<{
    number: string;
  }>`select next_document_number(${tenantId}::uuid, ${kind}) as number`.execute(tx);
  return rows[0]!.number;
}

export interface FinalDocumentFacts {
  number: string;
  issuedOn: string;
  taxPoint: string;
  dueOn: string;
  customerName: string;
  customerAddress: string;
  accountCode: string | null;
  costCentre: string | null;
  billingContactName: string | null;
  billingContactEmail: string | null;
  supplierName: string;
  supplierAddress: string;
  supplierVatNumber: string | null;
  remittance: Remittance | null;
  netPence: number;
  vatPence: number;
  totalPence: number;
  finalisedBy: string;
}

/** Draft to final: the number, the dates, who it is to and from as printed, its totals. */
export async function markDocumentFinal(tx: Scoped, tenantId: string, documentId: string, f: FinalDocumentFacts) {
  const result = await tx
    .updateTable('billing_documents')
    .set({
      status: 'final',
      number: f.number,
      issued_on: f.issuedOn,
      tax_point: f.taxPoint,
      due_on: f.dueOn,
      customer_name: f.customerName,
      customer_address: f.customerAddress,
      account_code: f.accountCode,
      cost_centre: f.costCentre,
      billing_contact_name: f.billingContactName,
      billing_contact_email: f.billingContactEmail,
      supplier_name: f.supplierName,
      supplier_address: f.supplierAddress,
      supplier_vat_number: f.supplierVatNumber,
      remittance: f.remittance ? JSON.stringify(f.remittance) : null,
      net_pence: f.netPence,
      vat_pence: f.vatPence,
      total_pence: f.totalPence,
      finalised_by: f.finalisedBy,
      finalised_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records the first sending; the database lets sent_at be set once only. */
export async function markDocumentSent(tx: Scoped, tenantId: string, documentId: string, sentTo: string) {
  await tx
    .updateTable('billing_documents')
    .set({ sent_at: sql<Date>`now()`, sent_to: sentTo })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .where('sent_at', 'is', null)
    .execute();
}

export async function markDocumentVoid(
  tx: Scoped,
  tenantId: string,
  documentId: string,
  voidedBy: string,
  reason: string,
) {
  await tx
    .updateTable('billing_documents')
    .set({ status: 'void', voided_by: voidedBy, voided_at: sql<Date>`now()`, void_reason: reason })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .execute();
}

/** A void document's charges are free to be billed again. */
export async function releaseDocumentClaims(tx: Scoped, tenantId: string, documentId: string) {
  const result = await tx
    .deleteFrom('billed_charges')
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function removeDraftLine(tx: Scoped, tenantId: string, lineId: string) {
  await sql`select remove_draft_line(${tenantId}::uuid, ${lineId}::uuid)`.execute(tx);
}

export async function discardDraft(tx: Scoped, tenantId: string, documentId: string) {
  await sql`select discard_draft(${tenantId}::uuid, ${documentId}::uuid)`.execute(tx);
}

export interface DocumentFilters {
  runId?: string;
  kind?: DocumentKind;
  status?: DocumentStatus;
  organisationId?: string;
}

/** The tenant's documents that the filters choose. */
function filteredDocuments(tx: Scoped, tenantId: string, filters: DocumentFilters) {
  let query = tx.selectFrom('billing_documents as d').where('d.tenant_id', '=', tenantId);
  if (filters.runId) query = query.where('d.run_id', '=', filters.runId);
  if (filters.kind) query = query.where('d.kind', '=', filters.kind);
  if (filters.status) query = query.where('d.status', '=', filters.status);
  if (filters.organisationId) query = query.where('d.organisation_id', '=', filters.organisationId);
  return query;
}

/**
 * A page of the tenant's documents, newest first, with the customer's name for drafts (which print
 * none yet). The page is chosen first, then only its documents' lines are summed.
 */
export async function listTenantDocuments(
  tx: Scoped,
  tenantId: string,
  filters: DocumentFilters,
  page: { limit: number; offset: number },
) {
  return filteredDocuments(tx, tenantId, filters)
    .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('billing_document_lines as l')
          .select([
            sql<number>`coalesce(sum(l.net_pence + l.vat_pence), 0)::bigint`.as('lines_total_pence'),
            sql<number>`count(*)::int`.as('line_count'),
          ])
          .whereRef('l.tenant_id', '=', 'd.tenant_id')
          .whereRef('l.document_id', '=', 'd.id')
          .as('l'),
      (join) => join.onTrue(),
    )
    .select([
      'd.id',
      'd.kind',
      'd.status',
      'd.number',
      'd.run_id',
      'd.issued_on',
      'd.due_on',
      'd.sent_at',
      'd.total_pence',
      'd.created_at',
      'd.organisation_id',
      sql<string>`coalesce(d.customer_name, o.name)`.as('customer_name'),
      // The lateral sum always gives one row, so these are never null.
      sql<number>`l.lines_total_pence`.as('lines_total_pence'),
      sql<number>`l.line_count`.as('line_count'),
    ])
    .orderBy('d.created_at', 'desc')
    .orderBy('d.number', 'desc')
    .orderBy('d.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** How many of the tenant's documents the filters choose, and how many of those are drafts. */
export async function countTenantDocuments(tx: Scoped, tenantId: string, filters: DocumentFilters) {
  const row = await filteredDocuments(tx, tenantId, filters)
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where d.status = 'draft'))::int`.as('drafts'),
    ])
    .executeTakeFirstOrThrow();
  return { total: row.total, drafts: row.drafts };
}

export async function listDraftIdsOfRun(tx: Scoped, tenantId: string, runId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('billing_documents')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('run_id', '=', runId)
    .where('status', '=', 'draft')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * What a buyer was sent, from every provider: row-level security limits the rows to the
 * organisations the buyer acts for (a trust: its schools' too) and never shows a draft.
 */
export async function listBuyerDocuments(tx: Scoped, page: { limit: number; offset: number }) {
  return tx
    .selectFrom('billing_documents as d')
    .innerJoin('tenants as t', 't.id', 'd.tenant_id')
    .select([
      'd.tenant_id',
      'd.id',
      'd.kind',
      'd.status',
      'd.number',
      'd.issued_on',
      'd.due_on',
      'd.sent_at',
      'd.total_pence',
      'd.customer_name',
      't.slug as tenant_slug',
      't.name as tenant_name',
    ])
    .where('d.status', '<>', 'draft')
    .orderBy('d.issued_on', 'desc')
    .orderBy('d.number', 'desc')
    .orderBy('d.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** How many documents the buyer was sent (row-level security decides which, as above). */
export async function countBuyerDocuments(tx: Scoped): Promise<number> {
  const row = await tx
    .selectFrom('billing_documents as d')
    .select(sql<number>`count(*)::int`.as('total'))
    .where('d.status', '<>', 'draft')
    .executeTakeFirstOrThrow();
  return row.total;
}

/** Payments and credits against documents of several tenants, as a buyer may see them. */
export async function buyerDocumentSettlements(tx: Scoped, documents: readonly { tenant_id: string; id: string }[]) {
  const found = new Map<string, { allocatedPence: number; creditedPence: number }>();
  const byTenant = new Map<string, string[]>();
  for (const d of documents) byTenant.set(d.tenant_id, [...(byTenant.get(d.tenant_id) ?? []), d.id]);
  for (const [tenantId, ids] of byTenant)
    for (const [id, s] of await documentSettlements(tx, tenantId, ids)) found.set(id, s);
  return found;
}

export async function findRunLabel(tx: Scoped, tenantId: string, runId: string) {
  return tx
    .selectFrom('billing_runs')
    .select(['id', 'period_label', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', runId)
    .executeTakeFirst();
}
