import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { sendDueReminders, sendTenantReminders } from '../../app/debt/send-due-reminders.server';
import { getMailer, mailFolder, type Mailer } from '../../app/mail/mailer.server';
import * as remindersPage from '../../app/routes/t.$tenant.finance.reminders';
import { insertAllocation, insertPayment } from '../../db/queries/payments';
import { runScoped, withTenant } from '../../db/scope.server';
import {
  asUser,
  get,
  onDate,
  ownerDb,
  post,
  respond,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';
import { readMails } from '../setup/mail';
import { finalDocument } from '../setup/payments';
import { routeData } from '../setup/route-data';

useToday('2026-03-02');

const remix = routeData();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

let alpha: TestTenant;
let beta: TestTenant;
let ctx: TenantContext;
let alphaFinance: Browser;
let betaFinance: Browser;

const CONTACT = 'accounts@alpha-school.example';

async function pageHtml(browser = alphaFinance, slug = 'alpha', actionData?: unknown) {
  const page = await respond(() =>
    remindersPage.loader(args(get(`/t/${slug}/finance/reminders`, browser), { tenant: slug })),
  );
  remix.loaderData = JSON.parse(JSON.stringify(page.value));
  remix.actionData = actionData === undefined ? undefined : JSON.parse(JSON.stringify(actionData));
  return renderToStaticMarkup(createElement(remindersPage.default));
}

async function saveSettings(fields: Record<string, string>, browser = alphaFinance, slug = 'alpha') {
  return respond(() =>
    remindersPage.action(args(post(`/t/${slug}/finance/reminders`, fields, browser), { tenant: slug })),
  );
}

/** A final invoice of `pence` (VAT exempt) issued on `issuedOn`, due 30 days later. */
function invoiceOn(issuedOn: string, pence: number, kind: 'invoice' | 'recharge' = 'invoice') {
  return onDate(issuedOn, () =>
    finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: pence, vatCode: 'E' }], kind),
  );
}

async function sentRecords() {
  return (await ownerDb())
    .selectFrom('debt_reminders_sent')
    .select(['document_id', 'stage_days', 'days_overdue', 'sent_to', 'message_id', 'outstanding_pence', 'tenant_id'])
    .orderBy('sent_at')
    .execute();
}

/** The Message-ID header of each message in the mail folder, oldest first. */
async function messageIds(): Promise<string[]> {
  const folder = mailFolder();
  const names = readdirSync(folder)
    .filter((n) => n.endsWith('.eml'))
    .sort();
  return Promise.all(names.map(async (n) => (await simpleParser(readFileSync(path.join(folder, n)))).messageId ?? ''));
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  rmSync(mailFolder(), { recursive: true, force: true });
  alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  betaFinance = await asUser(beta.financeId, `tenant:${beta.id}`);
  ctx = await requireTenantMember(get('/t/alpha', alphaFinance), 'alpha', 'finance.manage');
  await (
    await ownerDb()
  )
    .updateTable('customer_accounts')
    .set({ billing_contact_email: CONTACT, billing_contact_name: 'Pat Bursar' })
    .where('organisation_id', '=', alpha.schoolOrganisationId)
    .execute();
});

describe('reminder settings', () => {
  it('are off until finance turns them on, with the days they choose', async () => {
    expect(await pageHtml()).toContain('value="7, 30, 60"');
    const saved = await saveSettings({ enabled: 'yes', days: '60, 7 30, 7' });
    expect(saved.status).toBe(302);
    expect(saved.response!.headers.get('location')).toBe('/t/alpha/finance/reminders?saved=1');
    const row = await (await ownerDb()).selectFrom('debt_reminder_settings').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      tenant_id: alpha.id,
      enabled: true,
      days_after_due: [7, 30, 60],
      updated_by: alpha.financeId,
    });
    const html = await pageHtml();
    expect(html).toContain('value="7, 30, 60"');
    expect(html).toContain('checked="" value="yes"');
    expect(html).toContain('No reminders have been sent yet.');
  });

  it.each([
    [{ days: '7' }, 'enabled', 'Select whether to send reminder emails'],
    [
      { enabled: 'yes', days: '' },
      'days',
      'Enter the days after the due date to send reminders, for example 7, 30, 60',
    ],
    [
      { enabled: 'yes', days: '7, soon' },
      'days',
      'Enter the days as whole numbers, for example 7, 30, 60 (“soon” is not one)',
    ],
    [{ enabled: 'yes', days: '7, 400' }, 'days', 'Each day must be from 1 to 365 days after the due date (400 is not)'],
    [{ enabled: 'yes', days: '0' }, 'days', 'Each day must be from 1 to 365 days after the due date (0 is not)'],
    [{ enabled: 'yes', days: '1,2,3,4,5,6,7' }, 'days', 'Enter at most 6 days'],
    [{ enabled: 'maybe', days: '7' }, 'enabled', 'Select whether to send reminder emails'],
  ])('refuses %j in words on the field, saving nothing', async (fields, field, message) => {
    const result = await saveSettings(fields);
    expect(result.status).toBe(400);
    expect(result.value).toMatchObject({ errors: [{ field, message }] });
    expect(await pageHtml(alphaFinance, 'alpha', result.value)).toContain('govuk-error-summary');
    expect(await (await ownerDb()).selectFrom('debt_reminder_settings').selectAll().execute()).toEqual([]);
  });

  it('are the tenant’s own: another tenant’s finance officer gets 404', async () => {
    expect((await saveSettings({ enabled: 'yes', days: '7' }, betaFinance, 'alpha')).status).toBe(404);
    const page = await respond(() =>
      remindersPage.loader(args(get('/t/alpha/finance/reminders', betaFinance), { tenant: 'alpha' })),
    );
    expect(page.status).toBe(404);
  });
});

describe('the reminder job', () => {
  beforeEach(async () => {
    expect((await saveSettings({ enabled: 'yes', days: '7, 30, 60' })).status).toBe(302);
  });

  it('sends each reminder once, on the day it falls due, however often it runs', async () => {
    const invoice = await invoiceOn('2026-01-01', 10000); // due 31 January
    expect(await sendDueReminders('2026-02-06')).toEqual({ sent: 0, failed: 0, noContact: 0 });
    expect(await sendDueReminders('2026-02-07')).toEqual({ sent: 1, failed: 0, noContact: 0 });
    expect(await sendDueReminders('2026-02-07')).toEqual({ sent: 0, failed: 0, noContact: 0 });
    expect(await sendDueReminders('2026-02-20')).toEqual({ sent: 0, failed: 0, noContact: 0 });
    expect(await sendDueReminders('2026-03-02')).toEqual({ sent: 1, failed: 0, noContact: 0 });

    const mails = await readMails();
    expect(mails.map((m) => [m.to, m.subject])).toEqual([
      [CONTACT, `Reminder: invoice ${invoice.number} from alpha education services is overdue`],
      [CONTACT, `Reminder: invoice ${invoice.number} from alpha education services is overdue`],
    ]);
    expect(mails[0]!.fromName).toBe('alpha education services');
    expect(mails[0]!.replyTo).toBe('alpha@example.com');
    expect(mails[0]!.text).toContain('Dear Pat Bursar,');
    expect(mails[0]!.text).toContain(
      `was due on 31 January 2026. £100.00 of it is still owed, 7 days after the due date.`,
    );
    expect(mails[0]!.text).toContain(`quoting ${invoice.number} as the reference`);
    expect(mails[0]!.text).toContain(`/buy/invoices/alpha/${invoice.id}`);
    expect(mails[1]!.text).toContain('30 days after the due date');

    const records = await sentRecords();
    expect(records.map((r) => [r.document_id, r.stage_days, r.days_overdue, r.sent_to, r.outstanding_pence])).toEqual([
      [invoice.id, 7, 7, CONTACT, 10000],
      [invoice.id, 30, 30, CONTACT, 10000],
    ]);
    expect(await messageIds()).toEqual(records.map((r) => r.message_id));
  });

  it('sends once when two runs go at the same time', async () => {
    await invoiceOn('2026-01-01', 10000);
    const runs = await Promise.all([
      sendDueReminders('2026-02-10'),
      sendDueReminders('2026-02-10'),
      sendDueReminders('2026-02-10'),
    ]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(await readMails()).toHaveLength(1);
    expect(await sentRecords()).toHaveLength(1);
  });

  it('sends only the latest reminder reached, and never an earlier one after a later one', async () => {
    const invoice = await invoiceOn('2025-11-01', 5000); // due 1 December 2025: 91 days on 2 March
    expect(await sendTenantReminders(alpha.id, '2026-03-02')).toEqual({ sent: 1, failed: 0, noContact: 0 });
    expect((await sentRecords()).map((r) => [r.document_id, r.stage_days, r.days_overdue])).toEqual([
      [invoice.id, 60, 91],
    ]);
    // Finance adds an earlier day: the invoice is past it already and not reminded for it.
    expect((await saveSettings({ enabled: 'yes', days: '14' })).status).toBe(302);
    expect(await sendTenantReminders(alpha.id, '2026-03-03')).toEqual({ sent: 0, failed: 0, noContact: 0 });
  });

  it('reminds only invoices still owed: not paid ones, not recharges, not drafts of other tenants', async () => {
    const paid = await invoiceOn('2026-01-01', 10000);
    await withTenant(ctx, async (tx) => {
      const paymentId = await insertPayment(tx, {
        tenantId: alpha.id,
        organisationId: alpha.schoolOrganisationId,
        receivedOn: '2026-02-01',
        amountPence: 10000,
        method: 'bacs',
        reference: 'Paid',
        recordedBy: ctx.userId,
      });
      await insertAllocation(tx, {
        tenantId: alpha.id,
        paymentId,
        documentId: paid.id,
        amountPence: 10000,
        allocatedBy: ctx.userId,
      });
    });
    await invoiceOn('2026-01-01', 2000, 'recharge');
    const betaCtx = await requireTenantMember(get('/t/beta', betaFinance), 'beta', 'finance.manage');
    await onDate('2026-01-01', () =>
      finalDocument(betaCtx, beta.schoolOrganisationId, [{ netPence: 100, vatCode: 'E' }]),
    );
    expect(await sendDueReminders('2026-03-02')).toEqual({ sent: 0, failed: 0, noContact: 0 });
    expect(await readMails()).toEqual([]);
  });

  it('sends nothing while reminders are off', async () => {
    await invoiceOn('2026-01-01', 10000);
    expect((await saveSettings({ enabled: 'no', days: '7, 30, 60' })).status).toBe(302);
    expect(await sendDueReminders('2026-03-02')).toEqual({ sent: 0, failed: 0, noContact: 0 });
  });

  it('lists reminders with nobody to send them to, and sends them once a contact is added', async () => {
    const contact = (email: string | null) =>
      ownerDb().then((db) =>
        db
          .updateTable('customer_accounts')
          .set({ billing_contact_email: email })
          .where('organisation_id', '=', alpha.schoolOrganisationId)
          .execute(),
      );
    await contact(null);
    const invoice = await invoiceOn('2026-01-01', 10000);
    expect(await sendDueReminders('2026-03-02')).toEqual({ sent: 0, failed: 0, noContact: 1 });
    const html = await pageHtml();
    expect(html).toContain('Reminders due with nobody to send them to');
    expect(html).toContain(invoice.number);
    expect(html).toContain('Add a billing contact email to the customer account');
    await contact('new-bursar@alpha-school.example');
    expect(await sendDueReminders('2026-03-02')).toEqual({ sent: 1, failed: 0, noContact: 0 });
    expect((await readMails()).map((m) => m.to)).toEqual(['new-bursar@alpha-school.example']);
    expect(await pageHtml()).not.toContain('Reminders due with nobody to send them to');
  });

  it('gives a failed send back to the next run, which sends it with the same Message-ID', async () => {
    await invoiceOn('2026-01-01', 10000);
    const broken: Mailer = { send: () => Promise.reject(new Error('SMTP server unavailable')) };
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await sendDueReminders('2026-02-10', broken)).toEqual({ sent: 0, failed: 1, noContact: 0 });
    quiet.mockRestore();
    expect(await sentRecords()).toEqual([]);
    const [claim] = await (await ownerDb()).selectFrom('debt_reminder_claims').selectAll().execute();
    expect(await sendDueReminders('2026-02-10', getMailer())).toEqual({ sent: 1, failed: 0, noContact: 0 });
    expect((await sentRecords()).map((r) => r.message_id)).toEqual([claim!.message_id]);
    expect(await messageIds()).toEqual([claim!.message_id]);
  });

  it('lists what was sent to whom and when; the record is never changed or deleted', async () => {
    const invoice = await invoiceOn('2026-01-01', 10000);
    await sendDueReminders('2026-02-07');
    const html = await pageHtml();
    expect(html).toContain(CONTACT);
    expect(html).toContain(`href="/t/alpha/documents/${invoice.id}"`);
    expect(html).toContain('7 days after due (sent 7 days after)');
    expect(html).toContain('£100.00');
    expect(html).toMatch(/\d{1,2} \w+ 20\d\d at /);
    expect(await pageHtml(betaFinance, 'beta')).toContain('No reminders have been sent yet.');

    const db = await ownerDb();
    // The runtime role may not change it at all; even the owner is refused by the trigger.
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) =>
        sql`update debt_reminders_sent set sent_to = 'x@y.example'`.execute(tx),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) => sql`delete from debt_reminders_sent`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(sql`update debt_reminders_sent set sent_to = 'x@y.example'`.execute(db)).rejects.toThrow(
      /never changed or deleted/,
    );
    await expect(sql`delete from debt_reminders_sent`.execute(db)).rejects.toThrow(/never changed or deleted/);
    await expect(sql`delete from debt_reminder_claims`.execute(db)).rejects.toThrow(/stays sent/);
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) => sql`delete from debt_reminder_claims`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    // Another tenant's scope sees none of alpha's record.
    const seen = await runScoped(db, { tenantId: beta.id }, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from debt_reminders_sent`.execute(tx),
    );
    expect(seen.rows[0]!.n).toBe(0);
  });
});
