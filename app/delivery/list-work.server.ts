import { listAssignedLines } from '../../db/queries/commissioning';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { UNIT_KINDS } from '../catalogue/service-input';

/** Active lines: those assigned to the person acting, or (mineOnly false) every active line. */
export async function listWork(ctx: TenantContext, mineOnly: boolean) {
  const lines = await withTenant(ctx, (tx) => listAssignedLines(tx, ctx.tenantId, mineOnly ? ctx.userId : null));
  return lines.map((l) => {
    const delivered = Number(l.deliveredHundredths ?? 0);
    return {
      id: l.id,
      buyerName: l.buyerName,
      serviceName: l.service_name,
      reference: l.reference,
      unit: UNIT_KINDS[l.unit_kind],
      assignedName: l.assignedName,
      allowanceHundredths: l.current_allowance_hundredths,
      deliveredHundredths: delivered,
      remainingHundredths: Math.max(0, l.current_allowance_hundredths - delivered),
    };
  });
}
