import {
  claimReminder,
  findReminderSender,
  findReminderSettings,
  insertReminderSent,
  listRemindersDue,
  releaseReminderClaim,
} from '../../db/queries/debt-reminders';
import { listTenantIds } from '../../db/queries/delivery';
import { withPerson, withTenant } from '../../db/scope.server';
import { londonToday, type IsoDate } from '../calendar/contract-year';
import { getMailer, mailFromAddress, publicBaseUrl, type Mailer } from '../mail/mailer.server';
import { reminderMail, reminderMessageId, type ReminderProvider } from './reminder-mail';

export interface ReminderRun {
  sent: number;
  failed: number;
  /** Reminders due to customers with no billing contact email: nobody to send them to. */
  noContact: number;
}

/** How long a sender holds a reminder before another run may try it (its send failed or it died). */
const CLAIM_MINUTES = 15;

/**
 * One tenant's reminders due today, each sent once: claimed (so a second run, even at the same
 * time, passes it by), mailed, then recorded. A failed send gives the claim back for the next run.
 */
export async function sendTenantReminders(
  tenantId: string,
  today: IsoDate = londonToday(),
  mailer: Mailer = getMailer(),
): Promise<ReminderRun> {
  const scope = { tenantId };
  const found = await withTenant(scope, async (tx) => {
    // Off (the default): not even the open invoices are looked at.
    if (!(await findReminderSettings(tx, tenantId))?.enabled) return null;
    return { tenant: await findReminderSender(tx, tenantId), due: await listRemindersDue(tx, tenantId, today) };
  });
  const run: ReminderRun = { sent: 0, failed: 0, noContact: 0 };
  if (!found?.tenant || found.due.length === 0) return run;
  const t = found.tenant;
  const provider: ReminderProvider = {
    name: t.name,
    slug: t.slug,
    contactEmail: t.contact_email,
    bank: t.bank_name
      ? { name: t.bank_name, sortCode: t.bank_sort_code ?? '', accountNumber: t.bank_account_number ?? '' }
      : null,
  };
  const from = mailFromAddress().address;
  const baseUrl = publicBaseUrl();
  for (const r of found.due) {
    const sendTo = r.sendTo;
    if (!sendTo) {
      run.noContact++;
      continue;
    }
    const messageId = await withTenant(scope, (tx) =>
      claimReminder(tx, {
        tenantId,
        documentId: r.documentId,
        stageDays: r.stageDays,
        messageId: reminderMessageId(r, from),
        leaseMinutes: CLAIM_MINUTES,
      }),
    );
    if (!messageId) continue;
    try {
      await mailer.send(reminderMail(provider, { ...r, sendTo }, baseUrl, messageId));
    } catch (error) {
      console.error(`Could not send the reminder for ${r.number} to ${sendTo}:`, error);
      await withTenant(scope, (tx) => releaseReminderClaim(tx, tenantId, r.documentId, r.stageDays));
      run.failed++;
      continue;
    }
    await withTenant(scope, (tx) =>
      insertReminderSent(tx, {
        tenantId,
        documentId: r.documentId,
        organisationId: r.organisationId,
        stageDays: r.stageDays,
        daysOverdue: r.daysOverdue,
        outstandingPence: r.outstandingPence,
        sentTo: sendTo,
        messageId,
      }),
    );
    run.sent++;
  }
  return run;
}

/** The scheduled job: every tenant's reminders due today. One tenant's failure stops no other's. */
export async function sendDueReminders(
  today: IsoDate = londonToday(),
  mailer: Mailer = getMailer(),
): Promise<ReminderRun> {
  const tenants = await withPerson(null, (tx) => listTenantIds(tx));
  const total: ReminderRun = { sent: 0, failed: 0, noContact: 0 };
  for (const { id } of tenants) {
    try {
      const run = await sendTenantReminders(id, today, mailer);
      total.sent += run.sent;
      total.failed += run.failed;
      total.noContact += run.noContact;
    } catch (error) {
      console.error(`Reminder emails for tenant ${id} failed:`, error);
      total.failed++;
    }
  }
  return total;
}
