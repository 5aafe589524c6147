import { insertAuditEvent } from '../../db/queries/audit';
import { updateProviderSettings } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';

export interface ProviderSettings {
  autoConfirmDays: number;
  paymentTermsDays: number;
  contactEmail: string;
  /** Printed on VAT invoices; none means VAT invoices cannot be finalised. */
  vatNumber?: string | null;
  /** Printed on invoices as where to pay (all three, or none). */
  bankName?: string | null;
  bankSortCode?: string | null;
  bankAccountNumber?: string | null;
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
          vatNumber: ctx.tenant.vat_number,
          bankName: ctx.tenant.bank_name,
          bankSortCode: ctx.tenant.bank_sort_code,
          bankAccountNumber: ctx.tenant.bank_account_number,
        },
        after: settings,
      },
    });
  });
}
