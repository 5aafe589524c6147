import { insertAuditEvent } from '../../db/queries/audit';
import { updateProviderSettings } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';

export interface ProviderSettings {
  autoConfirmDays: number;
  paymentTermsDays: number;
  contactEmail: string;
}

/** A tenant admin changes the provider's own settings; every change is audited with before and after. */
export async function saveProviderSettings(ctx: TenantContext, settings: ProviderSettings) {
  await withTenant(ctx, async (tx) => {
    if (!(await updateProviderSettings(tx, ctx.tenantId, settings)))
      throw new Error('The provider could not be updated');
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'settings.changed',
      subjectType: 'tenant',
      subjectId: ctx.tenantId,
      detail: {
        before: {
          autoConfirmDays: ctx.tenant.auto_confirm_days,
          paymentTermsDays: ctx.tenant.payment_terms_days,
          contactEmail: ctx.tenant.contact_email,
        },
        after: settings,
      },
    });
  });
}
