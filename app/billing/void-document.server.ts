import { insertAuditEvent } from '../../db/queries/audit';
import { voidInStripe } from '../payments/void-in-stripe.server';
import { lockDocument, markDocumentVoid, releaseDocumentClaims } from '../../db/queries/billing-documents';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { asDomainRefusal } from './database-refusal';

/**
 * Voids a final document before anything is paid or credited against it: it keeps its number
 * and shows VOID; its charges are released so that a later run can bill them again. The database
 * refuses a document with a payment or credit note; that refusal is said in words.
 */
export async function voidDocument(ctx: TenantContext, documentId: string, reason: string) {
  try {
    await withTenant(ctx, async (tx) => {
      const doc = await lockDocument(tx, ctx.tenantId, documentId);
      if (!doc) throw notFound();
      if (doc.status === 'draft')
        throw new DomainError('document.draft_not_voided', 'A draft is not voided: discard it instead', undefined, 409);
      if (doc.status === 'void')
        throw new DomainError('document.already_void', `${doc.number} is already void`, undefined, 409);
      await markDocumentVoid(tx, ctx.tenantId, documentId, ctx.userId, reason);
      const released = await releaseDocumentClaims(tx, ctx.tenantId, documentId);
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'document.voided',
        subjectType: 'billing_document',
        subjectId: documentId,
        detail: { number: doc.number, reason, chargesReleased: released },
      });
    });
  } catch (error) {
    throw asDomainRefusal(error, 'document.void_refused', 'voidReason');
  }
  // After the commit, so that it can no longer be paid on Stripe's page either (never throws).
  await voidInStripe(ctx.tenantId, documentId);
}
