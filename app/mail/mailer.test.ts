import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMail, readMails } from '../../test/setup/mail';
import { folderMailer, getMailer, smtpMailer, type Mail } from './mailer.server';

// The mail adapter against a real SMTP server started here (the smtp-server package), read back as
// a mail client would (mailparser): headers, both parts, UTF-8 and attachments survive.

const received: { from: string; to: string[]; raw: Buffer }[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const pdf = Buffer.from('%PDF-1.7\n% a tiny stand-in for an invoice\n');
const invoiceMail: Mail = {
  to: 'bursar@ryde-academy.example',
  subject: 'Invoice SOTON-INV-000123: £1,545.00 for Educational psychology',
  text: 'Dear Ryde Academy,\n\nYour invoice for £1,545.00 is attached.\n\nPay or view it at https://traded.example/buy/invoices/123.\n\nSouthampton City Council Education Services',
  fromName: 'Southampton City Council Education Services',
  replyTo: 'traded.services@southampton.gov.uk',
  attachments: [{ filename: 'SOTON-INV-000123.pdf', content: pdf, contentType: 'application/pdf' }],
};

describe('sending mail through SMTP', () => {
  it('delivers a multipart UTF-8 message with From, Reply-To and an attachment', async () => {
    const before = received.length;
    process.env.MAIL_FROM = 'Traded <notifications@traded.example>';
    try {
      await smtpMailer(`smtp://127.0.0.1:${port}`).send(invoiceMail);
    } finally {
      delete process.env.MAIL_FROM;
    }
    expect(received).toHaveLength(before + 1);
    const envelope = received.at(-1)!;
    expect(envelope.from).toBe('notifications@traded.example');
    expect(envelope.to).toEqual(['bursar@ryde-academy.example']);

    const mail = await readMail(envelope.raw);
    expect(mail).toMatchObject({
      to: 'bursar@ryde-academy.example',
      from: 'notifications@traded.example',
      fromName: 'Southampton City Council Education Services',
      replyTo: 'traded.services@southampton.gov.uk',
      subject: 'Invoice SOTON-INV-000123: £1,545.00 for Educational psychology',
    });
    expect(mail.text).toContain('Your invoice for £1,545.00 is attached.');
    expect(mail.html).toContain('<a href="https://traded.example/buy/invoices/123">');
    expect(mail.html).toContain('£1,545.00');
    expect(mail.attachments).toEqual([
      { filename: 'SOTON-INV-000123.pdf', contentType: 'application/pdf', content: pdf },
    ]);
    expect(envelope.raw.toString('latin1')).toMatch(/^Content-Type: multipart\/mixed/m);
    expect(envelope.raw.toString('latin1')).toMatch(/charset=utf-8/i);
  });

  it('is the transport when SMTP_URL is set', async () => {
    const before = received.length;
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    try {
      await getMailer().send({ to: 'head@bitterne-park.example', subject: 'Order approved', text: 'Approved.' });
    } finally {
      delete process.env.SMTP_URL;
    }
    expect(received).toHaveLength(before + 1);
    expect((await readMail(received.at(-1)!.raw)).subject).toBe('Order approved');
  });

  it('reports a server that cannot be reached, so the caller can log it', async () => {
    await expect(smtpMailer('smtp://127.0.0.1:1').send(invoiceMail)).rejects.toThrow();
  });
});

describe('the mail folder (development)', () => {
  it('writes each message exactly as it would be sent', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'traded-mail-test-'));
    try {
      await folderMailer(folder).send(invoiceMail);
      const [mail] = await readMails(folder);
      expect(mail).toMatchObject({
        to: 'bursar@ryde-academy.example',
        from: 'no-reply@traded.example',
        fromName: 'Southampton City Council Education Services',
        replyTo: 'traded.services@southampton.gov.uk',
        subject: invoiceMail.subject,
      });
      expect(mail!.attachments.map((a) => a.filename)).toEqual(['SOTON-INV-000123.pdf']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
