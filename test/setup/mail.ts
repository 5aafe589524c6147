import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { mailFolder } from '../../app/mail/mailer.server';

export interface ReadMail {
  file: string;
  to: string;
  from: string;
  fromName: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value);

/** A message as a mail client reads it (headers decoded, parts separated). */
export async function readMail(raw: Buffer | string, file = ''): Promise<ReadMail> {
  const parsed = await simpleParser(raw);
  const from = addresses(parsed.from)[0];
  return {
    file,
    to: addresses(parsed.to)
      .map((a) => a.address)
      .join(', '),
    from: from?.address ?? '',
    fromName: from?.name ?? '',
    replyTo: addresses(parsed.replyTo)[0]?.address ?? null,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? '',
      contentType: a.contentType,
      content: a.content,
    })),
  };
}

/** Every message in a mail folder (the tests' MAIL_DIR by default), oldest first. */
export async function readMails(folder = mailFolder()): Promise<ReadMail[]> {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  names.sort();
  return Promise.all(names.map((n) => readMail(readFileSync(path.join(folder, n)), n)));
}
