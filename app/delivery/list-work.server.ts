import { listAssignedLines } from '../../db/queries/commissioning';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { UNIT_KINDS } from '../catalogue/service-input';
import { linePositions } from '../commissioning/line-positions.server';

/** Active lines: those assigned to the person acting, or (mineOnly false) every active line, with where each stands. */
export async function listWork(ctx: TenantContext, mineOnly: boolean) {
  return withTenant(ctx, async (tx) => {
    // The lines and their positions read at once (one write, one wait on PostgreSQL).
    const [lines, positions] = await Promise.all([
      listAssignedLines(tx, ctx.tenantId, mineOnly ? ctx.userId : null),
      linePositions(tx, ctx.tenantId, { activeAssignedTo: mineOnly ? ctx.userId : 'anyone' }),
    ]);
    return lines.map((l) => {
      const position = positions.get(l.id)!;
      return {
        id: l.id,
        buyerName: l.buyerName,
        serviceName: l.service_name,
        reference: l.reference,
        unit: UNIT_KINDS[l.unit_kind],
        assignedName: l.assignedName,
        allowanceHundredths: position.agreed.allowanceHundredths,
        deliveredHundredths: position.delivered.recordedHundredths,
        remainingHundredths: position.remainingHundredths,
      };
    });
  });
}
