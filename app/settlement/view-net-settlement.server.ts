import { listNetSettlements, listPartnerCouncils, netSettlementStatement } from '../../db/queries/net-settlement';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { asNettingRefusal } from './netting-refusal';
import { netPosition } from './statement';

export interface StatementQuestion {
  partnerSlug: string;
  from: string;
  to: string;
}

/**
 * The partner councils to choose from, the statement with the one chosen over the period, and the
 * settlements by netting already made (with it, or with anyone when none is chosen).
 */
export async function viewNetSettlement(ctx: TenantContext, question: StatementQuestion | null) {
  try {
    return await withTenant(ctx, async (tx) => {
      const partners = await listPartnerCouncils(tx, ctx.tenantId);
      const partner = question?.partnerSlug ? partners.find((p) => p.slug === question.partnerSlug) : undefined;
      // Only the tenants that are this one's customers can be chosen; any other is not there.
      if (question?.partnerSlug && !partner) throw notFound();
      const rows = partner && question ? await netSettlementStatement(tx, partner.id, question.from, question.to) : [];
      const settlements = await listNetSettlements(tx, ctx.tenantId, partner?.id);
      return {
        partners,
        partner: partner ?? null,
        rows,
        position: partner ? netPosition(rows) : null,
        settlements: settlements.map((s) => ({ ...s, amountPence: Number(s.amountPence) })),
      };
    });
  } catch (error) {
    throw asNettingRefusal(error);
  }
}
