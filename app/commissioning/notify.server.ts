import { getMailer, type Mail } from '../mail/mailer.server';

/**
 * Sends after the work has committed; a mail that fails is logged, never undoes the work (the
 * person sees the state on their pages either way).
 */
export async function sendAll(mails: Mail[]): Promise<void> {
  const mailer = getMailer();
  for (const mail of mails) {
    try {
      await mailer.send(mail);
    } catch (error) {
      console.error(`Could not send "${mail.subject}" to ${mail.to}:`, error);
    }
  }
}
