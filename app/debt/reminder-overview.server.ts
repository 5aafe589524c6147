import { findReminderSettings, listRemindersDue, listRemindersSent } from '../../db/queries/debt-reminders';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { DEFAULT_REMINDER_DAYS } from './reminder-form';

/** The latest this many reminders are listed. */
export const REMINDERS_LISTED = 200;

/** The tenant's reminder settings, the reminders sent (newest first) and those nobody can be sent. */
export async function reminderOverview(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const settings = await findReminderSettings(tx, ctx.tenantId);
    const sent = await listRemindersSent(tx, ctx.tenantId, REMINDERS_LISTED);
    const due = settings?.enabled ? await listRemindersDue(tx, ctx.tenantId, londonToday()) : [];
    return {
      enabled: settings?.enabled ?? false,
      daysAfterDue: settings?.daysAfterDue ?? DEFAULT_REMINDER_DAYS,
      sent: sent.map((r) => ({ ...r, sentAt: new Date(r.sentAt).toISOString() })),
      noContact: due.filter((r) => !r.sendTo),
    };
  });
}
