import { insertAuditEvent } from '../../db/queries/audit';
import { listPartnerCouncils, settleByNetting } from '../../db/queries/net-settlement';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { asNettingRefusal } from './netting-refusal';
import type { SettleInput } from './settlement-form';

/**
 * Settles what this council and a partner owe each other for the period by netting: the same
 * amount recorded as paid on both sides, allocated to each side's oldest open documents, all in
 * one transaction (the database function does the work and checks it, see migration 0028).
 */
export async function settleNetting(ctx: TenantContext, input: SettleInput) {
  try {
    return await withTenant(ctx, async (tx) => {
      const partner = (await listPartnerCouncils(tx, ctx.tenantId)).find((p) => p.slug === input.partner);
      if (!partner) throw notFound();
      const id = await settleByNetting(tx, partner.id, input.from, input.to, input.amount);
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'settlement.netted',
        subjectType: 'net_settlement',
        subjectId: id,
        detail: { partner: partner.name, amountPence: input.amount, from: input.from, to: input.to },
      });
      return { id, partnerName: partner.name };
    });
  } catch (error) {
    throw asNettingRefusal(error);
  }
}
