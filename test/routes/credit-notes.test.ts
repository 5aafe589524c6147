import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { raiseCreditNote } from '../../app/billing/raise-credit-note.server';
import { lineVatPence } from '../../app/billing/vat';
import { recordPayment } from '../../app/payments/record-payment.server';
import { providerStatement } from '../../app/payments/statement.server';
import { refundCredit } from '../../app/payments/refund-credit.server';
import * as creditNotePage from '../../app/routes/t.$tenant.documents.$documentId_.credit-note';
import { withTenant } from '../../db/scope.server';
import {
  asUser,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';
import { finalDocument } from '../setup/payments';
import { routeData } from '../setup/route-data';

useToday('2026-03-02');

const remix = routeData();

let alpha: TestTenant;
let alphaFinance: Browser;
let betaFinance: Browser;
let ctx: TenantContext;
let accountId: string;

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

beforeEach(async () => {
  const tenants = await twoTenants();
  alpha = tenants.alpha;
  alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  betaFinance = await asUser(tenants.beta.financeId, `tenant:${tenants.beta.id}`);
  ctx = await requireTenantMember(get('/t/alpha', alphaFinance), 'alpha', 'finance.manage');
  accountId = (
    await (
      await ownerDb()
    )
      .selectFrom('customer_accounts')
      .select('id')
      .where('tenant_id', '=', alpha.id)
      .where('organisation_id', '=', alpha.schoolOrganisationId)
      .executeTakeFirstOrThrow()
  ).id;
});

async function documentRow(id: string) {
  return (await ownerDb()).selectFrom('billing_documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function creditLinesOf(id: string) {
  return (await ownerDb())
    .selectFrom('billing_document_lines')
    .select(['credits_line_id', 'net_pence', 'vat_pence', 'charge_kind', 'quantity_hundredths', 'unit_price_pence'])
    .where('document_id', '=', id)
    .orderBy('line_number')
    .execute();
}

async function postCreditNote(
  documentId: string,
  fields: Record<string, string>,
  browser = alphaFinance,
  slug = 'alpha',
) {
  return respond(() =>
    creditNotePage.action(
      args(post(`/t/${slug}/documents/${documentId}/credit-note`, fields, browser), { tenant: slug, documentId }),
    ),
  );
}

async function pageFor(documentId: string) {
  return creditNotePage.loader(
    args(get(`/t/alpha/documents/${documentId}/credit-note`, alphaFinance), { tenant: 'alpha', documentId }),
  );
}

describe('raising a credit note', () => {
  it('credits a whole invoice: every line, its VAT exactly, numbered from the credit note series', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [
      { netPence: 56500 },
      { netPence: 1234, vatCode: 'E' },
    ]);
    const result = await postCreditNote(invoice.id, { scope: 'full', reason: 'Visit cancelled by the provider' });
    expect(result.status).toBe(302);
    const noteId = /documents\/([0-9a-f-]{36})/.exec(result.response!.headers.get('location')!)![1]!;
    const note = await documentRow(noteId);
    expect(note).toMatchObject({
      kind: 'credit_note',
      status: 'final',
      number: 'TST-CRN000001',
      credits_document_id: invoice.id,
      reason: 'Visit cancelled by the provider',
      total_pence: invoice.totalPence,
    });
    expect((await creditLinesOf(noteId)).map((l) => [l.charge_kind, l.net_pence, l.vat_pence])).toEqual([
      ['credit', 56500, 11300],
      ['credit', 1234, 0],
    ]);
    const page = await pageFor(invoice.id);
    expect(page.document.leftPence).toBe(0);
    expect(page.lines.map((l) => l.netLeftPence)).toEqual([0, 0]);
    expect(page.credits.map((c) => c.number)).toEqual(['TST-CRN000001']);
    const again = await postCreditNote(invoice.id, { scope: 'full', reason: 'Again' });
    expect(again.status).toBe(400);
    expect((again.value as { errors: Array<{ message: string }> }).errors[0]!.message).toBe(
      'Nothing is left to credit on this document',
    );
    const audit = await (
      await ownerDb()
    )
      .selectFrom('audit_events')
      .select(['action'])
      .where('subject_id', '=', invoice.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('document.credited');
  });

  it('credits chosen lines in parts: VAT of each part, never more than is left, the rest ends at zero', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }, { netPence: 5000 }]);
    const [first, second] = (await pageFor(invoice.id)).lines;
    const part = await raiseCreditNote(ctx, invoice.id, {
      scope: 'lines',
      amounts: new Map([[first!.id, 3333]]),
      reason: 'One session not delivered',
    });
    expect(part.number).toBe('TST-CRN000001');
    expect((await creditLinesOf(part.documentId)).map((l) => [l.credits_line_id, l.net_pence, l.vat_pence])).toEqual([
      [first!.id, 3333, lineVatPence(3333, 'S')],
    ]);
    expect(part.totalPence).toBe(3333 + 667);

    // Too much for the line: refused in words, nothing issued.
    const tooMuch = await postCreditNote(invoice.id, {
      scope: 'lines',
      [`credit-${first!.id}`]: '66.68',
      reason: 'More',
    });
    expect(tooMuch.status).toBe(400);
    expect((tooMuch.value as { errors: unknown[] }).errors).toEqual([
      {
        field: `credit-${first!.id}`,
        message: '£66.68 is more than the £66.67 left to credit on line 1 (before VAT)',
      },
    ]);

    const rest = await raiseCreditNote(ctx, invoice.id, {
      scope: 'lines',
      amounts: new Map([
        [first!.id, 6667],
        [second!.id, 2500],
      ]),
      reason: 'The rest of the first line, half the second',
    });
    expect(rest.number).toBe('TST-CRN000002');
    expect((await creditLinesOf(rest.documentId)).map((l) => [l.net_pence, l.vat_pence])).toEqual([
      [6667, 2000 - 667],
      [2500, 500],
    ]);
    const page = await pageFor(invoice.id);
    expect(page.lines.map((l) => [l.netLeftPence, l.vatPence - l.creditedVatPence])).toEqual([
      [0, 0],
      [2500, 500],
    ]);
    expect(page.document.leftPence).toBe(3000);
    const whole = await raiseCreditNote(ctx, invoice.id, { scope: 'full', amounts: new Map(), reason: 'All of it' });
    expect(whole.totalPence).toBe(3000);
    expect((await pageFor(invoice.id)).document.leftPence).toBe(0);
  });

  it('says what is wrong with the form, and never credits a draft, a void document or a credit note', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const noReason = await postCreditNote(invoice.id, { scope: 'full', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect((noReason.value as { errors: unknown[] }).errors).toEqual([
      { field: 'reason', message: 'Enter the reason for the credit note' },
    ]);
    const nothingChosen = await postCreditNote(invoice.id, { scope: 'lines', reason: 'Some' });
    expect(nothingChosen.status).toBe(400);
    const notMoney = await postCreditNote(invoice.id, {
      scope: 'lines',
      reason: 'Some',
      [`credit-${(await pageFor(invoice.id)).lines[0]!.id}`]: 'lots',
    });
    expect(notMoney.status).toBe(400);

    const note = await raiseCreditNote(ctx, invoice.id, { scope: 'full', amounts: new Map(), reason: 'All' });
    const ofNote = await postCreditNote(note.documentId, { scope: 'full', reason: 'Credit the credit' });
    expect(ofNote.status).toBe(409);

    const voided = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 1000 }]);
    await withTenant(ctx, (tx) =>
      tx
        .updateTable('billing_documents')
        .set({ status: 'void', voided_at: new Date(), voided_by: alpha.financeId, void_reason: 'Raised in error' })
        .where('id', '=', voided.id)
        .execute(),
    );
    const ofVoid = await postCreditNote(voided.id, { scope: 'full', reason: 'Credit it' });
    expect(ofVoid.status).toBe(409);
    expect((ofVoid.value as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(/is void/);

    const count = await (
      await ownerDb()
    )
      .selectFrom('billing_documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('kind', '=', 'credit_note')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('turns a credit against a paid invoice into credit on the account, shown on the statement and refundable', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]); // £120.00
    await recordPayment(ctx, {
      accountId,
      receivedOn: '2026-03-02',
      amountPence: 9000,
      method: 'bacs',
      reference: 'PART',
      keepCredit: false,
      amounts: null,
    });
    // £30 unpaid; crediting £60 (£50 + VAT) leaves £30 as the customer's credit.
    const line = (await pageFor(invoice.id)).lines[0]!;
    const note = await raiseCreditNote(ctx, invoice.id, {
      scope: 'lines',
      amounts: new Map([[line.id, 5000]]),
      reason: 'Half the days',
    });
    expect(note.totalPence).toBe(6000);
    const { statement } = await providerStatement(ctx, accountId);
    expect(statement!.money).toMatchObject({ owedPence: 0, creditHeldPence: 3000, allocatablePence: 0 });
    expect(statement!.lines.map((l) => [l.kind, l.balancePence])).toEqual([
      ['invoice', 12000],
      ['payment', 3000],
      ['credit_note', -3000],
    ]);
    await expect(
      refundCredit(ctx, accountId, { refundedOn: '2026-03-02', amount: 3001, reference: '' }),
    ).rejects.toMatchObject({ code: 'refund.more_than_credit' });
    await refundCredit(ctx, accountId, { refundedOn: '2026-03-02', amount: 3000, reference: 'Cheque 7' });
    expect((await providerStatement(ctx, accountId)).statement!.money.creditHeldPence).toBe(0);
  });

  it('gives another tenant 404 for the credit note page and its form', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const page = await respond(() =>
      creditNotePage.loader(
        args(get(`/t/beta/documents/${invoice.id}/credit-note`, betaFinance), {
          tenant: 'beta',
          documentId: invoice.id,
        }),
      ),
    );
    expect(page.status).toBe(404);
    const posted = await postCreditNote(invoice.id, { scope: 'full', reason: 'Mine now' }, betaFinance, 'beta');
    expect(posted.status).toBe(404);
    const draft = await (
      await ownerDb()
    )
      .selectFrom('billing_documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('kind', '=', 'credit_note')
      .executeTakeFirstOrThrow();
    expect(Number(draft.n)).toBe(0);
  });
});

describe('the credit note page', () => {
  it('renders each line with what is left, and the problems with what was posted', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const page = await pageFor(invoice.id);
    const posted = await postCreditNote(invoice.id, {
      scope: 'lines',
      [`credit-${page.lines[0]!.id}`]: '100.01',
      reason: 'x',
    });
    remix.loaderData = JSON.parse(JSON.stringify(page));
    remix.actionData = JSON.parse(JSON.stringify(posted.value));
    const html = renderToStaticMarkup(createElement(creditNotePage.default));
    expect(html).toContain('Amount to credit on line 1, in pounds before VAT');
    expect(html).toContain('£100.01 is more than the £100.00 left to credit on line 1 (before VAT)');
    expect(html).toContain(`href="#credit-${page.lines[0]!.id}"`);
  });
});
