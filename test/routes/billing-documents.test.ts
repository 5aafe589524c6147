import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../../app/auth/guards.server';
import { NO_VAT_NUMBER_MESSAGE, finaliseDocument } from '../../app/billing/finalise-document.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { orderForProvider } from '../../app/commissioning/order-detail.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { priceModelSchema } from '../../app/pricing/price-model';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as buyerList from '../../app/routes/buy.invoices._index';
import * as buyerPage from '../../app/routes/buy.invoices.$tenant.$documentId';
import * as buyerPdf from '../../app/routes/buy.invoices.$tenant.$documentId[.pdf]';
import * as page from '../../app/routes/t.$tenant.documents.$documentId';
import * as pdfRoute from '../../app/routes/t.$tenant.documents.$documentId[.pdf]';
import * as list from '../../app/routes/t.$tenant.documents._index';
import * as settings from '../../app/routes/t.$tenant.settings';
import { insertDraftDocument, type DraftLine } from '../../db/queries/billing-documents';
import type { DocumentKind } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import { readMails } from '../setup/mail';
import {
  addBuyer,
  asUser,
  createUser,
  EP_DAY_FIELDS,
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
import { finishedRun } from '../setup/billing-customers';

useToday('2026-03-02');

let alpha: TestTenant;
let beta: TestTenant;
let alphaCtx: TenantContext;
let alphaFinance: Browser;
let betaFinance: Browser;

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  betaFinance = await asUser(beta.financeId, `tenant:${beta.id}`);
  alphaCtx = await requireTenantMember(get('/t/alpha', alphaFinance), 'alpha', 'finance.manage');
  const db = await ownerDb();
  await db
    .updateTable('tenants')
    .set({ bank_name: 'Demo Bank', bank_sort_code: '00-00-01', bank_account_number: '00000001' })
    .where('id', '=', alpha.id)
    .execute();
  await db
    .updateTable('customer_accounts')
    .set({
      billing_contact_name: 'Sam Bursar',
      billing_contact_email: 'accounts@alpha-school.example',
      billing_address_line1: '2 School Lane',
      billing_town: 'Southampton',
      billing_postcode: 'SO15 2AA',
      account_code: 'ALPHA-0001',
    })
    .where('organisation_id', '=', alpha.schoolOrganisationId)
    .execute();
  alphaCtx = await requireTenantMember(get('/t/alpha', alphaFinance), 'alpha', 'finance.manage');
});

function manual(description: string, netPence: number, vatCode: 'S' | 'E' | 'O' = 'S'): DraftLine {
  const vatPence = vatCode === 'S' ? Math.round(netPence * 0.2) : 0;
  return {
    chargeKind: 'manual',
    orderLineId: null,
    chargeKey: null,
    deliveryId: null,
    description,
    periodStart: null,
    periodEnd: null,
    quantityHundredths: 100,
    unitPricePence: netPence,
    netPence,
    vatCode,
    vatRateBasisPoints: vatCode === 'S' ? 2000 : 0,
    vatPence,
    poNumber: null,
    costCentre: null,
    subjectiveCode: null,
    reason: 'Agreed by phone',
  };
}

async function draft(
  t: TestTenant,
  lines: DraftLine[],
  kind: DocumentKind = 'invoice',
  runId: string | null = null,
): Promise<string> {
  return withTenant({ tenantId: t.id }, (tx) =>
    insertDraftDocument(tx, t.id, {
      kind,
      runId,
      organisationId: t.schoolOrganisationId,
      poNumber: 'PO-77',
      createdBy: null,
      lines,
    }),
  );
}

const act = (documentId: string, fields: Record<string, string>, browser = alphaFinance, tenant = 'alpha') =>
  respond(() =>
    page.action(args(post(`/t/${tenant}/documents/${documentId}`, fields, browser), { tenant, documentId })),
  );

const view = async (documentId: string, browser = alphaFinance, tenant = 'alpha') =>
  respond(() => page.loader(args(get(`/t/${tenant}/documents/${documentId}`, browser), { tenant, documentId })));

const documentRow = async (id: string) =>
  (await ownerDb()).selectFrom('billing_documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const auditOf = async (id: string) =>
  (await ownerDb())
    .selectFrom('audit_events')
    .select(['action', 'detail'])
    .where('subject_id', '=', id)
    .orderBy('id')
    .execute();

const errorsOf = (r: { value?: unknown }) => (r.value as { errors: Array<{ field?: string; message: string }> }).errors;

/** Mails to one address among those sent after `since` mails were already in the folder. */
async function mailsTo(address: string, since: number) {
  return (await readMails()).slice(since).filter((m) => m.to === address);
}
const mailCount = async () => (await readMails()).length;

describe('finalising a draft', () => {
  it('numbers it from the series, dates it, prints who it is to and from, totals it, freezes it and audits it', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000), manual('Training day', 5000, 'E')]);
    const done = await act(id, { intent: 'finalise' });
    expect(done.status).toBe(302);
    const row = await documentRow(id);
    expect(row).toMatchObject({
      status: 'final',
      number: 'TST-INV000001',
      issued_on: '2026-03-02',
      tax_point: '2026-03-02',
      due_on: '2026-04-01',
      customer_name: 'alpha primary school',
      customer_address: '2 School Lane\nSouthampton\nSO15 2AA',
      account_code: 'ALPHA-0001',
      billing_contact_email: 'accounts@alpha-school.example',
      supplier_name: 'alpha education services',
      supplier_address: '1 High Street\nSO14 7LY',
      supplier_vat_number: 'GB000000000',
      remittance: { bankName: 'Demo Bank', sortCode: '00-00-01', accountNumber: '00000001' },
      net_pence: 15000,
      vat_pence: 2000,
      total_pence: 17000,
      finalised_by: alpha.financeId,
    });
    expect((await auditOf(id)).map((a) => a.action)).toContain('document.finalised');

    const shown = await view(id);
    const doc = (shown.value as { document: { totals: { byRate: Array<{ vatCode: string; netPence: number }> } } })
      .document;
    expect(doc.totals.byRate).toEqual([
      { vatCode: 'S', rateBasisPoints: 2000, netPence: 10000, vatPence: 2000 },
      { vatCode: 'E', rateBasisPoints: 0, netPence: 5000, vatPence: 0 },
    ]);
  });

  it('a second finalisation of the same document is a clear refusal (409), never a 500, and takes no number', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    expect((await act(id, { intent: 'finalise' })).status).toBe(302);
    const again = await act(id, { intent: 'finalise' });
    expect(again.status).toBe(409);
    expect(errorsOf(again)[0]!.message).toBe('This VAT invoice is already final as TST-INV000001');
    const next = await draft(alpha, [manual('More advice', 100)]);
    expect((await finaliseDocument(alphaCtx, next)).number).toBe('TST-INV000002');
  });

  it('refuses a draft with no lines, and one that comes to less than nothing', async () => {
    const empty = await draft(alpha, []);
    const refusedEmpty = await act(empty, { intent: 'finalise' });
    expect(refusedEmpty.status).toBe(400);
    expect(errorsOf(refusedEmpty)[0]!.message).toMatch(/no lines/);
    const negative = await draft(alpha, [manual('Refund of overcharge', -5000)]);
    const refusedNegative = await act(negative, { intent: 'finalise' });
    expect(refusedNegative.status).toBe(400);
    expect(errorsOf(refusedNegative)[0]!.message).toMatch(/-£60\.00.*less than nothing/);
    expect((await documentRow(negative)).status).toBe('draft');
  });

  it('refuses a VAT invoice while the provider has no VAT number, but not an internal recharge', async () => {
    await (await ownerDb()).updateTable('tenants').set({ vat_number: null }).where('id', '=', alpha.id).execute();
    const invoice = await draft(alpha, [manual('HR advice', 10000)]);
    const refused = await act(invoice, { intent: 'finalise' });
    expect(refused.status).toBe(400);
    expect(errorsOf(refused)[0]!.message).toBe(NO_VAT_NUMBER_MESSAGE);
    expect(NO_VAT_NUMBER_MESSAGE).toBe('Add your VAT registration number in Settings before finalising VAT invoices');
    expect((await documentRow(invoice)).number).toBeNull();
    const recharge = await draft(alpha, [manual('Clerking', 10000, 'O')], 'recharge');
    expect((await act(recharge, { intent: 'finalise' })).status).toBe(302);
    expect(await documentRow(recharge)).toMatchObject({ number: 'TST-RCH000001', supplier_vat_number: null });
  });
});

describe('a credit note', () => {
  it('for more than is left of its invoice is refused in words, with a 409, and takes no number', async () => {
    const invoice = await draft(alpha, [manual('HR advice', 10000)]);
    await finaliseDocument(alphaCtx, invoice);
    const credit = await withTenant({ tenantId: alpha.id }, (tx) =>
      insertDraftDocument(tx, alpha.id, {
        kind: 'credit_note',
        runId: null,
        organisationId: alpha.schoolOrganisationId,
        poNumber: null,
        creditsDocumentId: invoice,
        reason: 'Overcharged',
        createdBy: null,
        lines: [{ ...manual('Credit for HR advice', 20000), chargeKind: 'credit' }],
      }),
    );
    const refused = await act(credit, { intent: 'finalise' });
    expect(refused.status).toBe(409);
    expect(errorsOf(refused)[0]!.message).toMatch(/at most 12000 pence/);
    expect(await documentRow(credit)).toMatchObject({ status: 'draft', number: null });
    const shown = await view(invoice);
    expect((shown.value as { document: { number: string } }).document.number).toBe('TST-INV000001');
  });
});

describe('sending', () => {
  it('emails the billing contact the PDF, named in the subject, and records the first sending only', async () => {
    const since = await mailCount();
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    const done = await act(id, { intent: 'finalise' });
    expect(done.response?.headers.get('location')).toBe(`/t/alpha/documents/${id}?finalised=1&sent=1`);
    const mails = await mailsTo('accounts@alpha-school.example', since);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toContain('TST-INV000001');
    expect(mail.fromName).toBe('alpha education services');
    expect(mail.replyTo).toBe('alpha@example.com');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'TST-INV000001.pdf', contentType: 'application/pdf' });
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    const first = await documentRow(id);
    expect(first.sent_to).toBe('accounts@alpha-school.example');
    expect(first.sent_at).not.toBeNull();

    expect((await act(id, { intent: 'send' })).status).toBe(302);
    expect(await mailsTo('accounts@alpha-school.example', since)).toHaveLength(2);
    expect((await documentRow(id)).sent_at).toEqual(first.sent_at);
    expect((await auditOf(id)).map((a) => a.action)).toEqual([
      'document.finalised',
      'document.sent',
      'document.resent',
    ]);
  });

  it('says when there is nobody to send to, and does not mark it sent; once a contact is added it can be sent', async () => {
    await (
      await ownerDb()
    )
      .updateTable('customer_accounts')
      .set({ billing_contact_email: null })
      .where('organisation_id', '=', alpha.schoolOrganisationId)
      .execute();
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    const done = await act(id, { intent: 'finalise' });
    expect(done.response?.headers.get('location')).toBe(`/t/alpha/documents/${id}?finalised=1&sent=0`);
    expect(await documentRow(id)).toMatchObject({ status: 'final', sent_at: null, sent_to: null });

    await (
      await ownerDb()
    )
      .updateTable('customer_accounts')
      .set({ billing_contact_email: 'new.bursar@alpha-school.example' })
      .where('organisation_id', '=', alpha.schoolOrganisationId)
      .execute();
    const sent = await act(id, { intent: 'send' });
    expect(sent.response?.headers.get('location')).toBe(`/t/alpha/documents/${id}?sent=1`);
    expect((await documentRow(id)).sent_to).toBe('new.bursar@alpha-school.example');
  });

  it('a draft is not sent', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    const refused = await act(id, { intent: 'send' });
    expect(refused.status).toBe(409);
    expect(errorsOf(refused)[0]!.message).toBe('Finalise the draft before sending it');
  });
});

describe('finalising all the drafts of a run', () => {
  it('finalises and sends each, and says which were refused and why', async () => {
    const since = await mailCount();
    const run = await finishedRun(alpha.id, 'February 2026', '2026-02-28');
    const a = await draft(alpha, [manual('HR advice', 10000)], 'invoice', run.id);
    const empty = await draft(alpha, [], 'invoice', run.id);
    const b = await draft(alpha, [manual('Clerking', 2000, 'O')], 'recharge', run.id);
    const elsewhere = await draft(alpha, [manual('Not in the run', 100)]);

    const listed = await respond(() =>
      list.loader(args(get(`/t/alpha/documents?run=${run.id}`, alphaFinance), { tenant: 'alpha' })),
    );
    expect((listed.value as { documents: unknown[] }).documents).toHaveLength(3);

    const result = await respond(() =>
      list.action(
        args(post('/t/alpha/documents', { intent: 'finalise-all', runId: run.id }, alphaFinance), { tenant: 'alpha' }),
      ),
    );
    expect(result.status).toBe(422);
    const outcome = (
      result.value as { outcome: { finalised: Array<{ number: string }>; refused: Array<{ documentId: string }> } }
    ).outcome;
    expect(outcome.finalised.map((f) => f.number).sort()).toEqual(['TST-INV000001', 'TST-RCH000001']);
    expect(outcome.refused.map((r) => r.documentId)).toEqual([empty]);
    expect((await documentRow(a)).sent_at).not.toBeNull();
    expect((await documentRow(b)).sent_at).not.toBeNull();
    expect((await documentRow(elsewhere)).status).toBe('draft');
    expect(await mailsTo('accounts@alpha-school.example', since)).toHaveLength(2);
  });

  it("another tenant's run is not found", async () => {
    const run = await finishedRun(alpha.id, 'February 2026', '2026-02-28');
    await draft(alpha, [manual('HR advice', 10000)], 'invoice', run.id);
    const listed = await respond(() =>
      list.loader(args(get(`/t/beta/documents?run=${run.id}`, betaFinance), { tenant: 'beta' })),
    );
    expect(listed.status).toBe(404);
    const result = await respond(() =>
      list.action(
        args(post('/t/beta/documents', { intent: 'finalise-all', runId: run.id }, betaFinance), { tenant: 'beta' }),
      ),
    );
    expect((result.value as { outcome: { finalised: unknown[] } }).outcome.finalised).toEqual([]);
    expect(
      (await (await ownerDb()).selectFrom('billing_documents').select('status').execute()).map((r) => r.status),
    ).toEqual(['draft']);
  });
});

describe('reviewing a draft', () => {
  it('removes a line for a reason, auditing what the line said', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000), manual('Wrong line', 999)]);
    const lines = await (
      await ownerDb()
    )
      .selectFrom('billing_document_lines')
      .select(['id', 'description'])
      .where('document_id', '=', id)
      .orderBy('line_number')
      .execute();
    const wrong = lines[1]!;
    const noReason = await act(id, { intent: 'remove-line', lineId: wrong.id, removeReason: ' ' });
    expect(noReason.status).toBe(400);
    expect(errorsOf(noReason)).toEqual([{ field: 'removeReason', message: 'Enter why the line is removed' }]);
    expect(
      (await act(id, { intent: 'remove-line', lineId: wrong.id, removeReason: 'Billed twice by mistake' })).status,
    ).toBe(302);
    const left = await (
      await ownerDb()
    )
      .selectFrom('billing_document_lines')
      .select('description')
      .where('document_id', '=', id)
      .execute();
    expect(left.map((l) => l.description)).toEqual(['HR advice']);
    const removal = (await auditOf(id)).find((a) => a.action === 'document.line_removed')!;
    expect(removal.detail).toMatchObject({
      reason: 'Billed twice by mistake',
      line: { description: 'Wrong line', netPence: 999 },
    });
  });

  it('adds a line by hand, with VAT worked out and the default from the customer class, for a reason', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    const shown = await view(id);
    expect((shown.value as { defaultVatCode: string }).defaultVatCode).toBe('O');
    const bad = await act(id, {
      intent: 'add-line',
      description: '',
      quantity: 'two',
      unitPrice: 'lots',
      vatCode: 'X',
      reason: '',
    });
    expect(bad.status).toBe(400);
    expect(errorsOf(bad).map((e) => e.field)).toEqual(['description', 'quantity', 'unitPrice', 'vatCode', 'reason']);
    expect(
      (
        await act(id, {
          intent: 'add-line',
          description: 'Extra visit',
          quantity: '1.5',
          unitPrice: '£33.33',
          vatCode: 'S',
          reason: 'Asked for on the day',
        })
      ).status,
    ).toBe(302);
    const added = await (
      await ownerDb()
    )
      .selectFrom('billing_document_lines')
      .selectAll()
      .where('document_id', '=', id)
      .where('charge_kind', '=', 'manual')
      .where('line_number', '=', 2)
      .executeTakeFirstOrThrow();
    // 1.5 × £33.33 = £49.995 → £50.00; VAT 20% = £10.00.
    expect(added).toMatchObject({
      quantity_hundredths: 150,
      unit_price_pence: 3333,
      net_pence: 5000,
      vat_pence: 1000,
      reason: 'Asked for on the day',
      added_by: alpha.financeId,
    });
    expect((await auditOf(id)).map((a) => a.action)).toContain('document.line_added');
  });

  it('an internal recharge takes no VAT on a hand-added line', async () => {
    const id = await draft(alpha, [manual('Clerking', 10000, 'O')], 'recharge');
    const refused = await act(id, {
      intent: 'add-line',
      description: 'Extra',
      quantity: '1',
      unitPrice: '10',
      vatCode: 'S',
      reason: 'x',
    });
    expect(refused.status).toBe(400);
    expect(errorsOf(refused)[0]).toMatchObject({ field: 'vatCode' });
  });

  it('discards a draft', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    const done = await act(id, { intent: 'discard' });
    expect(done.response?.headers.get('location')).toBe('/t/alpha/documents?discarded=1');
    expect(await (await ownerDb()).selectFrom('billing_documents').select('id').where('id', '=', id).execute()).toEqual(
      [],
    );
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['document.discarded']);
  });
});

describe('voiding', () => {
  it('needs a reason, keeps the number, shows VOID and is refused once anything is paid', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    await finaliseDocument(alphaCtx, id);
    const noReason = await act(id, { intent: 'void', voidReason: '' });
    expect(noReason.status).toBe(400);
    expect(errorsOf(noReason)[0]).toMatchObject({ field: 'voidReason' });

    const paid = await draft(alpha, [manual('Training', 10000)]);
    await finaliseDocument(alphaCtx, paid);
    const db = await ownerDb();
    const payment = await db
      .insertInto('payments')
      .values({
        tenant_id: alpha.id,
        organisation_id: alpha.schoolOrganisationId,
        received_on: '2026-03-02',
        amount_pence: 500,
        method: 'bank_transfer',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('payment_allocations')
      .values({ tenant_id: alpha.id, payment_id: payment.id, document_id: paid, amount_pence: 500 })
      .execute();
    const refused = await act(paid, { intent: 'void', voidReason: 'Wrong customer' });
    expect(refused.status).toBe(409);
    expect(errorsOf(refused)[0]!.message).toBe(
      'A document with a payment against it cannot be voided: raise a credit note',
    );
    expect((await documentRow(paid)).status).toBe('final');

    expect((await act(id, { intent: 'void', voidReason: 'Wrong customer' })).status).toBe(302);
    expect(await documentRow(id)).toMatchObject({
      status: 'void',
      number: 'TST-INV000001',
      void_reason: 'Wrong customer',
    });
    const shown = await view(id);
    expect((shown.value as { document: { state: string } }).document.state).toBe('void');
  });

  it("releases the document's charges so a later run can bill them again", async () => {
    const orderLineId = await acceptedOrderLine();
    const charged = {
      ...manual('Educational psychology day, 3 February', 50000, 'E'),
      chargeKind: 'delivery' as const,
      orderLineId,
      chargeKey: 'delivery:one',
      reason: null,
    };
    const id = await draft(alpha, [charged]);
    await expect(draft(alpha, [charged])).rejects.toThrow();
    await finaliseDocument(alphaCtx, id);
    const shown = await view(id);
    const line = (shown.value as { document: { lines: Array<{ orderLineId: string; orderReference: string }> } })
      .document.lines[0]!;
    expect(line.orderLineId).toBe(orderLineId);
    expect(line.orderReference).toMatch(/^ALPHA-ORD-/);
    expect((await act(id, { intent: 'void', voidReason: 'Billed before the work was confirmed' })).status).toBe(302);
    const again = await draft(alpha, [charged]);
    expect(await documentRow(again)).toMatchObject({ status: 'draft' });
  });
});

describe('a final document is frozen: the database refuses every change', () => {
  it('to any column, to its lines, and to discarding it', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    await finaliseDocument(alphaCtx, id);
    const line = await (
      await ownerDb()
    )
      .selectFrom('billing_document_lines')
      .select('id')
      .where('document_id', '=', id)
      .executeTakeFirstOrThrow();
    const asRuntime = (work: Parameters<typeof withTenant>[1]) => withTenant({ tenantId: alpha.id }, work);
    const changes: Array<Record<string, unknown>> = [
      { total_pence: 1 },
      { customer_name: 'Someone else' },
      { number: 'TST-INV000999' },
      { issued_on: '2026-01-01' },
      { remittance: JSON.stringify({ bankName: 'Other', sortCode: '00-00-09', accountNumber: '99999999' }) },
      { status: 'draft', number: null },
    ];
    for (const change of changes)
      await expect(
        asRuntime((tx) => tx.updateTable('billing_documents').set(change).where('id', '=', id).execute()),
      ).rejects.toThrow(/final and never changes|never changed/);
    await expect(
      asRuntime((tx) =>
        tx
          .insertInto('billing_document_lines')
          .values({
            tenant_id: alpha.id,
            document_id: id,
            line_number: 2,
            charge_kind: 'manual',
            description: 'Sneaked in',
            quantity_hundredths: 100,
            unit_price_pence: 1,
            net_pence: 1,
            vat_code: 'O',
            vat_rate_basis_points: 0,
            vat_pence: 0,
            reason: 'x',
          })
          .execute(),
      ),
    ).rejects.toThrow(/are final and never change/);
    // Lines are checked per statement: one statement writing to a draft and to the final document
    // is refused whole, and the draft gets nothing either.
    const other = await draft(alpha, [manual('Payroll advice', 5000)]);
    const sneaked = (documentId: string) => ({
      tenant_id: alpha.id,
      document_id: documentId,
      line_number: 2,
      charge_kind: 'manual' as const,
      description: 'Sneaked in',
      quantity_hundredths: 100,
      unit_price_pence: 1,
      net_pence: 1,
      vat_code: 'O' as const,
      vat_rate_basis_points: 0,
      vat_pence: 0,
      reason: 'x',
    });
    await expect(
      asRuntime((tx) =>
        tx
          .insertInto('billing_document_lines')
          .values([sneaked(other), sneaked(id)])
          .execute(),
      ),
    ).rejects.toThrow(/are final and never change/);
    const written = await (
      await ownerDb()
    )
      .selectFrom('billing_document_lines')
      .select('document_id')
      .where('document_id', 'in', [id, other])
      .execute();
    expect(written.map((w) => w.document_id).sort()).toEqual([id, other].sort());
    await expect(
      asRuntime((tx) =>
        tx.updateTable('billing_document_lines').set({ net_pence: 1 }).where('id', '=', line.id).execute(),
      ),
    ).rejects.toThrow();
    await expect(
      asRuntime((tx) => sql`select remove_draft_line(${alpha.id}::uuid, ${line.id}::uuid)`.execute(tx)),
    ).rejects.toThrow(/final/);
    await expect(
      asRuntime((tx) => sql`select discard_draft(${alpha.id}::uuid, ${id}::uuid)`.execute(tx)),
    ).rejects.toThrow(/final/);
    const removing = await act(id, { intent: 'remove-line', lineId: line.id, removeReason: 'x' });
    expect(removing.status).toBe(409);
    expect((await act(id, { intent: 'discard' })).status).toBe(409);
    expect(
      (
        await act(id, {
          intent: 'add-line',
          description: 'x',
          quantity: '1',
          unitPrice: '1',
          vatCode: 'S',
          reason: 'x',
        })
      ).status,
    ).toBe(409);
    expect(await documentRow(id)).toMatchObject({
      status: 'final',
      total_pence: 12000,
      customer_name: 'alpha primary school',
    });
  });
});

describe('buyers', () => {
  async function buyerBrowser(userId: string, organisationId: string) {
    return asUser(userId, `org:${organisationId}`);
  }

  it('see what was sent to them from every provider, never drafts, with state and what is still to pay', async () => {
    const sent = await draft(alpha, [manual('HR advice', 10000)]);
    await finaliseDocument(alphaCtx, sent);
    await draft(alpha, [manual('Still a draft', 100)]);
    const browser = await buyerBrowser(alpha.buyerId, alpha.schoolOrganisationId);
    const listed = await respond(() => buyerList.loader(args(get('/buy/invoices', browser), {})));
    const documents = (
      listed.value as {
        documents: Array<{ number: string; balancePence: number; providerSlug: string; state: string }>;
      }
    ).documents;
    expect(documents).toEqual([
      expect.objectContaining({
        number: 'TST-INV000001',
        balancePence: 12000,
        providerSlug: 'alpha',
        state: 'finalised',
      }),
    ]);

    const shown = await respond(() => buyerPage.loader(args(get('', browser), { tenant: 'alpha', documentId: sent })));
    expect((shown.value as { document: { number: string } }).document.number).toBe('TST-INV000001');
    const pdf = await respond(() => buyerPdf.loader(args(get('', browser), { tenant: 'alpha', documentId: sent })));
    expect(pdf.response?.headers.get('content-type')).toBe('application/pdf');
  });

  it("a trust's finance lead sees its schools' documents; another organisation gets 404 for them", async () => {
    const db = await ownerDb();
    const trust = await db
      .insertInto('organisations')
      .values({ kind: 'trust', name: 'Coastal Learning Trust', trust_key: 'name:coastal' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('organisations')
      .set({ trust_id: trust.id })
      .where('id', '=', alpha.schoolOrganisationId)
      .execute();
    const leadId = await createUser('lead@coastal.example');
    await addBuyer(trust.id, leadId, 'trust_finance');
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    await finaliseDocument(alphaCtx, id);

    const lead = await buyerBrowser(leadId, trust.id);
    const listed = await respond(() => buyerList.loader(args(get('/buy/invoices', lead), {})));
    expect((listed.value as { documents: Array<{ id: string }> }).documents.map((d) => d.id)).toEqual([id]);

    const other = await buyerBrowser(beta.buyerId, beta.schoolOrganisationId);
    expect(
      (await respond(() => buyerPage.loader(args(get('', other), { tenant: 'alpha', documentId: id })))).status,
    ).toBe(404);
    expect(
      (await respond(() => buyerPdf.loader(args(get('', other), { tenant: 'alpha', documentId: id })))).status,
    ).toBe(404);
    expect(
      (await respond(() => buyerPage.loader(args(get('', other), { tenant: 'beta', documentId: id })))).status,
    ).toBe(404);
    const otherList = await respond(() => buyerList.loader(args(get('/buy/invoices', other), {})));
    expect((otherList.value as { documents: unknown[] }).documents).toEqual([]);
  });

  it('a draft is not found by the buyer, even by its id', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    const browser = await buyerBrowser(alpha.buyerId, alpha.schoolOrganisationId);
    expect(
      (await respond(() => buyerPage.loader(args(get('', browser), { tenant: 'alpha', documentId: id })))).status,
    ).toBe(404);
  });
});

describe('another tenant', () => {
  it('gets 404 for every route that takes a document id, whether through its own slug or the owner’s', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    const lineId = (
      await (
        await ownerDb()
      )
        .selectFrom('billing_document_lines')
        .select('id')
        .where('document_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    for (const tenant of ['beta', 'alpha']) {
      expect((await view(id, betaFinance, tenant)).status).toBe(404);
      expect(
        (await respond(() => pdfRoute.loader(args(get('', betaFinance), { tenant, documentId: id })))).status,
      ).toBe(404);
      for (const fields of <Array<Record<string, string>>>[
        { intent: 'finalise' },
        { intent: 'discard' },
        { intent: 'send' },
        { intent: 'void', voidReason: 'x' },
        { intent: 'remove-line', lineId, removeReason: 'x' },
        { intent: 'add-line', description: 'x', quantity: '1', unitPrice: '1', vatCode: 'O', reason: 'x' },
      ])
        expect((await act(id, fields, betaFinance, tenant)).status).toBe(404);
    }
    expect(await documentRow(id)).toMatchObject({ status: 'draft' });
    expect(
      (
        await (
          await ownerDb()
        )
          .selectFrom('billing_document_lines')
          .select('id')
          .where('document_id', '=', id)
          .execute()
      ).length,
    ).toBe(1);
  });

  it('the PDF route answers a PDF for the owner', async () => {
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    const pdf = await respond(() => pdfRoute.loader(args(get('', alphaFinance), { tenant: 'alpha', documentId: id })));
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.response!.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});

/** A real accepted order line of alpha's, for charges that point at one. */
async function acceptedOrderLine(): Promise<string> {
  const admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  const ctx = await requireTenantMember(get('/t/alpha', admin), 'alpha', 'orders.manage');
  const buyer: BuyerContext = await requireBuyer(
    get('/buy', await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)),
    'buy.order',
  );
  const schedule = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
  const serviceId = await createService(ctx, serviceForm.parse(EP_DAY_FIELDS));
  await changeServiceStatus(ctx, serviceId, 'published');
  for (const cls of ['own_maintained', 'academy'] as const)
    await setServicePrice(
      ctx,
      schedule,
      serviceId,
      cls,
      priceModelSchema.parse({ model: 'per_unit', unitPricePence: 50000 }),
    );
  await publishSchedule(ctx, schedule);
  await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 1 });
  const [placed] = await submitOrder(
    buyer,
    {
      slug: 'alpha',
      poNumber: '',
      contactName: 'B',
      contactEmail: 'b@example.com',
      idempotencyKey: crypto.randomUUID(),
    },
    'x',
  );
  await onDate('2026-02-02', () => decideOrder(ctx, placed!.id, { accept: true }, 'x'));
  return (await orderForProvider(ctx, placed!.id)).lines[0]!.id;
}

describe('VAT and bank details in Settings', () => {
  const save = (fields: Record<string, string>, browser: Browser) =>
    respond(() =>
      settings.action(
        args(
          post(
            '/t/alpha/settings',
            { autoConfirmDays: '10', paymentTermsDays: '30', contactEmail: 'alpha@example.com', ...fields },
            browser,
          ),
          { tenant: 'alpha' },
        ),
      ),
    );
  const bankOf = async () =>
    (await ownerDb())
      .selectFrom('tenants')
      .select(['vat_number', 'bank_name', 'bank_sort_code', 'bank_account_number'])
      .where('id', '=', alpha.id)
      .executeTakeFirstOrThrow();

  it('the admin gives them as people type them; they are printed as remittance on the next invoice', async () => {
    const admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const saved = await save(
      { vatNumber: 'gb 123 4567 89', bankName: 'Demo Bank', bankSortCode: '00 00 07', bankAccountNumber: '0000 0007' },
      admin,
    );
    expect(saved.status).toBe(302);
    expect(await bankOf()).toEqual({
      vat_number: 'GB123456789',
      bank_name: 'Demo Bank',
      bank_sort_code: '00-00-07',
      bank_account_number: '00000007',
    });
    const id = await draft(alpha, [manual('HR advice', 10000)]);
    await finaliseDocument(alphaCtx, id);
    expect(await documentRow(id)).toMatchObject({
      supplier_vat_number: 'GB123456789',
      remittance: { bankName: 'Demo Bank', sortCode: '00-00-07', accountNumber: '00000007' },
    });
  });

  it('refuses a malformed number or half the bank details, saving nothing', async () => {
    const admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const before = await bankOf();
    const bad = await save({ vatNumber: '12345', bankName: '', bankSortCode: '1234', bankAccountNumber: '' }, admin);
    expect(bad.status).toBe(400);
    expect(errorsOf(bad)).toEqual([
      { field: 'vatNumber', message: 'Enter a VAT registration number like GB123456789' },
      { field: 'bankSortCode', message: 'Enter a sort code like 30-00-00' },
    ]);
    const half = await save({ vatNumber: '', bankName: 'Demo Bank', bankSortCode: '', bankAccountNumber: '' }, admin);
    expect(half.status).toBe(400);
    expect(errorsOf(half).map((e) => e.field)).toEqual(['bankSortCode', 'bankAccountNumber']);
    expect(await bankOf()).toEqual(before);
  });
});
