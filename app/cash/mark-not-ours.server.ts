import { insertAuditEvent } from '../../db/queries/audit';
import { decideBankLine, findBankLine } from '../../db/queries/cash';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { alreadyDecided } from './match-bank-line.server';

/** Money in that is not for this service (another department's, say): it leaves the queue, recorded why. */
export async function markBankLineNotOurs(ctx: TenantContext, lineId: string, reason: string) {
  return withTenant(ctx, async (tx) => {
    const line = await findBankLine(tx, ctx.tenantId, lineId, true);
    if (!line) throw notFound();
    if (line.status !== 'unmatched') throw alreadyDecided();
    await decideBankLine(tx, ctx.tenantId, line.id, {
      status: 'not_ours',
      paymentId: null,
      reason: reason || 'Marked not ours',
      decidedBy: ctx.userId,
    });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'bank_line.not_ours',
      subjectType: 'bank_line',
      subjectId: line.id,
      detail: { amountPence: line.amountPence, bookedOn: line.bookedOn, reference: line.reference, reason },
    });
    return { statementId: line.statementId };
  });
}
