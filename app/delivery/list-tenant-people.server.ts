import { listTenantUsers } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';

/** Everyone who works for this provider: who may deliver a line, or be a school's contact officer. */
export async function listTenantPeople(ctx: TenantContext) {
  const users = await withTenant(ctx, (tx) => listTenantUsers(tx, ctx.tenantId));
  return users.map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role }));
}
