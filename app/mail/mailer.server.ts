import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { publicUrl } from '../site.server';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Development and tests: each message becomes a file in a folder (./data/mail by default). */
export function folderMailer(folder: string): Mailer {
  return {
    async send(mail) {
      await mkdir(folder, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const safeTo = mail.to.replace(/[^a-z0-9@._-]/gi, '_');
      const file = path.join(folder, `${stamp}-${safeTo}-${crypto.randomUUID().slice(0, 8)}.eml`);
      const body = `To: ${mail.to}\nSubject: ${mail.subject}\nDate: ${new Date().toUTCString()}\n\n${mail.text}\n`;
      await writeFile(file, body, 'utf8');
    },
  };
}

export function mailFolder(): string {
  return process.env.MAIL_DIR ?? path.join(process.cwd(), 'data', 'mail');
}

export function getMailer(): Mailer {
  return folderMailer(mailFolder());
}

/**
 * The public address of this service, for links in mail: PUBLIC_URL only, never the request's Host
 * (a forged Host would otherwise plant its own links in mail). The request is not consulted.
 */
export function publicBaseUrl(_request?: Request): string {
  return publicUrl();
}
