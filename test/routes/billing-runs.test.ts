import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { runBillingRunsOnce } from '../../app/billing/billing-run-worker.server';
import { changeServiceStatus, createService, editService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { orderForProvider } from '../../app/commissioning/order-detail.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { lineForProvider } from '../../app/delivery/load-line.server';
import { logDelivery } from '../../app/delivery/log-delivery.server';
import { respondToDelivery } from '../../app/delivery/respond-to-delivery.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { priceModelSchema, type PriceModelInput } from '../../app/pricing/price-model';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as billingPage from '../../app/routes/t.$tenant.billing._index';
import * as runPage from '../../app/routes/t.$tenant.billing.runs.$runId';
import * as linePage from '../../app/routes/t.$tenant.lines.$lineId';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped } from '../../db/scope.server';
import {
  addBuyer,
  asUser,
  createSchool,
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

// The 2026/27 academic year: orders accepted on 1 September, billed in November.
useToday('2026-11-05');

let alpha: TestTenant;
let beta: TestTenant;
let admin: TenantContext;
let finance: Browser;
let governors: string;
let epDay: string;

const GOVERNORS = { code: 'GOV', name: 'Governor support', unitKind: 'meeting', unitHours: '', vatAcademy: 'S' };
const governorPrice: PriceModelInput = { model: 'subscription', annualPence: 120000, instalments: 'termly' };
const perDay: PriceModelInput = { model: 'per_unit', unitPricePence: 50000 };

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  admin = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'orders.manage');
  finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  const schedule = await createScheduleVersion(admin, { yearKind: 'academic', startYear: 2026 });
  const publish = async (fields: Record<string, string>, price: PriceModelInput) => {
    const id = await createService(admin, serviceForm.parse({ ...EP_DAY_FIELDS, ...fields }));
    await changeServiceStatus(admin, id, 'published');
    for (const cls of ['own_maintained', 'academy'] as const)
      await setServicePrice(admin, schedule, id, cls, priceModelSchema.parse(price));
    return id;
  };
  governors = await publish(GOVERNORS, governorPrice);
  epDay = await publish({}, perDay);
  await publishSchedule(admin, schedule);
});

/** A school customer of alpha with its own buyer; an academy is invoiced, a maintained school recharged. */
async function academy(urn: number, name: string) {
  const db = await ownerDb();
  const organisationId = await createSchool(urn, '852', name);
  await db.updateTable('schools').set({ type_group: 'academy' }).where('urn', '=', urn).execute();
  await runScoped(db, { tenantId: alpha.id }, (tx) =>
    ensureCustomerAccounts(tx, alpha.id, [{ organisationId, customerClass: 'academy', settlementMethod: 'invoice' }]),
  );
  const buyerId = await createUser(`bursar@${urn}.example`);
  await addBuyer(organisationId, buyerId, 'business_manager');
  return { organisationId, buyerId };
}

async function buyerOf(organisationId: string, buyerId: string) {
  return requireBuyer(get('/buy', await asUser(buyerId, `org:${organisationId}`)), 'buy.order');
}

/** An order for a service, accepted on 1 September 2026; returns the line's id. */
async function orderedLine(customer: { organisationId: string; buyerId: string }, serviceId: string, quantity = 1) {
  const buyer = await buyerOf(customer.organisationId, customer.buyerId);
  await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2026-09-01', quantity });
  const [placed] = await submitOrder(
    buyer,
    {
      slug: 'alpha',
      poNumber: 'PO-123',
      contactName: 'B',
      contactEmail: 'b@example.com',
      idempotencyKey: crypto.randomUUID(),
    },
    'x',
  );
  await onDate('2026-09-01', () => decideOrder(admin, placed!.id, { accept: true }, 'x'));
  return (await orderForProvider(admin, placed!.id)).lines[0]!.id;
}

async function deliver(
  lineId: string,
  deliveredOn: string,
  answer: 'confirm' | 'dispute' | 'none',
  buyerId: string,
  org: string,
) {
  const id = await logDelivery(
    admin,
    lineId,
    { deliveredOn, unitsHundredths: 100, practitionerId: alpha.adminId, workType: 'Visit', note: '' },
    'x',
  );
  if (answer === 'none') return id;
  const buyer = await buyerOf(org, buyerId);
  await respondToDelivery(
    buyer,
    'alpha',
    id,
    answer === 'confirm' ? { confirm: true } : { confirm: false, reason: 'Nobody came' },
    'x',
  );
  return id;
}

function startRun(fields: Record<string, string>, browser = finance) {
  return respond(() =>
    billingPage.action({
      request: post('/t/alpha/billing', fields, browser),
      params: { tenant: 'alpha' },
      context: {},
    }),
  );
}

async function runPageOf(runId: string, browser = finance, slug = 'alpha') {
  return respond(() =>
    runPage.loader({
      request: get(`/t/${slug}/billing/runs/${runId}`, browser),
      params: { tenant: slug, runId },
      context: {},
    }),
  );
}

/** Starts a run through the page, works it as the server's worker would, and returns its page data. */
async function billThrough(fields: Record<string, string>) {
  const started = await startRun(fields);
  expect(started.status).toBe(302);
  const runId = started.response!.headers.get('location')!.split('/').pop()!;
  expect(await runBillingRunsOnce()).toBe(1);
  const page = await runPageOf(runId);
  expect(page.status).toBe(200);
  return { runId, run: (page.value as Awaited<ReturnType<typeof runPage.loader>>).run };
}

async function documentsOf(runId: string) {
  const db = await ownerDb();
  const docs = await db
    .selectFrom('billing_documents')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('kind')
    .execute();
  return Promise.all(
    docs.map(async (d) => ({
      ...d,
      lines: await db
        .selectFrom('billing_document_lines')
        .selectAll()
        .where('document_id', '=', d.id)
        .orderBy('line_number')
        .execute(),
    })),
  );
}

const countClaims = async () =>
  Number(
    (
      await (
        await ownerDb()
      )
        .selectFrom('billed_charges')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('billing runs', () => {
  it('a period with nothing due says so and makes nothing', async () => {
    await orderedLine({ organisationId: alpha.schoolOrganisationId, buyerId: alpha.buyerId }, governors);
    const { run } = await billThrough({ periodKind: 'month', month: '2026-08' });
    expect(run.status).toBe('finished');
    expect(run.outcome).toBe('Nothing new to bill up to 31 August 2026: every charge due is already billed');
    expect(run.documentsMade).toBe(0);
    expect(await countClaims()).toBe(0);
  });

  it('bills instalments in advance and confirmed work in arrears, one draft per customer, and nothing twice', async () => {
    const school = { organisationId: alpha.schoolOrganisationId, buyerId: alpha.buyerId };
    const oakwood = await academy(900201, 'Oakwood Academy');
    const schoolGovernors = await orderedLine(school, governors);
    const academyGovernors = await orderedLine(oakwood, governors);
    const academyDays = await orderedLine(oakwood, epDay, 3);

    // Finance bills the days in arrears, from the line page.
    const plan = await respond(() =>
      linePage.action({
        request: post(
          `/t/alpha/lines/${academyDays}`,
          { intent: 'billing_plan', billingPlan: 'arrears_monthly' },
          finance,
        ),
        params: { tenant: 'alpha', lineId: academyDays },
        context: {},
      }),
    );
    expect(plan.status).toBe(302);
    // Another provider's finance officer cannot reach the line, even through its own address.
    const betaFinance = await asUser(beta.financeId, `tenant:${beta.id}`);
    const elsewhere = await respond(() =>
      linePage.action({
        request: post(`/t/beta/lines/${academyDays}`, { intent: 'billing_plan', billingPlan: 'annual' }, betaFinance),
        params: { tenant: 'beta', lineId: academyDays },
        context: {},
      }),
    );
    expect(elsewhere.status).toBe(404);
    const september = await deliver(academyDays, '2026-09-10', 'confirm', oakwood.buyerId, oakwood.organisationId);
    const october = await deliver(academyDays, '2026-10-12', 'confirm', oakwood.buyerId, oakwood.organisationId);
    await deliver(academyDays, '2026-10-20', 'dispute', oakwood.buyerId, oakwood.organisationId);
    await deliver(academyDays, '2026-10-21', 'none', oakwood.buyerId, oakwood.organisationId);

    const { runId, run } = await billThrough({ periodKind: 'month', month: '2026-10' });
    expect(run.status).toBe('finished');
    expect(run.outcome).toBe('Made 2 drafts with 4 lines for 2 customers');
    expect(run).toMatchObject({ customersTotal: 2, customersDone: 2, documentsMade: 2, linesMade: 4, errors: [] });

    const [invoice, recharge] = await documentsOf(runId);
    expect(recharge).toMatchObject({ kind: 'recharge', status: 'draft', organisation_id: school.organisationId });
    expect(recharge!.lines.map((l) => [l.order_line_id, l.charge_key, l.net_pence, l.vat_code, l.vat_pence])).toEqual([
      [schoolGovernors, 'instalment:2026-09-03', 40000, 'O', 0],
    ]);
    expect(recharge!.lines[0]!.description).toBe(
      'Governor support, autumn term instalment (3 September to 18 December 2026)',
    );
    expect(invoice).toMatchObject({ kind: 'invoice', organisation_id: oakwood.organisationId, po_number: 'PO-123' });
    expect(
      invoice!.lines.map((l) => [
        l.order_line_id,
        l.charge_key,
        l.quantity_hundredths,
        l.net_pence,
        l.vat_code,
        l.vat_pence,
      ]),
    ).toEqual([
      [academyGovernors, 'instalment:2026-09-03', 100, 40000, 'S', 8000],
      // The disputed and the unanswered records wait.
      [academyDays, `delivery:${september}`, 100, 50000, 'E', 0],
      [academyDays, `delivery:${october}`, 100, 50000, 'E', 0],
    ]);
    expect(await countClaims()).toBe(4);

    // The same period again: everything due is billed already.
    const again = await billThrough({ periodKind: 'month', month: '2026-10' });
    expect(again.run.outcome).toBe('Nothing new to bill up to 31 October 2026: every charge due is already billed');
    expect(await documentsOf(again.runId)).toEqual([]);
    expect(await countClaims()).toBe(4);

    // Billed, the line's plan is fixed: the page refuses, and so does the database.
    const refused = await respond(() =>
      linePage.action({
        request: post(`/t/alpha/lines/${academyDays}`, { intent: 'billing_plan', billingPlan: 'annual' }, finance),
        params: { tenant: 'alpha', lineId: academyDays },
        context: {},
      }),
    );
    expect(refused.status).toBe(409);
    const page = await respond(() =>
      linePage.loader({
        request: get(`/t/alpha/lines/${academyDays}`, finance),
        params: { tenant: 'alpha', lineId: academyDays },
        context: {},
      }),
    );
    expect(page.value).toMatchObject({
      canSetBillingPlan: true,
      canLog: false,
      billing: { plan: 'arrears_monthly', fixed: true },
    });
    await expect(
      runScoped(await ownerDb(), { tenantId: alpha.id }, (tx) =>
        tx.updateTable('order_lines').set({ billing_plan: 'annual' }).where('id', '=', academyDays).execute(),
      ),
    ).rejects.toThrow(/already been billed/);

    // Once the invoice is final, the line's position counts it as billed.
    const db = await ownerDb();
    await db
      .updateTable('billing_documents')
      .set({
        status: 'final',
        number: 'TST-INV000001',
        issued_on: '2026-11-05',
        tax_point: '2026-11-05',
        net_pence: 140000,
        vat_pence: 8000,
        total_pence: 148000,
        customer_name: 'Oakwood Academy',
        supplier_name: 'alpha',
        supplier_vat_number: 'GB000000000',
      })
      .where('id', '=', invoice!.id)
      .execute();
    const { line } = await lineForProvider(admin, academyDays);
    expect(line.position.billedPence).toBe(100000);
    expect(line.position.toBillPence).toBe(50000);
  });

  it('the page refuses a second run while one waits, and bad choices, with reasons', async () => {
    const first = await startRun({ periodKind: 'up_to', 'upTo-day': '31', 'upTo-month': '10', 'upTo-year': '2026' });
    expect(first.status).toBe(302);
    const second = await startRun({ periodKind: 'term', term: '2026:autumn' });
    expect(second.status).toBe(409);
    expect(second.value).toMatchObject({
      errors: [{ field: 'periodKind', message: expect.stringMatching(/already waiting or running/) }],
    });
    expect((await startRun({ periodKind: 'month', month: 'soon' })).status).toBe(400);
    const farOff = await startRun({ periodKind: 'up_to', 'upTo-day': '1', 'upTo-month': '1', 'upTo-year': '2029' });
    expect(farOff.status).toBe(400);
    const noDate = await startRun({ periodKind: 'up_to', 'upTo-day': '', 'upTo-month': '', 'upTo-year': '' });
    expect(noDate.value).toMatchObject({ errors: [{ field: 'upTo' }] });
    const runs = await (await ownerDb()).selectFrom('billing_runs').select(['status', 'period_label']).execute();
    expect(runs).toEqual([{ status: 'queued', period_label: 'Everything due up to 31 October 2026' }]);
  });

  it('bills a trust for its schools when their accounts say so, once the trust has an account', async () => {
    const db = await ownerDb();
    const trustId = (
      await db
        .insertInto('organisations')
        .values({ kind: 'trust', name: 'Coastal Learning Trust', trust_key: 'name:coastal' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const north = await academy(900301, 'Coastal Academy North');
    const south = await academy(900302, 'Coastal Academy South');
    await db
      .updateTable('organisations')
      .set({ trust_id: trustId })
      .where('id', 'in', [north.organisationId, south.organisationId])
      .execute();
    await db
      .updateTable('customer_accounts')
      .set({ invoice_trust: true })
      .where('organisation_id', 'in', [north.organisationId, south.organisationId])
      .execute();
    await orderedLine(north, governors);
    await orderedLine(south, governors);

    const withoutAccount = await billThrough({ periodKind: 'term', term: '2026:autumn' });
    expect(withoutAccount.run.errors).toEqual([
      {
        customer: 'Coastal Learning Trust',
        message: expect.stringMatching(
          /^Coastal Learning Trust is invoiced for its schools but has no customer account/,
        ),
      },
    ]);
    expect(withoutAccount.run.documentsMade).toBe(0);
    expect(await countClaims()).toBe(0);

    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      ensureCustomerAccounts(tx, alpha.id, [
        { organisationId: trustId, customerClass: 'academy', settlementMethod: 'invoice' },
      ]),
    );
    const { runId, run } = await billThrough({ periodKind: 'term', term: '2026:autumn' });
    expect(run.outcome).toBe('Made 1 draft with 2 lines for 1 customer');
    const [invoice] = await documentsOf(runId);
    expect(invoice).toMatchObject({ kind: 'invoice', organisation_id: trustId });
    expect(invoice!.lines.map((l) => l.description)).toEqual([
      'Coastal Academy North: Governor support, autumn term instalment (3 September to 18 December 2026)',
      'Coastal Academy South: Governor support, autumn term instalment (3 September to 18 December 2026)',
    ]);
  });

  it('another provider gets 404 for a run, and its own runs list shows none of ours', async () => {
    const { runId } = await billThrough({ periodKind: 'month', month: '2026-10' });
    const betaFinance = await asUser(beta.financeId, `tenant:${beta.id}`);
    expect((await runPageOf(runId, betaFinance, 'beta')).status).toBe(404);
    expect((await runPageOf(runId, betaFinance, 'alpha')).status).toBe(404);
    expect((await runPageOf('not-a-run')).status).toBe(404);
    const list = await respond(() =>
      billingPage.loader({ request: get('/t/beta/billing', betaFinance), params: { tenant: 'beta' }, context: {} }),
    );
    expect((list.value as { runs: unknown[] }).runs).toEqual([]);
  });

  it("a service's billing plan is set with the service; an edit that does not give one keeps it", async () => {
    const fields = { ...EP_DAY_FIELDS, code: 'EP-ADHOC', name: 'Ad hoc psychology' };
    const serviceId = await createService(admin, serviceForm.parse({ ...fields, billingPlan: 'as_delivered' }));
    await editService(admin, serviceId, serviceForm.parse(fields));
    const db = await ownerDb();
    const service = await db
      .selectFrom('services')
      .select('billing_plan')
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    expect(service.billing_plan).toBe('as_delivered');
    expect(serviceForm.safeParse({ ...fields, billingPlan: 'whenever' }).success).toBe(false);
  });

  it('only finance may start a run', async () => {
    const practitionerId = await createUser('pat@alpha.example');
    await (
      await ownerDb()
    )
      .insertInto('tenant_memberships')
      .values({ tenant_id: alpha.id, user_id: practitionerId, role: 'practitioner' })
      .execute();
    const pat = await asUser(practitionerId, `tenant:${alpha.id}`);
    expect((await startRun({ periodKind: 'month', month: '2026-10' }, pat)).status).toBe(403);
    expect(await (await ownerDb()).selectFrom('billing_runs').selectAll().execute()).toEqual([]);
  });
});
