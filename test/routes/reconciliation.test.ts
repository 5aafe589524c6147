import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { lineVatPence, VAT_RATE_BASIS_POINTS } from '../../app/billing/vat';
import { finaliseInScope } from '../../app/billing/finalise-document.server';
import { raiseCreditNote } from '../../app/billing/raise-credit-note.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { priceModelSchema } from '../../app/pricing/price-model';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import { reconcile } from '../../app/reconciliation/reconcile.server';
import type { ReconciliationQuestion } from '../../app/reconciliation/reconciliation-form';
import {
  FIGURE_COLUMNS,
  RECONCILIATION_VIEWS,
  type ReconciliationFigures,
  type ReconciliationView,
} from '../../app/reconciliation/reconciliation-views';
import * as reconciliationPage from '../../app/routes/t.$tenant.finance.reconciliation';
import { insertDraftDocument } from '../../db/queries/billing-documents';
import { insertAllocation, insertPayment } from '../../db/queries/payments';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped, withTenant } from '../../db/scope.server';
import type { VatCode } from '../../db/schema';
import {
  addMember,
  asUser,
  createSchool,
  createUser,
  EP_DAY_FIELDS,
  get,
  onDate,
  ownerDb,
  respond,
  twoTenants,
  useToday,
  type TestTenant,
} from '../setup/fixtures';

useToday('2027-08-01');

let alpha: TestTenant;
let beta: TestTenant;
let finance: TenantContext;
let practitionerIds: string[];
/** The alpha lines: per school, a line of EP days (priced per day) and one of governor support. */
let lines: Array<{ id: string; organisationId: string; perDay: boolean }>;

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

/** One school's order of 10 EP days and a governor subscription, accepted, copied to two more schools. */
beforeAll(async () => {
  ({ alpha, beta } = await twoTenants());
  const admin = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'orders.manage');
  finance = await requireTenantMember(get('/t/alpha', await asUser(alpha.financeId)), 'alpha', 'finance.manage');
  const schedule = await createScheduleVersion(admin, { yearKind: 'academic', startYear: 2026 });
  const epId = await createService(admin, serviceForm.parse(EP_DAY_FIELDS));
  const govId = await createService(
    admin,
    serviceForm.parse({ ...EP_DAY_FIELDS, code: 'GOV', name: 'Governor support', unitKind: 'meeting', unitHours: '' }),
  );
  for (const id of [epId, govId]) await changeServiceStatus(admin, id, 'published');
  for (const cls of ['own_maintained', 'academy'] as const) {
    await setServicePrice(
      admin,
      schedule,
      epId,
      cls,
      priceModelSchema.parse({ model: 'per_unit', unitPricePence: 50000 }),
    );
    await setServicePrice(
      admin,
      schedule,
      govId,
      cls,
      priceModelSchema.parse({ model: 'subscription', annualPence: 120000, instalments: 'termly' }),
    );
  }
  await publishSchedule(admin, schedule);
  const buyer = await requireBuyer(
    get('/buy', await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)),
    'buy.order',
  );
  await addToBasket(buyer, { slug: 'alpha', serviceId: epId, yearKey: 'academic:2026-09-01', quantity: 10 });
  await addToBasket(buyer, { slug: 'alpha', serviceId: govId, yearKey: 'academic:2026-09-01', quantity: 1 });
  const [order] = await submitOrder(
    buyer,
    { slug: 'alpha', poNumber: 'PO-1', contactName: 'B', contactEmail: 'b@example.com', idempotencyKey: 'k' },
    'x',
  );
  await onDate('2026-09-01', () => decideOrder(admin, order!.id, { accept: true }, 'x'));

  const db = await ownerDb();
  for (let i = 1; i <= 2; i++) {
    const school = await createSchool(990100 + i, '852', `Copied School ${i}`);
    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      ensureCustomerAccounts(tx, alpha.id, [
        { organisationId: school, customerClass: 'own_maintained', settlementMethod: 'recharge' },
      ]),
    );
    await db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ id: string }>`
        insert into orders select (jsonb_populate_record(null::orders, to_jsonb(o) || jsonb_build_object(
          'id', gen_random_uuid(), 'reference', o.reference || '-' || ${i}::text, 'idempotency_key', 'k' || ${i}::text,
          'organisation_id', ${school}::uuid, 'placed_by_organisation_id', ${school}::uuid))).*
        from orders o where o.id = ${order!.id} returning id`.execute(tx);
      await sql`
        insert into order_lines select (jsonb_populate_record(null::order_lines, to_jsonb(l) || jsonb_build_object(
          'id', gen_random_uuid(), 'order_id', ${rows[0]!.id}::uuid))).*
        from order_lines l where l.order_id = ${order!.id}`.execute(tx);
    });
  }
  const practitioner = await createUser('practitioner@alpha.example');
  await addMember(alpha.id, practitioner, 'practitioner');
  practitionerIds = [practitioner, alpha.adminId];
  lines = (
    await db
      .selectFrom('order_lines')
      .innerJoin('orders', 'orders.id', 'order_lines.order_id')
      .select(['order_lines.id', 'orders.organisation_id as organisationId', 'order_lines.service_id as serviceId'])
      .where('order_lines.tenant_id', '=', alpha.id)
      .orderBy('order_lines.id')
      .execute()
  ).map((l) => ({ id: l.id, organisationId: l.organisationId, perDay: l.serviceId === epId }));
});

const YEAR_DAYS = 330; // 1 September 2026 to 28 July 2027
const dayOfYear = (n: number) => new Date(Date.UTC(2026, 8, 1 + n)).toISOString().slice(0, 10);

const deliveryArb = fc.record({
  line: fc.nat(),
  day: fc.integer({ min: 0, max: YEAR_DAYS }),
  units: fc.integer({ min: 1, max: 8 }).map((n) => n * 25),
  status: fc.constantFrom('logged', 'confirmed', 'disputed'),
  practitioner: fc.nat(),
});

const documentArb = fc.record({
  kind: fc.constantFrom('invoice', 'recharge'),
  day: fc.integer({ min: 0, max: YEAR_DAYS }),
  lines: fc.array(
    fc.record({
      line: fc.option(fc.nat(), { nil: null }),
      netPence: fc.integer({ min: 1, max: 200_000 }),
      vatCode: fc.constantFrom<VatCode>('S', 'E', 'O'),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  /** Fractions (thousandths) of what is owed to credit and to pay; 0 for none. */
  creditShare: fc.constantFrom(0, 0, 250, 1000),
  payShare: fc.constantFrom(0, 333, 1000),
  paidOnDay: fc.integer({ min: 0, max: YEAR_DAYS }),
});

type DeliveryInput = typeof deliveryArb extends fc.Arbitrary<infer T> ? T : never;

let chargeSerial = 0;

async function addDeliveries(deliveries: ReadonlyArray<DeliveryInput>) {
  const perDay = lines.filter((l) => l.perDay);
  const db = await ownerDb();
  for (const d of deliveries) {
    const line = perDay[d.line % perDay.length]!;
    await db
      .insertInto('deliveries')
      .values({
        tenant_id: alpha.id,
        order_line_id: line.id,
        delivered_on: dayOfYear(d.day),
        units_hundredths: d.units,
        practitioner_id: practitionerIds[d.practitioner % practitionerIds.length]!,
        work_type: 'Consultation',
        status: 'logged',
        confirm_by: dayOfYear(d.day + 10),
        logged_by: alpha.adminId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then(async ({ id }) => {
        if (d.status === 'confirmed')
          await db
            .updateTable('deliveries')
            .set({ status: 'confirmed', confirmed_at: new Date() })
            .where('id', '=', id)
            .execute();
        if (d.status === 'disputed')
          await db
            .updateTable('deliveries')
            .set({ status: 'disputed', dispute_reason: 'Not us', disputed_by: alpha.buyerId, disputed_at: new Date() })
            .where('id', '=', id)
            .execute();
      });
  }
}

type DocumentInput = typeof documentArb extends fc.Arbitrary<infer T> ? T : never;

async function addDocument(doc: DocumentInput) {
  const organisationId =
    doc.lines[0]!.line === null ? alpha.schoolOrganisationId : lines[doc.lines[0]!.line % lines.length]!.organisationId;
  const { id, totalPence } = await onDate(dayOfYear(doc.day), () =>
    withTenant(finance, async (tx) => {
      const id = await insertDraftDocument(tx, alpha.id, {
        kind: doc.kind,
        runId: null,
        organisationId,
        poNumber: null,
        createdBy: finance.userId,
        lines: doc.lines.map((l, i) => {
          const vatCode: VatCode = doc.kind === 'recharge' ? 'O' : l.vatCode;
          const orderLine =
            l.line === null ? null : lines.filter((x) => x.organisationId === organisationId)[l.line % 2]!;
          return {
            chargeKind: 'manual',
            orderLineId: orderLine?.id ?? null,
            chargeKey: orderLine ? `manual:${++chargeSerial}` : null,
            deliveryId: null,
            description: `Line ${i + 1}`,
            periodStart: null,
            periodEnd: null,
            quantityHundredths: 100,
            unitPricePence: l.netPence,
            netPence: l.netPence,
            vatCode,
            vatRateBasisPoints: VAT_RATE_BASIS_POINTS[vatCode],
            vatPence: lineVatPence(l.netPence, vatCode),
            poNumber: null,
            costCentre: null,
            subjectiveCode: null,
            reason: 'Agreed with the school',
          };
        }),
      });
      const { totalPence } = await finaliseInScope(tx, finance, id);
      return { id, totalPence };
    }),
  );
  let owed = totalPence;
  if (doc.creditShare > 0) {
    const credit = await onDate(dayOfYear(Math.min(YEAR_DAYS, doc.day + 5)), () =>
      raiseCreditNote(finance, id, { scope: 'full', amounts: new Map(), reason: 'Agreed credit' }),
    );
    expect(credit).toBeTruthy();
    owed = 0;
  }
  const pay = Math.floor((owed * doc.payShare) / 1000);
  if (pay > 0)
    await withTenant(finance, async (tx) => {
      const paymentId = await insertPayment(tx, {
        tenantId: alpha.id,
        organisationId,
        receivedOn: dayOfYear(doc.paidOnDay),
        amountPence: pay + 500,
        method: 'bacs',
        reference: 'Remittance',
        recordedBy: finance.userId,
      });
      await insertAllocation(tx, {
        tenantId: alpha.id,
        paymentId,
        documentId: id,
        amountPence: pay,
        allocatedBy: finance.userId,
      });
    });
}

const question = (from: string, to: string, view: ReconciliationView, filter: Partial<ReconciliationQuestion> = {}) =>
  ({ view, from, to, ...filter }) as ReconciliationQuestion;

const FILTER_OF: Record<ReconciliationView, keyof ReconciliationQuestion> = {
  service: 'serviceId',
  customer: 'organisationId',
  practitioner: 'practitionerId',
  agreement: 'agreementId',
};

const figures = (f: ReconciliationFigures) => Object.fromEntries(FIGURE_COLUMNS.map((c) => [c.key, f[c.key]]));

/** What the documents of the period add up to, worked out plainly from the tables themselves. */
async function documentTotals(from: string, to: string) {
  const db = await ownerDb();
  const { rows } = await sql<{ billed: string; credited: string; paid: string }>`
    select coalesce(sum(d.total_pence), 0) as billed,
           coalesce(sum((select coalesce(sum(c.total_pence), 0) from billing_documents c
                          where c.credits_document_id = d.id and c.status = 'final')), 0) as credited,
           coalesce(sum((select coalesce(sum(a.amount_pence), 0) from payment_allocations a where a.document_id = d.id)), 0) as paid
      from billing_documents d
     where d.tenant_id = ${alpha.id} and d.status = 'final' and d.kind in ('invoice','recharge')
       and d.tax_point between ${from}::date and ${to}::date`.execute(db);
  return { billed: Number(rows[0]!.billed), credited: Number(rows[0]!.credited), paid: Number(rows[0]!.paid) };
}

describe('reconciliation', () => {
  it('ties: every view adds up to the control totals, every filter gives its row, and the totals match the documents', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(deliveryArb, { maxLength: 6 }),
        fc.array(documentArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: YEAR_DAYS }),
        fc.integer({ min: 0, max: YEAR_DAYS }),
        async (deliveries, documents, a, b) => {
          await addDeliveries(deliveries);
          for (const doc of documents) await addDocument(doc);
          const [from, to] = [dayOfYear(Math.min(a, b)), dayOfYear(Math.max(a, b))];
          const views = Object.keys(RECONCILIATION_VIEWS) as ReconciliationView[];
          let total: ReconciliationFigures | null = null;
          for (const view of views) {
            const result = await reconcile(finance, question(from, to, view));
            total ??= result.total!;
            expect(figures(result.total!)).toEqual(figures(total));
            const summed = Object.fromEntries(
              FIGURE_COLUMNS.map((c) => [c.key, result.rows.reduce((s, r) => s + r[c.key], 0)]),
            );
            expect(summed).toEqual(figures(total));
            for (const row of result.rows.filter((r) => r.id !== null)) {
              const narrowed = await reconcile(finance, question(from, to, view, { [FILTER_OF[view]]: row.id! }));
              expect(figures(narrowed.total!)).toEqual(figures(row));
            }
          }
          const plain = await documentTotals(from, to);
          expect(total!.invoicedPence + total!.rechargedPence).toBe(plain.billed);
          expect(total!.creditedPence).toBe(plain.credited);
          expect(total!.paidPence).toBe(plain.paid);
          expect(total!.outstandingPence).toBe(plain.billed - plain.credited - plain.paid);
        },
      ),
      { numRuns: 8 },
    );
  }, 240_000);

  it('values agreed and delivered work, and lists what to clear with links', async () => {
    // Its own facts, whatever the property above happened to generate: a confirmed day not yet billed
    // and a payment nobody has allocated.
    await addDeliveries([{ line: 0, day: 20, units: 100, status: 'confirmed', practitioner: 0 }]);
    await withTenant(finance, (tx) =>
      insertPayment(tx, {
        tenantId: alpha.id,
        organisationId: alpha.schoolOrganisationId,
        receivedOn: dayOfYear(30),
        amountPence: 12_345,
        method: 'bacs',
        reference: 'Unexplained',
        recordedBy: finance.userId,
      }),
    );
    const result = await reconcile(finance, question('2026-09-01', '2027-08-31', 'customer'));
    // Three schools, each 10 EP days at £500 and a £1,200 governor subscription.
    expect(result.total!.agreedPence).toBe(3 * (500_000 + 120_000));
    const db = await ownerDb();
    const { rows } = await sql<{ confirmed: string }>`
      select coalesce(sum(units_hundredths), 0) as confirmed from deliveries
       where tenant_id = ${alpha.id} and status = 'confirmed' and corrects_delivery_id is null`.execute(db);
    // £500 a day: a hundredth of a day is £5.
    expect(result.total!.deliveredConfirmedPence).toBe(Number(rows[0]!.confirmed) * 500);
    expect(result.exceptions.some((e) => e.kind === 'delivered_not_billed' && e.target === 'line')).toBe(true);
    expect(result.exceptions.some((e) => e.kind === 'unallocated_cash')).toBe(true);
  });

  it('lists disputed delivery already billed, billing for a record later voided, and overdue documents', async () => {
    const db = await ownerDb();
    const line = lines.find((l) => l.perDay)!;
    const logged = async (on: string) =>
      (
        await db
          .insertInto('deliveries')
          .values({
            tenant_id: alpha.id,
            order_line_id: line.id,
            delivered_on: on,
            units_hundredths: 100,
            practitioner_id: practitionerIds[0]!,
            work_type: 'Consultation',
            status: 'logged',
            confirm_by: '2027-07-30',
            logged_by: alpha.adminId,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const disputed = await logged('2027-07-05');
    const voided = await logged('2027-07-06');
    const dispute = {
      status: 'disputed' as const,
      dispute_reason: 'We had no visit',
      disputed_by: alpha.buyerId,
      disputed_at: new Date(),
    };
    await db.updateTable('deliveries').set(dispute).where('id', 'in', [disputed, voided]).execute();
    await db
      .updateTable('deliveries')
      .set({
        status: 'voided',
        resolution_outcome: 'voided',
        resolution_note: 'It did not happen',
        resolved_by: alpha.adminId,
        resolved_at: new Date(),
      })
      .where('id', '=', voided)
      .execute();
    // Both records billed, on an invoice finalised on 10 July 2027.
    const { number } = await onDate('2027-07-10', () =>
      withTenant(finance, async (tx) => {
        const id = await insertDraftDocument(tx, alpha.id, {
          kind: 'invoice',
          runId: null,
          organisationId: line.organisationId,
          poNumber: null,
          createdBy: finance.userId,
          lines: [disputed, voided].map((deliveryId, i) => ({
            chargeKind: 'delivery' as const,
            orderLineId: line.id,
            chargeKey: `delivery:${deliveryId}`,
            deliveryId,
            description: `Day ${i + 1}`,
            periodStart: null,
            periodEnd: null,
            quantityHundredths: 100,
            unitPricePence: 50_000,
            netPence: 50_000,
            vatCode: 'E' as const,
            vatRateBasisPoints: 0,
            vatPence: 0,
            poNumber: null,
            costCentre: null,
            subjectiveCode: null,
          })),
        });
        return finaliseInScope(tx, finance, id);
      }),
    );
    const { exceptions } = await reconcile(finance, question('2027-07-01', '2027-07-31', 'service'));
    const of = (kind: string) => exceptions.filter((e) => e.kind === kind && e.what.startsWith(number));
    expect(of('disputed_billed')).toEqual([
      expect.objectContaining({
        target: 'document',
        amountPence: 50_000,
        what: `${number} bills a record the school disputes: We had no visit`,
      }),
    ]);
    expect(of('billed_not_delivered')).toEqual([
      expect.objectContaining({
        target: 'document',
        amountPence: 50_000,
        what: `${number} bills a record that was then voided`,
      }),
    ]);
    // Due 30 days after 10 July, unpaid on 1 August: not yet overdue; on 1 September it is.
    expect(of('overdue')).toEqual([]);
    const later = await onDate('2027-09-01', () => reconcile(finance, question('2027-07-01', '2027-07-31', 'service')));
    expect(later.exceptions.filter((e) => e.kind === 'overdue' && e.what.startsWith(number))).toEqual([
      expect.objectContaining({ target: 'document', amountPence: 100_000 }),
    ]);
  });

  it('shows the page with its control total, refuses a back-to-front period, and keeps other tenants out', async () => {
    const browser = await asUser(alpha.financeId);
    const ok = await respond(() =>
      reconciliationPage.loader(
        args(
          get(
            '/t/alpha/finance/reconciliation?from-day=1&from-month=9&from-year=2026&to-day=31&to-month=8&to-year=2027',
            browser,
          ),
          {
            tenant: 'alpha',
          },
        ),
      ),
    );
    expect(ok.status).toBe(200);
    const bad = await respond(() =>
      reconciliationPage.loader(
        args(
          get(
            '/t/alpha/finance/reconciliation?from-day=1&from-month=9&from-year=2027&to-day=1&to-month=9&to-year=2026',
            browser,
          ),
          {
            tenant: 'alpha',
          },
        ),
      ),
    );
    expect(bad.status).toBe(400);
    const betaFinance = await asUser(beta.financeId);
    const other = await respond(() =>
      reconciliationPage.loader(args(get('/t/alpha/finance/reconciliation', betaFinance), { tenant: 'alpha' })),
    );
    expect(other.status).toBe(404);
    // Beta's own reconciliation, filtered by one of alpha's customers, shows none of alpha's money.
    const betaCtx = await requireTenantMember(get('/t/beta', betaFinance), 'beta', 'finance.manage');
    const leaked = await reconcile(
      betaCtx,
      question('2026-09-01', '2027-08-31', 'customer', { organisationId: lines[0]!.organisationId }),
    );
    expect(leaked.rows).toEqual([]);
    expect(leaked.total!.paidPence).toBe(0);
  });
});
