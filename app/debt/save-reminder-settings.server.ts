import { insertAuditEvent } from '../../db/queries/audit';
import { saveReminderSettings } from '../../db/queries/debt-reminders';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import type { ReminderFormData } from './reminder-form';

/** Turns reminder emails on or off and sets the days after the due date they go at; audited. */
export async function saveReminderSettingsFor(ctx: TenantContext, form: ReminderFormData): Promise<void> {
  await withTenant(ctx, async (tx) => {
    await saveReminderSettings(tx, { tenantId: ctx.tenantId, ...form, updatedBy: ctx.userId });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'debt.reminder_settings_saved',
      subjectType: 'tenant',
      subjectId: ctx.tenantId,
      detail: { enabled: form.enabled, daysAfterDue: form.daysAfterDue },
    });
  });
}
