import type { ChargeKind, DocumentKind, VatCode } from '../schema';
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
