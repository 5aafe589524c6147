import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { balancePence, documentState } from '../../app/billing/document-state';
import { asAllocationRefusal } from '../../app/payments/allocate-payment.server';
import { recordPayment } from '../../app/payments/record-payment.server';
import * as buyerStatementPage from '../../app/routes/buy.statement';
import * as statementPage from '../../app/routes/t.$tenant.customers.$accountId_.statement';
import * as paymentPage from '../../app/routes/t.$tenant.payments.$paymentId';
import * as paymentsPage from '../../app/routes/t.$tenant.payments._index';
import * as newPaymentPage from '../../app/routes/t.$tenant.payments.new';
import { insertAllocation, insertPayment } from '../../db/queries/payments';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped, withTenant } from '../../db/scope.server';
import {
  addBuyer,
  asUser,
  createSchool,
  createUser,
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

// The pages render here with what their loader and action returned, as Remix would hand it over.
const remix = routeData();

function render(page: ComponentType, loaderData: unknown, actionData?: unknown): string {
  remix.loaderData = JSON.parse(JSON.stringify(loaderData));
  remix.actionData = actionData === undefined ? undefined : JSON.parse(JSON.stringify(actionData));
  return renderToStaticMarkup(createElement(page));
}

let alpha: TestTenant;
let beta: TestTenant;
let alphaFinance: Browser;
let betaFinance: Browser;
let ctx: TenantContext;
let betaCtx: TenantContext;
let accountId: string;

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

async function accountOf(tenantId: string, organisationId: string) {
  return (
    await (
      await ownerDb()
    )
      .selectFrom('customer_accounts')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow()
  ).id;
}

/** The document's state and balance as the pages work them out. */
async function standing(documentId: string) {
  const db = await ownerDb();
  const d = await db.selectFrom('billing_documents').selectAll().where('id', '=', documentId).executeTakeFirstOrThrow();
  const allocated = await db
    .selectFrom('payment_allocations')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_pence'), eb.lit(0)).as('pence'))
    .where('document_id', '=', documentId)
    .executeTakeFirstOrThrow();
  const credited = await db
    .selectFrom('billing_documents')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('total_pence'), eb.lit(0)).as('pence'))
    .where('credits_document_id', '=', documentId)
    .where('status', '=', 'final')
    .executeTakeFirstOrThrow();
  const facts = {
    kind: d.kind,
    status: d.status,
    sentAt: d.sent_at,
    dueOn: d.due_on,
    totalPence: d.total_pence,
    allocatedPence: Number(allocated.pence),
    creditedPence: Number(credited.pence),
  };
  return { state: documentState(facts, '2026-03-02'), balance: balancePence(facts) };
}

async function countRows(table: 'payments' | 'payment_allocations' | 'credit_refunds') {
  const { n } = await (
    await ownerDb()
  )
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function auditActions(subjectId: string) {
  return (
    await (
      await ownerDb()
    )
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('subject_id', '=', subjectId)
      .orderBy('id')
      .execute()
  ).map((e) => ({ action: e.action, detail: e.detail }));
}

const paymentFields = (fields: Record<string, string>) => ({
  accountId,
  'receivedOn-day': '2',
  'receivedOn-month': '3',
  'receivedOn-year': '2026',
  method: 'bacs',
  reference: 'BACS 1234',
  ...fields,
});

async function postPayment(fields: Record<string, string>, browser = alphaFinance, slug = 'alpha') {
  return respond(() =>
    newPaymentPage.action(args(post(`/t/${slug}/payments/new`, paymentFields(fields), browser), { tenant: slug })),
  );
}

const paymentIdFrom = (location: string | null) => /payments\/([0-9a-f-]{36})/.exec(location ?? '')![1]!;

async function statementOf(browser = alphaFinance, slug = 'alpha', account = accountId) {
  const result = await respond(() =>
    statementPage.loader(
      args(get(`/t/${slug}/customers/${account}/statement`, browser), { tenant: slug, accountId: account }),
    ),
  );
  return result as { status: number; value: Awaited<ReturnType<typeof statementPage.loader>> };
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  betaFinance = await asUser(beta.financeId, `tenant:${beta.id}`);
  ctx = await requireTenantMember(get('/t/alpha', alphaFinance), 'alpha', 'finance.manage');
  betaCtx = await requireTenantMember(get('/t/beta', betaFinance), 'beta', 'finance.manage');
  accountId = await accountOf(alpha.id, alpha.schoolOrganisationId);
});

describe('recording a payment', () => {
  it('a part payment leaves the invoice part paid; the rest pays it', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 50000 }]); // £600.00 with VAT
    expect(await standing(invoice.id)).toEqual({ state: 'finalised', balance: 60000 });

    const page = await newPaymentPage.loader(
      args(get(`/t/alpha/payments/new?account=${accountId}`, alphaFinance), { tenant: 'alpha' }),
    );
    expect(page.open.map((d) => [d.number, d.balancePence])).toEqual([[invoice.number, 60000]]);

    const first = await postPayment({ amount: '250.00', [`allocate-${invoice.id}`]: '250' });
    expect(first.status).toBe(302);
    const firstId = paymentIdFrom(first.response!.headers.get('location'));
    expect(await standing(invoice.id)).toEqual({ state: 'part_paid', balance: 35000 });
    expect((await auditActions(firstId)).map((e) => e.action)).toEqual(['payment.recorded', 'payment.allocated']);

    // Blank amounts: the rest goes to the oldest document first.
    const rest = await postPayment({ amount: '350', reference: 'BACS 1299' });
    expect(rest.status).toBe(302);
    expect(await standing(invoice.id)).toEqual({ state: 'paid', balance: 0 });

    const view = await paymentPage.loader(
      args(get(`/t/alpha/payments/${firstId}`, alphaFinance), { tenant: 'alpha', paymentId: firstId }),
    );
    expect(view.allocations.map((a) => [a.number, a.amountPence])).toEqual([[invoice.number, 25000]]);
    const list = await paymentsPage.loader(args(get('/t/alpha/payments', alphaFinance), { tenant: 'alpha' }));
    expect(list.payments).toHaveLength(2);
    expect(list.customers).toEqual([]);
  });

  it('pays the oldest documents first and says which form fields are wrong', async () => {
    const older = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const newer = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    expect((await postPayment({ amount: '150.00' })).status).toBe(302);
    expect(await standing(older.id)).toEqual({ state: 'paid', balance: 0 });
    expect(await standing(newer.id)).toEqual({ state: 'part_paid', balance: 9000 });

    const bad = await postPayment({ amount: 'ten pounds', 'receivedOn-month': '13', method: 'stripe' });
    expect(bad.status).toBe(400);
    expect((bad.value as { errors: Array<{ field?: string }> }).errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['receivedOn', 'amount', 'method']),
    );
    expect(await countRows('payments')).toBe(1);
  });

  it('refuses an overpayment unless the rest is kept as credit, then offers that credit for the next invoice', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]); // £120.00
    const over = await postPayment({ amount: '200.00', [`allocate-${invoice.id}`]: '200.00' });
    expect(over.status).toBe(400);
    expect((over.value as { errors: Array<{ field?: string; message: string }> }).errors).toEqual([
      {
        field: `allocate-${invoice.id}`,
        message: `£200.00 is more than the £120.00 owed on ${invoice.number}: allocate at most £120.00, or choose “Keep the rest as credit on the account”`,
      },
    ]);
    const leftover = await postPayment({ amount: '200.00' });
    expect(leftover.status).toBe(400);
    expect((leftover.value as { errors: Array<{ field?: string; message: string }> }).errors[0]).toEqual({
      field: 'keepCredit',
      message:
        '£80.00 of the payment is not allocated to a document: allocate it, or choose “Keep the rest as credit on the account”',
    });
    expect(await countRows('payments')).toBe(0);

    const kept = await postPayment({ amount: '200.00', [`allocate-${invoice.id}`]: '200.00', keepCredit: 'yes' });
    expect(kept.status).toBe(302);
    const paymentId = paymentIdFrom(kept.response!.headers.get('location'));
    expect(await standing(invoice.id)).toEqual({ state: 'paid', balance: 0 });
    let statement = (await statementOf()).value.statement!;
    expect(statement.money).toMatchObject({ owedPence: 0, creditHeldPence: 8000, allocatablePence: 8000 });
    expect(statement.lines.at(-1)!.balancePence).toBe(-8000);

    // The next invoice: the payment form offers the credit, and the payment's page allocates it.
    const next = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 5000 }]); // £60.00
    const offered = await newPaymentPage.loader(
      args(get(`/t/alpha/payments/new?account=${accountId}`, alphaFinance), { tenant: 'alpha' }),
    );
    expect(offered.credits).toEqual([
      { id: paymentId, receivedOn: '2026-03-02', reference: 'BACS 1234', unallocatedPence: 8000 },
    ]);
    const allocated = await respond(() =>
      paymentPage.action(
        args(post(`/t/alpha/payments/${paymentId}`, { [`allocate-${next.id}`]: '' }, alphaFinance), {
          tenant: 'alpha',
          paymentId,
        }),
      ),
    );
    expect(allocated.status).toBe(302);
    expect(await standing(next.id)).toEqual({ state: 'paid', balance: 0 });
    statement = (await statementOf()).value.statement!;
    expect(statement.money).toMatchObject({ owedPence: 0, creditHeldPence: 2000 });
    expect((await auditActions(paymentId)).map((e) => e.action)).toEqual([
      'payment.recorded',
      'payment.allocated',
      'payment.allocated',
    ]);
  });

  it('refuses an over-allocation through the use case and saves nothing of it', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 1000 }]); // £12.00
    await expect(
      recordPayment(ctx, {
        accountId,
        receivedOn: '2026-03-02',
        amountPence: 1500,
        method: 'cheque',
        reference: '',
        keepCredit: false,
        amounts: new Map([[invoice.id, 1500]]),
      }),
    ).rejects.toMatchObject({ code: 'payment.overpays' });
    await expect(
      recordPayment(ctx, {
        accountId,
        receivedOn: '2026-03-02',
        amountPence: 1000,
        method: 'cheque',
        reference: '',
        keepCredit: true,
        amounts: new Map([[invoice.id, 1100]]),
      }),
    ).rejects.toMatchObject({ code: 'payment.more_than_available' });
    expect(await countRows('payments')).toBe(0);
    expect(await countRows('payment_allocations')).toBe(0);

    // The database refuses too, and its refusal reads in pounds; the payment written before it rolls back.
    const refusal = await withTenant(ctx, async (tx) => {
      const paymentId = await insertPayment(tx, {
        tenantId: alpha.id,
        organisationId: alpha.schoolOrganisationId,
        receivedOn: '2026-03-02',
        amountPence: 5000,
        method: 'cheque',
        reference: '',
        recordedBy: alpha.financeId,
      });
      await insertAllocation(tx, {
        tenantId: alpha.id,
        paymentId,
        documentId: invoice.id,
        amountPence: 1300,
        allocatedBy: alpha.financeId,
      });
    }).catch((error: unknown) => asAllocationRefusal(error));
    expect(refusal).toMatchObject({
      code: 'payment.overpays',
      message: expect.stringContaining('Only £12.00 is owed'),
    });
    expect(await countRows('payments')).toBe(0);
  });

  it("refuses to allocate to another customer's or another tenant's document", async () => {
    const db = await ownerDb();
    const otherSchool = await createSchool(900003, '852', 'Other primary');
    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      ensureCustomerAccounts(tx, alpha.id, [
        { organisationId: otherSchool, customerClass: 'own_maintained', settlementMethod: 'recharge' },
      ]),
    );
    const theirs = await finalDocument(ctx, otherSchool, [{ netPence: 1000 }]);
    const betaInvoice = await finalDocument(betaCtx, beta.schoolOrganisationId, [{ netPence: 1000 }]);
    await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 1000 }]);
    for (const documentId of [theirs.id, betaInvoice.id]) {
      const result = await postPayment({ amount: '12.00', [`allocate-${documentId}`]: '12.00' });
      expect(result.status).toBe(400);
      expect((result.value as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(
        /not one of this customer’s/,
      );
    }
    expect(await countRows('payments')).toBe(0);
    // Underneath, the database refuses it as well.
    const refusal = await withTenant(ctx, async (tx) => {
      const paymentId = await insertPayment(tx, {
        tenantId: alpha.id,
        organisationId: alpha.schoolOrganisationId,
        receivedOn: '2026-03-02',
        amountPence: 1200,
        method: 'cheque',
        reference: '',
        recordedBy: alpha.financeId,
      });
      await insertAllocation(tx, {
        tenantId: alpha.id,
        paymentId,
        documentId: theirs.id,
        amountPence: 100,
        allocatedBy: null as never,
      });
    }).catch((error: unknown) => asAllocationRefusal(error));
    expect(refusal).toMatchObject({ code: 'payment.not_open' });
  });
});

describe('credit held and refunds', () => {
  it('records a refund of credit, no more than is held, audited and on the statement', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    await postPayment({ amount: '150.00', [`allocate-${invoice.id}`]: '120.00', keepCredit: 'yes' });
    const refund = (fields: Record<string, string>) =>
      respond(() =>
        statementPage.action(
          args(
            post(
              `/t/alpha/customers/${accountId}/statement`,
              {
                'refundedOn-day': '2',
                'refundedOn-month': '3',
                'refundedOn-year': '2026',
                reference: 'REF-9',
                ...fields,
              },
              alphaFinance,
            ),
            { tenant: 'alpha', accountId },
          ),
        ),
      );
    const tooMuch = await refund({ amount: '30.01' });
    expect(tooMuch.status).toBe(400);
    expect((tooMuch.value as { errors: unknown[] }).errors).toEqual([
      { field: 'amount', message: 'alpha primary school has £30.00 credit: refund no more than that' },
    ]);
    expect(await countRows('credit_refunds')).toBe(0);

    expect((await refund({ amount: '30' })).status).toBe(302);
    const { statement } = (await statementOf()).value;
    expect(statement!.money).toMatchObject({ creditHeldPence: 0, allocatablePence: 0, netPence: 0 });
    expect(statement!.lines.map((l) => [l.kind, l.debitPence, l.creditPence, l.balancePence])).toEqual([
      ['invoice', 12000, 0, 12000],
      ['payment', 0, 15000, -3000],
      ['refund', 3000, 0, 0],
    ]);
    expect((await auditActions(accountId)).map((e) => [e.action, e.detail.amountPence])).toEqual([
      ['credit.refunded', 3000],
    ]);
    // Refunded credit can no longer be allocated from the payment.
    const [payment] = (await paymentsPage.loader(args(get('/t/alpha/payments', alphaFinance), { tenant: 'alpha' })))
      .payments;
    const view = await paymentPage.loader(
      args(get(`/t/alpha/payments/${payment!.id}`, alphaFinance), { tenant: 'alpha', paymentId: payment!.id }),
    );
    expect(view.availablePence).toBe(0);
    expect((await refund({ amount: '1' })).status).toBe(409);
  });
});

describe('tenancy', () => {
  it('gives another tenant 404 for a payment, a statement and the payment form for a customer', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const recorded = await postPayment({ amount: '150.00', [`allocate-${invoice.id}`]: '100.00', keepCredit: 'yes' });
    const paymentId = paymentIdFrom(recorded.response!.headers.get('location'));
    const asBeta = (path: string) => get(path.replace('/t/alpha', '/t/beta'), betaFinance);

    expect(
      (
        await respond(() =>
          paymentPage.loader(args(asBeta(`/t/alpha/payments/${paymentId}`), { tenant: 'beta', paymentId })),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await respond(() =>
          paymentPage.action(
            args(post(`/t/beta/payments/${paymentId}`, { [`allocate-${invoice.id}`]: '1' }, betaFinance), {
              tenant: 'beta',
              paymentId,
            }),
          ),
        )
      ).status,
    ).toBe(404);
    expect((await statementOf(betaFinance, 'beta', accountId)).status).toBe(404);
    expect(
      (
        await respond(() =>
          statementPage.action(
            args(
              post(
                `/t/beta/customers/${accountId}/statement`,
                { amount: '1', 'refundedOn-day': '2', 'refundedOn-month': '3', 'refundedOn-year': '2026' },
                betaFinance,
              ),
              { tenant: 'beta', accountId },
            ),
          ),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await respond(() =>
          newPaymentPage.loader(args(asBeta(`/t/alpha/payments/new?account=${accountId}`), { tenant: 'beta' })),
        )
      ).status,
    ).toBe(404);
    // Beta posting alpha's customer and document: the customer is not beta's.
    const stolen = await postPayment({ amount: '1.00', [`allocate-${invoice.id}`]: '1.00' }, betaFinance, 'beta');
    expect(stolen.status).toBe(400);
    expect(await countRows('payments')).toBe(1);
    // Alpha's own finance officer, through beta's address: not a member there.
    expect(
      (
        await respond(() =>
          paymentPage.loader(args(get(`/t/beta/payments/${paymentId}`, alphaFinance), { tenant: 'beta', paymentId })),
        )
      ).status,
    ).toBe(404);
  });
});

describe("the buyer's statement", () => {
  it("shows each provider's documents and payments for the buyer's own organisations only", async () => {
    const db = await ownerDb();
    // The alpha school also buys from beta.
    await runScoped(db, { tenantId: beta.id }, (tx) =>
      ensureCustomerAccounts(tx, beta.id, [
        { organisationId: alpha.schoolOrganisationId, customerClass: 'other_la_school', settlementMethod: 'invoice' },
      ]),
    );
    const mine = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const fromBeta = await finalDocument(betaCtx, alpha.schoolOrganisationId, [{ netPence: 2000 }]);
    const notMine = await finalDocument(betaCtx, beta.schoolOrganisationId, [{ netPence: 3000 }]);
    await postPayment({ amount: '50.00', [`allocate-${mine.id}`]: '50.00' });

    const buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    await requireBuyer(get('/buy', buyer));
    const page = await buyerStatementPage.loader(args(get('/buy/statement', buyer)));
    expect(page.providers.map((p) => p.providerName)).toEqual(['alpha education services', 'beta education services']);
    const [withAlpha, withBeta] = page.providers;
    expect(withAlpha!.statements.map((s) => s.lines.map((l) => [l.reference, l.balancePence]))).toEqual([
      [
        [mine.number, 12000],
        ['BACS 1234', 7000],
      ],
    ]);
    expect(withAlpha!.statements[0]!.money).toMatchObject({ owedPence: 7000, creditHeldPence: 0 });
    expect(withBeta!.statements.flatMap((s) => s.lines.map((l) => l.id))).toEqual([fromBeta.id]);
    expect(JSON.stringify(page)).not.toContain(notMine.id);
  });

  it("shows a trust's finance lead its own statement and its schools'", async () => {
    const db = await ownerDb();
    const trustId = (
      await db
        .insertInto('organisations')
        .values({ kind: 'trust', name: 'Coastal Learning Trust', trust_key: 'name:coastal' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const academy = await createSchool(900101, '852', 'Coastal Academy North');
    const outsider = await createSchool(900102, '852', 'Independent Academy');
    await db.updateTable('organisations').set({ trust_id: trustId }).where('id', '=', academy).execute();
    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      ensureCustomerAccounts(
        tx,
        alpha.id,
        [trustId, academy, outsider].map((organisationId) => ({
          organisationId,
          customerClass: 'academy' as const,
          settlementMethod: 'invoice' as const,
        })),
      ),
    );
    const trustInvoice = await finalDocument(ctx, trustId, [{ netPence: 1000 }]);
    const academyInvoice = await finalDocument(ctx, academy, [{ netPence: 2000 }]);
    const outsiderInvoice = await finalDocument(ctx, outsider, [{ netPence: 3000 }]);
    const leadId = await createUser('lead@coastal.example');
    await addBuyer(trustId, leadId, 'trust_finance');
    const lead = await asUser(leadId, `org:${trustId}`);
    const page = await buyerStatementPage.loader(args(get('/buy/statement', lead)));
    const seen = page.providers.flatMap((p) => p.statements.flatMap((s) => s.lines.map((l) => l.id)));
    expect(seen.sort()).toEqual([trustInvoice.id, academyInvoice.id].sort());
    expect(seen).not.toContain(outsiderInvoice.id);
    expect(page.providers[0]!.statements.map((s) => s.customerName).sort()).toEqual([
      'Coastal Academy North',
      'Coastal Learning Trust',
    ]);
  });
});

describe('the pages', () => {
  it('render the payment form, the payment, the payments list and both statements', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const choose = await newPaymentPage.loader(args(get('/t/alpha/payments/new', alphaFinance), { tenant: 'alpha' }));
    expect(render(newPaymentPage.default, choose)).toContain('Which customer paid?');

    const form = await newPaymentPage.loader(
      args(get(`/t/alpha/payments/new?account=${accountId}`, alphaFinance), { tenant: 'alpha' }),
    );
    const refused = await postPayment({ amount: '200.00', [`allocate-${invoice.id}`]: '200.00' });
    const html = render(newPaymentPage.default, form, refused.value);
    expect(html).toContain('There is a problem');
    expect(html).toContain(`href="#allocate-${invoice.id}"`);
    expect(html).toContain(`Amount to allocate to ${invoice.number}, in pounds`);
    expect(html).toContain('value="200.00"');

    const recorded = await postPayment({ amount: '200.00', [`allocate-${invoice.id}`]: '200.00', keepCredit: 'yes' });
    const paymentId = paymentIdFrom(recorded.response!.headers.get('location'));
    const view = await paymentPage.loader(
      args(get(`/t/alpha/payments/${paymentId}`, alphaFinance), { tenant: 'alpha', paymentId }),
    );
    expect(render(paymentPage.default, view)).toContain('£80.00 is held as credit');
    const list = await paymentsPage.loader(args(get('/t/alpha/payments', alphaFinance), { tenant: 'alpha' }));
    expect(render(paymentsPage.default, list)).toContain(`/t/alpha/customers/${accountId}/statement`);
    const statement = render(statementPage.default, (await statementOf()).value);
    expect(statement).toContain('£80.00 in credit');
    expect(statement).toContain('Record a refund of credit');

    const buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const buyerPage = render(
      buyerStatementPage.default,
      await buyerStatementPage.loader(args(get('/buy/statement', buyer))),
    );
    expect(buyerPage).toContain('alpha education services');
    expect(buyerPage).toContain(`href="/buy/invoices/alpha/${invoice.id}"`);
  });
});
