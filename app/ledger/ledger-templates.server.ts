import { insertAuditEvent } from '../../db/queries/audit';
import { findLedgerTemplate, saveLedgerTemplate } from '../../db/queries/ledger';
import type { Scoped } from '../../db/scope.server';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { templateFromRecord, type LedgerTemplate } from './ledger-template';
import { DEFAULT_TEMPLATE } from './presets';

/** The tenant's template, or the plain journal preset until one is saved. */
export async function ledgerTemplateInScope(
  tx: Scoped,
  tenantId: string,
): Promise<{ template: LedgerTemplate; saved: boolean }> {
  const found = await findLedgerTemplate(tx, tenantId);
  return found ? { template: templateFromRecord(found), saved: true } : { template: DEFAULT_TEMPLATE, saved: false };
}

export async function loadLedgerTemplate(ctx: TenantContext) {
  return withTenant(ctx, (tx) => ledgerTemplateInScope(tx, ctx.tenantId));
}

/** Saves the template the next batches are written with; batches already made keep their own. */
export async function saveLedgerTemplateFor(ctx: TenantContext, template: LedgerTemplate): Promise<void> {
  await withTenant(ctx, async (tx) => {
    await saveLedgerTemplate(tx, ctx.tenantId, template, ctx.userId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'ledger.template_saved',
      subjectType: 'tenant',
      subjectId: ctx.tenantId,
      detail: { preset: template.preset, columns: template.columns.length },
    });
  });
}
