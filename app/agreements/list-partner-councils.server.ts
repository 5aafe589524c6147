import { listPartnerCouncils } from '../../db/queries/agreements';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';

export async function partnerCouncils(ctx: TenantContext) {
  return withTenant(ctx, (tx) => listPartnerCouncils(tx, ctx.tenantId));
}
