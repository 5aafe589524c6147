import { insertAuditEvent } from '../../db/queries/audit';
import { findDocumentLine, lockDocument, removeDraftLine as removeLine } from '../../db/queries/billing-documents';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';

/**
 * Takes a line off a draft, for a reason; its charge is released so a later run can bill it. The
 * audit keeps what the line said, since the line itself is gone.
 */
export async function removeDraftLine(ctx: TenantContext, documentId: string, lineId: string, reason: string) {
  await withTenant(ctx, async (tx) => {
    const doc = await lockDocument(tx, ctx.tenantId, documentId);
    const line = doc ? await findDocumentLine(tx, ctx.tenantId, documentId, lineId) : undefined;
    if (!doc || !line) throw notFound();
    if (doc.status !== 'draft')
      throw new DomainError('document.not_draft', `${doc.number} is final: its lines never change`, undefined, 409);
    await removeLine(tx, ctx.tenantId, lineId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'document.line_removed',
      subjectType: 'billing_document',
      subjectId: documentId,
      detail: {
        reason,
        line: {
          lineNumber: line.line_number,
          chargeKind: line.charge_kind,
          orderLineId: line.order_line_id,
          chargeKey: line.charge_key,
          description: line.description,
          quantityHundredths: line.quantity_hundredths,
          unitPricePence: line.unit_price_pence,
          netPence: line.net_pence,
          vatCode: line.vat_code,
          vatPence: line.vat_pence,
        },
      },
    });
  });
}
