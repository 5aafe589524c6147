import { insertAuditEvent } from '../../db/queries/audit';
import { findColumnMapping, saveColumnMapping } from '../../db/queries/cash';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import type { ColumnMapping } from './csv-layouts';

export async function columnMappingOf(ctx: TenantContext): Promise<ColumnMapping | null> {
  return withTenant(ctx, (tx) => findColumnMapping(tx, ctx.tenantId));
}

/** Finance sets the columns of their bank's CSV once; every later import with it uses them. */
export async function setColumnMapping(ctx: TenantContext, mapping: ColumnMapping) {
  await withTenant(ctx, async (tx) => {
    await saveColumnMapping(tx, ctx.tenantId, mapping, ctx.userId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'bank_mapping.set',
      subjectType: 'tenant',
      subjectId: ctx.tenantId,
      detail: { ...mapping },
    });
  });
}
