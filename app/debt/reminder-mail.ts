import type { ReminderDueRow } from '../../db/queries/debt-reminders';
import { formatDate } from '../calendar/contract-year';
import type { Mail } from '../mail/mailer.server';
import { onBehalfOf } from '../mail/on-behalf-of';
import { formatPence } from '../money';

export interface ReminderProvider {
  name: string;
  slug: string;
  contactEmail: string | null;
  bank: { name: string; sortCode: string; accountNumber: string } | null;
}

/** A Message-ID for one reminder (invoice and reminder day), unique to the claim that sends it. */
export function reminderMessageId(r: Pick<ReminderDueRow, 'documentId' | 'stageDays'>, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'traded.example';
  return `<debt-reminder.${r.documentId}.${r.stageDays}.${crypto.randomUUID()}@${domain}>`;
}

/** The reminder a customer's billing contact gets for an overdue invoice, from the provider. */
export function reminderMail(
  provider: ReminderProvider,
  r: ReminderDueRow & { sendTo: string },
  baseUrl: string,
  messageId: string,
): Mail {
  const owed = formatPence(r.outstandingPence);
  const days = r.daysOverdue === 1 ? '1 day' : `${r.daysOverdue} days`;
  const howToPay = provider.bank
    ? `Please pay ${owed} by bank transfer to ${provider.bank.name}, sort code ${provider.bank.sortCode}, account number ${provider.bank.accountNumber}, quoting ${r.number} as the reference.`
    : `Please pay ${owed}, quoting ${r.number} as the reference.`;
  return {
    to: r.sendTo,
    subject: `Reminder: invoice ${r.number} from ${provider.name} is overdue`,
    text: [
      `Dear ${r.contactName ?? r.customerName},`,
      `Invoice ${r.number} from ${provider.name} to ${r.customerName} was due on ${formatDate(r.dueOn)}. ${owed} of it is still owed, ${days} after the due date.`,
      `${howToPay} If you have paid it already, thank you: please ignore this reminder.`,
      `You can see the invoice online:\n${baseUrl}/buy/invoices/${provider.slug}/${r.documentId}`,
      `If you have a question about this invoice, reply to this email.`,
      provider.name,
    ].join('\n\n'),
    ...onBehalfOf(provider.name, provider.contactEmail),
    messageId,
  };
}
