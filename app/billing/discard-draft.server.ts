import { insertAuditEvent } from '../../db/queries/audit';
import { discardDraft as discard, listDocumentLines, lockDocument } from '../../db/queries/billing-documents';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';

/** Throws a draft away, releasing its charges; the audit keeps what it held. */
export async function discardDraft(ctx: TenantContext, documentId: string) {
  await withTenant(ctx, async (tx) => {
    const doc = await lockDocument(tx, ctx.tenantId, documentId);
    if (!doc) throw notFound();
    if (doc.status !== 'draft')
      throw new DomainError(
        'document.not_draft',
        `${doc.number} is final: void it or raise a credit note`,
        undefined,
        409,
      );
    const lines = await listDocumentLines(tx, ctx.tenantId, documentId);
    await discard(tx, ctx.tenantId, documentId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'document.discarded',
      subjectType: 'billing_document',
      subjectId: documentId,
      detail: {
        kind: doc.kind,
        organisationId: doc.organisation_id,
        runId: doc.run_id,
        lines: lines.map((l) => ({ description: l.description, netPence: l.net_pence, vatPence: l.vat_pence })),
      },
    });
  });
}
