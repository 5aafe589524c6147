import { findCustomerAccount } from '../../db/queries/customers';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { accountFieldsOf } from './account-rules';

/** One account of the provider in scope; another tenant's is simply not found. */
export async function viewCustomerAccount(ctx: TenantContext, accountId: string) {
  const a = await withTenant(ctx, (tx) => findCustomerAccount(tx, ctx.tenantId, accountId));
  if (!a) throw notFound();
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    urn: a.urn,
    trustName: a.trustName,
    inTrust: a.kind === 'school' && a.trustId !== null,
    updatedAt: a.updated_at.toISOString(),
    fields: accountFieldsOf(a),
  };
}
