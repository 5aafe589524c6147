import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { publicUrl } from '../site.server';
import { htmlFromText } from './mail-html';

export interface MailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

export interface Mail {
  to: string;
  subject: string;
  /** The plain-text body; the HTML alternative is made from it unless `html` is given. */
  text: string;
  html?: string;
  /** Shown as the sender's name (the address is the service's own, MAIL_FROM). */
  fromName?: string;
  /** Where replies go: the provider's or buyer's contact, not the service. */
  replyTo?: string;
  attachments?: MailAttachment[];
  /** The Message-ID header (`<id@domain>`), when the sender records it; otherwise one is made. */
  messageId?: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

const DEFAULT_FROM_ADDRESS = 'no-reply@traded.example';
const DEFAULT_FROM_NAME = 'Traded';

/** The service's own sending address: MAIL_FROM ("Name <address>" or an address), else a placeholder. */
export function mailFromAddress(): { name: string; address: string } {
  const configured = process.env.MAIL_FROM?.trim();
  if (!configured) return { name: DEFAULT_FROM_NAME, address: DEFAULT_FROM_ADDRESS };
  const match = /^(.*)<([^<>]+)>\s*$/.exec(configured);
  if (match) return { name: match[1]!.trim().replace(/^"|"$/g, '') || DEFAULT_FROM_NAME, address: match[2]!.trim() };
  return { name: DEFAULT_FROM_NAME, address: configured };
}

/** One message as both transports send it: multipart plain text and HTML, UTF-8 throughout. */
function message(mail: Mail): SendMailOptions {
  const from = mailFromAddress();
  return {
    from: { name: mail.fromName ?? from.name, address: from.address },
    to: mail.to,
    replyTo: mail.replyTo,
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? htmlFromText(mail.text),
    textEncoding: 'quoted-printable',
    messageId: mail.messageId,
    attachments: mail.attachments?.map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.content),
      contentType: a.contentType,
    })),
  };
}

/** Production: through the SMTP server at `url` (smtp:// or smtps://, with credentials if needed). */
export function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url as unknown as SMTPTransport.Options);
  return {
    async send(mail) {
      await transport.sendMail(message(mail));
    },
  };
}

/** Development and tests: each message, exactly as it would be sent, becomes a .eml file in a folder. */
export function folderMailer(folder: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail(message(mail));
      await mkdir(folder, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const safeTo = mail.to.replace(/[^a-z0-9@._-]/gi, '_');
      const file = path.join(folder, `${stamp}-${safeTo}-${crypto.randomUUID().slice(0, 8)}.eml`);
      await writeFile(file, info.message as Buffer);
    },
  };
}

export function mailFolder(): string {
  return process.env.MAIL_DIR ?? path.join(process.cwd(), 'data', 'mail');
}

/** SMTP when SMTP_URL is set; otherwise files in the mail folder (./data/mail). */
export function getMailer(): Mailer {
  const smtp = process.env.SMTP_URL?.trim();
  return smtp ? smtpMailer(smtp) : folderMailer(mailFolder());
}

/**
 * The public address of this service, for links in mail: PUBLIC_URL only, never the request's Host
 * (a forged Host would otherwise plant its own links in mail). The request is not consulted.
 */
export function publicBaseUrl(_request?: Request): string {
  return publicUrl();
}
