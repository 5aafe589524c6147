import { randomUUID } from 'node:crypto';
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../../app/auth/guards.server';
import { createAgreement } from '../../app/agreements/create-agreement.server';
import { proposeLineAsProvider } from '../../app/agreements/propose-line.server';
import { finaliseDocument } from '../../app/billing/finalise-document.server';
import { lineVatPence, VAT_RATE_BASIS_POINTS } from '../../app/billing/vat';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { setApprovalThreshold } from '../../app/commissioning/buyer-settings.server';
import { decideApproval } from '../../app/commissioning/decide-approval.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { answerRenewal, openRenewalWindow } from '../../app/commissioning/renewals.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { assignLine } from '../../app/delivery/assign-line.server';
import { logDelivery } from '../../app/delivery/log-delivery.server';
import { resolveDispute, respondToDelivery } from '../../app/delivery/respond-to-delivery.server';
import { allocatePayment } from '../../app/payments/allocate-payment.server';
import { recordPayment } from '../../app/payments/record-payment.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as buyerHomePage from '../../app/routes/buy._index';
import * as providerHomePage from '../../app/routes/t.$tenant._index';
import * as settingsPage from '../../app/routes/t.$tenant.settings';
import { insertDraftDocument } from '../../db/queries/billing-documents';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped, withTenant } from '../../db/scope.server';
import {
  addBuyer,
  addMember,
  asUser,
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
import { finalDocument } from '../setup/payments';
import { routeData } from '../setup/route-data';

// Orders here are for the 2025/26 academic year, placed while it runs.
useToday('2026-03-01');

const remix = routeData();

function render(page: ComponentType, loaderData: unknown): string {
  remix.loaderData = JSON.parse(JSON.stringify(loaderData));
  return renderToStaticMarkup(createElement(page));
}

const BASE = 'http://localhost';
const DAY_RATE = 50000;

let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: TenantContext;
let serviceId: string;
let managerId: string;
let practitionerId: string;

type ProviderHome = Awaited<ReturnType<typeof providerHomePage.loader>>;
type BuyerHome = Awaited<ReturnType<typeof buyerHomePage.loader>>;

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

async function providerHome(userId: string, tenant: TestTenant = alpha): Promise<ProviderHome> {
  const browser = await asUser(userId, `tenant:${tenant.id}`);
  const r = await respond(() =>
    providerHomePage.loader(args(get(`/t/${tenant.slug}`, browser), { tenant: tenant.slug })),
  );
  expect(r.status).toBe(200);
  return r.value as ProviderHome;
}

async function buyerHome(userId: string, organisationId = alpha.schoolOrganisationId): Promise<BuyerHome> {
  const browser = await asUser(userId, `org:${organisationId}`);
  const r = await respond(() => buyerHomePage.loader(args(get('/buy', browser))));
  expect(r.status).toBe(200);
  return r.value as BuyerHome;
}

async function buyerAs(userId: string, organisationId = alpha.schoolOrganisationId): Promise<BuyerContext> {
  return requireBuyer(get('/buy', await asUser(userId, `org:${organisationId}`)));
}

async function tenantCtx(userId: string, tenant: TestTenant = alpha): Promise<TenantContext> {
  return requireTenantMember(get(`/t/${tenant.slug}`, await asUser(userId)), tenant.slug);
}

/** Everything on a home page that waits for someone: empty for another tenant whatever alpha has. */
function waiting(q: ProviderHome['queue']) {
  return [
    q.ordersToAccept?.count ?? 0,
    q.disputesToResolve?.count ?? 0,
    q.renewalsOutstanding?.length ?? 0,
    q.assignedLines?.count ?? 0,
    q.myDisputes?.count ?? 0,
    q.draftDocuments?.count ?? 0,
    q.overdueDocuments?.count ?? 0,
    q.unallocatedPayments?.count ?? 0,
  ].reduce((a, b) => a + b, 0);
}

async function placeOrder(buyer: BuyerContext, service = serviceId, quantity = 3): Promise<string> {
  await addToBasket(buyer, { slug: 'alpha', serviceId: service, yearKey: 'academic:2025-09-01', quantity });
  const [placed] = await submitOrder(
    buyer,
    {
      slug: 'alpha',
      poNumber: '',
      contactName: 'Pat Bursar',
      contactEmail: 'bursar@example.com',
      idempotencyKey: randomUUID(),
    },
    BASE,
  );
  return placed!.id;
}

async function lineOf(orderId: string): Promise<string> {
  const db = await ownerDb();
  return (await db.selectFrom('order_lines').select('id').where('order_id', '=', orderId).executeTakeFirstOrThrow()).id;
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await tenantCtx(alpha.adminId);
  managerId = await createUser('manager@alpha.example', 'Sam Manager');
  practitionerId = await createUser('practitioner@alpha.example', 'Pat Practitioner');
  await addMember(alpha.id, managerId, 'service_manager');
  await addMember(alpha.id, practitionerId, 'practitioner');
  serviceId = await createService(alphaAdmin, serviceForm.parse(EP_DAY_FIELDS));
  await changeServiceStatus(alphaAdmin, serviceId, 'published');
  const schedule = await createScheduleVersion(alphaAdmin, { yearKind: 'academic', startYear: 2025 });
  for (const customerClass of ['own_maintained', 'academy'] as const)
    await setServicePrice(alphaAdmin, schedule, serviceId, customerClass, {
      model: 'per_unit',
      unitPricePence: DAY_RATE,
      minimumChargePence: 0,
      rounding: 'penny',
    });
  await publishSchedule(alphaAdmin, schedule);
});

describe("the service manager's home", () => {
  it('lists an order to accept with a link to it; accepting it removes it; another tenant never sees it', async () => {
    const buyer = await buyerAs(alpha.buyerId);
    const orderId = await placeOrder(buyer);

    const before = await providerHome(managerId);
    expect(before.queue.ordersToAccept).toMatchObject({
      count: 1,
      first: [{ id: orderId, buyerName: 'alpha primary school' }],
    });
    const html = render(providerHomePage.default, before);
    expect(html).toContain(`href="/t/alpha/orders/${orderId}"`);
    expect(html).toContain('1 order waits for you to accept or decline.');
    expect(waiting((await providerHome(beta.adminId, beta)).queue)).toBe(0);

    await decideOrder(await tenantCtx(managerId), orderId, { accept: true }, BASE);
    const after = await providerHome(managerId);
    expect(after.queue.ordersToAccept).toEqual({ count: 0, first: [] });
    expect(render(providerHomePage.default, after)).toContain('Nothing waits for you.');
  });

  it('counts every order but lists only the first few, oldest first', async () => {
    const buyer = await buyerAs(alpha.buyerId);
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await placeOrder(buyer));
    const { queue } = await providerHome(managerId);
    expect(queue.ordersToAccept!.count).toBe(7);
    expect(queue.ordersToAccept!.first.map((o) => o.id)).toEqual(ids.slice(0, 5));
  });

  it('a disputed delivery waits for the manager and the practitioner whose record it is, until resolved', async () => {
    const buyer = await buyerAs(alpha.buyerId);
    const orderId = await placeOrder(buyer);
    const manager = await tenantCtx(managerId);
    await onDate('2026-02-02', () => decideOrder(manager, orderId, { accept: true }, BASE));
    const lineId = await lineOf(orderId);
    await assignLine(manager, lineId, practitionerId);

    // The practitioner sees the line assigned to them with what is left to deliver.
    const assigned = (await providerHome(practitionerId)).queue;
    expect(assigned.assignedLines).toMatchObject({ count: 1, first: [{ id: lineId, remainingHundredths: 300 }] });
    expect(assigned.ordersToAccept).toBeNull();
    expect(assigned.draftDocuments).toBeNull();

    const practitioner = await tenantCtx(practitionerId);
    const deliveryId = await logDelivery(
      practitioner,
      lineId,
      { deliveredOn: '2026-02-20', unitsHundredths: 100, practitionerId, workType: 'Visit', note: '' },
      BASE,
    );
    // Logged work waits for the school to confirm or dispute.
    expect((await buyerHome(alpha.buyerId)).queue.deliveriesToConfirm).toMatchObject({
      count: 1,
      first: [{ id: deliveryId, orderId, slug: 'alpha', confirmBy: expect.any(String) }],
    });
    expect((await providerHome(managerId)).queue.disputesToResolve!.count).toBe(0);

    await respondToDelivery(buyer, 'alpha', deliveryId, { confirm: false, reason: 'Only half a day' }, BASE);
    expect((await buyerHome(alpha.buyerId)).queue.deliveriesToConfirm!.count).toBe(0);
    const disputed = (await providerHome(managerId)).queue;
    expect(disputed.disputesToResolve).toMatchObject({
      count: 1,
      first: [{ id: deliveryId, lineId, disputeReason: 'Only half a day' }],
    });
    expect(render(providerHomePage.default, await providerHome(managerId))).toContain(
      `href="/t/alpha/lines/${lineId}"`,
    );
    expect((await providerHome(practitionerId)).queue.myDisputes).toMatchObject({
      count: 1,
      first: [{ id: deliveryId }],
    });
    // The dispute is not the admin's own record, but the admin manages orders too.
    expect((await providerHome(alpha.adminId)).queue.myDisputes!.count).toBe(0);
    expect((await providerHome(alpha.adminId)).queue.disputesToResolve!.count).toBe(1);
    expect(waiting((await providerHome(beta.adminId, beta)).queue)).toBe(0);

    await resolveDispute(manager, deliveryId, { outcome: 'corrected', unitsHundredths: 50, note: 'Half a day agreed' });
    expect((await providerHome(managerId)).queue.disputesToResolve!.count).toBe(0);
    expect((await providerHome(practitionerId)).queue.myDisputes!.count).toBe(0);
  });

  it('confirming a delivery removes it from the school business manager’s queue', async () => {
    const buyer = await buyerAs(alpha.buyerId);
    const orderId = await placeOrder(buyer);
    await onDate('2026-02-02', () => decideOrder(alphaAdmin, orderId, { accept: true }, BASE));
    const deliveryId = await logDelivery(
      alphaAdmin,
      await lineOf(orderId),
      { deliveredOn: '2026-02-20', unitsHundredths: 100, practitionerId: alpha.adminId, workType: 'Visit', note: '' },
      BASE,
    );
    const before = await buyerHome(alpha.buyerId);
    expect(before.queue.deliveriesToConfirm!.count).toBe(1);
    expect(before.queue.ordersInProgress).toMatchObject({ count: 1, first: [{ id: orderId }] });
    expect(before.queue.ordersToApprove).toBeNull();
    expect(render(buyerHomePage.default, before)).toContain(`href="/buy/orders/alpha/${orderId}"`);

    await respondToDelivery(buyer, 'alpha', deliveryId, { confirm: true }, BASE);
    expect((await buyerHome(alpha.buyerId)).queue.deliveriesToConfirm!.count).toBe(0);
  });

  it('lists the years whose charge schedule is still a draft as the year comes near, until published', async () => {
    const draft = await createScheduleVersion(alphaAdmin, { yearKind: 'academic', startYear: 2026 });
    // Six months ahead is not yet a warning.
    expect((await providerHome(managerId)).queue.yearsToPrice).toEqual([]);
    const near = await onDate('2026-08-01', () => providerHome(managerId));
    expect(near.queue.yearsToPrice).toEqual([
      { label: '2026/27 academic year', start: '2026-09-01', started: false, draftId: draft },
    ]);
    expect(render(providerHomePage.default, near)).toContain(`href="/t/alpha/schedules/${draft}"`);
    expect((await onDate('2026-08-01', () => providerHome(practitionerId))).queue.yearsToPrice).toBeNull();

    for (const customerClass of ['own_maintained', 'academy'] as const)
      await setServicePrice(alphaAdmin, draft, serviceId, customerClass, {
        model: 'per_unit',
        unitPricePence: DAY_RATE,
        minimumChargePence: 0,
        rounding: 'penny',
      });
    await publishSchedule(alphaAdmin, draft);
    expect((await onDate('2026-08-01', () => providerHome(managerId))).queue.yearsToPrice).toEqual([]);
  });
});

describe('renewals', () => {
  it('an open window lists schools yet to answer for the provider and the school; answering removes it', async () => {
    const clerking = await createService(
      alphaAdmin,
      serviceForm.parse({
        code: 'GOV-CLERK',
        name: 'Governing board clerking',
        category: 'governor_services',
        statutory: 'traded',
        unitKind: 'package',
        vatAcademy: 'S',
        vatOtherLaSchool: 'S',
        vatPartnerCouncil: 'S',
        vatIndependentOther: 'S',
        soldOwnArea: 'yes',
      }),
    );
    await changeServiceStatus(alphaAdmin, clerking, 'published');
    const subscription = {
      model: 'subscription' as const,
      annualPence: 295000,
      instalments: 'termly' as const,
      minimumChargePence: 0,
      rounding: 'penny' as const,
    };
    const nextYear = await createScheduleVersion(alphaAdmin, { yearKind: 'academic', startYear: 2026 });
    // A published schedule takes no new prices: this year's gets the subscription in a new version.
    const thisYearAgain = await createScheduleVersion(alphaAdmin, {
      yearKind: 'academic',
      startYear: 2025,
      effectiveFrom: '2026-03-01',
    });
    for (const schedule of [thisYearAgain, nextYear]) {
      for (const customerClass of ['own_maintained', 'academy'] as const) {
        await setServicePrice(alphaAdmin, schedule, clerking, customerClass, subscription);
        await setServicePrice(alphaAdmin, schedule, serviceId, customerClass, {
          model: 'per_unit',
          unitPricePence: DAY_RATE,
          minimumChargePence: 0,
          rounding: 'penny',
        });
      }
      await publishSchedule(alphaAdmin, schedule);
    }
    const buyer = await buyerAs(alpha.buyerId);
    const orderId = await placeOrder(buyer, clerking, 1);
    await decideOrder(alphaAdmin, orderId, { accept: true }, BASE);
    const windowId = await openRenewalWindow(
      alphaAdmin,
      { yearKind: 'academic', startYear: 2026, closesOn: '2027-03-31', note: '' },
      BASE,
      '2027-01-10',
    );

    const provider = await onDate('2027-01-15', () => providerHome(managerId));
    expect(provider.queue.renewalsOutstanding).toEqual([
      expect.objectContaining({
        windowId,
        label: '2026/27 academic year',
        closesOn: '2027-03-31',
        unanswered: 1,
        organisations: 1,
      }),
    ]);
    const school = await onDate('2027-01-15', () => buyerHome(alpha.buyerId));
    expect(school.queue.renewalsOpen).toEqual([
      expect.objectContaining({ windowId, slug: 'alpha', closesOn: '2027-03-31', unanswered: 1 }),
    ]);
    expect(render(buyerHomePage.default, school)).toContain('href="/buy/renewals"');
    expect(waiting((await onDate('2027-01-15', () => providerHome(beta.adminId, beta))).queue)).toBe(0);

    await answerRenewal(
      buyer,
      'alpha',
      windowId,
      await lineOf(orderId),
      {
        decision: 'drop',
        quantity: 0,
        packageCode: null,
        poNumber: '',
        contactName: '',
        contactEmail: '',
        idempotencyKey: '',
      },
      BASE,
      '2027-01-15',
    );
    expect((await onDate('2027-01-15', () => providerHome(managerId))).queue.renewalsOutstanding).toEqual([]);
    expect((await onDate('2027-01-15', () => buyerHome(alpha.buyerId))).queue.renewalsOpen).toEqual([]);
  });
});

describe("the school approver's home", () => {
  it('lists an order awaiting approval to an approver who did not place it; approving moves it to the provider', async () => {
    const headId = await createUser('head@alpha-school.example', 'Alpha head');
    const chairId = await createUser('chair@alpha-school.example', 'Alpha chair');
    await addBuyer(alpha.schoolOrganisationId, headId, 'approver');
    await addBuyer(alpha.schoolOrganisationId, chairId, 'approver');
    const head = await buyerAs(headId);
    const chair = await buyerAs(chairId);
    await setApprovalThreshold(head, 100000);
    const orderId = await placeOrder(head);

    const chairHome = await buyerHome(chairId);
    expect(chairHome.queue.ordersToApprove).toMatchObject({ count: 1, first: [{ id: orderId, slug: 'alpha' }] });
    expect(render(buyerHomePage.default, chairHome)).toContain(`href="/buy/orders/alpha/${orderId}"`);
    // The head placed it, so cannot approve it: it is not theirs to act on.
    expect((await buyerHome(headId)).queue.ordersToApprove!.count).toBe(0);
    // The business manager does not approve, but sees it in progress.
    const manager = await buyerHome(alpha.buyerId);
    expect(manager.queue.ordersToApprove).toBeNull();
    expect(manager.queue.ordersInProgress!.count).toBe(1);
    expect((await providerHome(managerId)).queue.ordersToAccept!.count).toBe(0);

    await decideApproval(chair, 'alpha', orderId, { approve: true }, BASE);
    expect((await buyerHome(chairId)).queue.ordersToApprove!.count).toBe(0);
    expect((await providerHome(managerId)).queue.ordersToAccept!.count).toBe(1);
  });

  it('another school never sees the order', async () => {
    const approverId = await createUser('head@beta-school.example', 'Beta head');
    await addBuyer(beta.schoolOrganisationId, approverId, 'approver');
    const headId = await createUser('head@alpha-school.example', 'Alpha head');
    await addBuyer(alpha.schoolOrganisationId, headId, 'approver');
    const head = await buyerAs(headId);
    await setApprovalThreshold(head, 100000);
    await placeOrder(await buyerAs(alpha.buyerId));
    const other = await buyerHome(approverId, beta.schoolOrganisationId);
    expect(other.queue.ordersToApprove!.count).toBe(0);
    expect(other.queue.ordersInProgress!.count).toBe(0);
    expect(render(buyerHomePage.default, other)).toContain('Nothing waits for you.');
  });
});

describe("finance's home", () => {
  async function draftFor(organisationId: string, netPence: number) {
    return withTenant(alphaAdmin, (tx) =>
      insertDraftDocument(tx, alpha.id, {
        kind: 'invoice',
        runId: null,
        organisationId,
        poNumber: null,
        createdBy: alpha.adminId,
        lines: [
          {
            chargeKind: 'manual',
            orderLineId: null,
            chargeKey: null,
            deliveryId: null,
            description: 'Training',
            periodStart: null,
            periodEnd: null,
            quantityHundredths: 100,
            unitPricePence: netPence,
            netPence,
            vatCode: 'S',
            vatRateBasisPoints: VAT_RATE_BASIS_POINTS.S,
            vatPence: lineVatPence(netPence, 'S'),
            poNumber: null,
            costCentre: null,
            subjectiveCode: null,
            reason: 'Agreed with the school',
          },
        ],
      }),
    );
  }

  async function accountId() {
    const db = await ownerDb();
    return (
      await db
        .selectFrom('customer_accounts')
        .select('id')
        .where('tenant_id', '=', alpha.id)
        .where('organisation_id', '=', alpha.schoolOrganisationId)
        .executeTakeFirstOrThrow()
    ).id;
  }

  it('lists a draft to finalise; finalising removes it', async () => {
    const draftId = await draftFor(alpha.schoolOrganisationId, 10000);
    const home = await providerHome(alpha.financeId);
    expect(home.queue.draftDocuments).toMatchObject({ count: 1, first: [{ id: draftId, pence: 12000, number: null }] });
    expect(render(providerHomePage.default, home)).toContain(`href="/t/alpha/documents/${draftId}"`);
    expect(home.queue.ordersToAccept).toBeNull();
    expect((await providerHome(managerId)).queue.draftDocuments).toBeNull();
    expect(waiting((await providerHome(beta.financeId, beta)).queue)).toBe(0);

    await finaliseDocument(await tenantCtx(alpha.financeId), draftId);
    expect((await providerHome(alpha.financeId)).queue.draftDocuments!.count).toBe(0);
  });

  it('lists a final invoice past its due date with what is owed; paying it removes it', async () => {
    const finance = await tenantCtx(alpha.financeId);
    const invoice = await finalDocument(finance, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    expect((await providerHome(alpha.financeId)).queue.overdueDocuments!.count).toBe(0);
    const late = await onDate('2026-05-01', () => providerHome(alpha.financeId));
    expect(late.queue.overdueDocuments).toMatchObject({
      count: 1,
      first: [{ id: invoice.id, number: invoice.number, pence: 12000, customerName: 'alpha primary school' }],
    });
    expect(waiting((await onDate('2026-05-01', () => providerHome(beta.financeId, beta))).queue)).toBe(0);

    await recordPayment(finance, {
      accountId: await accountId(),
      receivedOn: '2026-03-01',
      amountPence: 12000,
      method: 'cheque',
      reference: 'CHQ 1',
      keepCredit: false,
      amounts: null,
    });
    expect((await onDate('2026-05-01', () => providerHome(alpha.financeId))).queue.overdueDocuments!.count).toBe(0);
  });

  it('lists a payment with money unallocated; allocating it removes it', async () => {
    const finance = await tenantCtx(alpha.financeId);
    const { paymentId } = await recordPayment(finance, {
      accountId: await accountId(),
      receivedOn: '2026-03-01',
      amountPence: 5000,
      method: 'bacs',
      reference: 'BACS 7',
      keepCredit: true,
      amounts: null,
    });
    const home = await providerHome(alpha.financeId);
    expect(home.queue.unallocatedPayments).toMatchObject({
      count: 1,
      first: [{ id: paymentId, unallocatedPence: 5000, reference: 'BACS 7' }],
    });
    expect(render(providerHomePage.default, home)).toContain(`href="/t/alpha/payments/${paymentId}"`);
    expect(waiting((await providerHome(beta.financeId, beta)).queue)).toBe(0);

    await finalDocument(finance, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    await allocatePayment(finance, paymentId, { amounts: null, keepCredit: false });
    expect((await providerHome(alpha.financeId)).queue.unallocatedPayments!.count).toBe(0);
  });
});

describe("the council's details", () => {
  it('are on Settings, not the home page', async () => {
    const home = render(providerHomePage.default, await providerHome(alpha.adminId));
    expect(home).not.toContain('Local authority code');
    expect(home).not.toContain('TST-');
    const browser = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const settings = await respond(() =>
      settingsPage.loader(args(get('/t/alpha/settings', browser), { tenant: 'alpha' })),
    );
    expect(settings.value).toMatchObject({
      details: { laCode: '852', address: '1 High Street', postcode: 'SO14 7LY', invoicePrefix: 'TST-' },
    });
  });
});

describe("the council commissioner's home", () => {
  it('lists a line a provider proposed under an agreement; agreeing to it removes it', async () => {
    const db = await ownerDb();
    const betaCouncilId = (
      await db.selectFrom('tenants').select('organisation_id').where('id', '=', beta.id).executeTakeFirstOrThrow()
    ).organisation_id;
    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      ensureCustomerAccounts(tx, alpha.id, [
        { organisationId: betaCouncilId, customerClass: 'partner_council', settlementMethod: 'invoice' },
      ]),
    );
    const commissionerId = await createUser('commissioning@beta.example', 'Beta commissioner');
    await addBuyer(betaCouncilId, commissionerId, 'council_commissioner');
    const statutory = await createService(
      alphaAdmin,
      serviceForm.parse({
        ...EP_DAY_FIELDS,
        code: 'EP-STAT',
        name: 'Statutory assessment day',
        soldPartnerCouncils: 'yes',
      }),
    );
    await changeServiceStatus(alphaAdmin, statutory, 'published');
    const schedule = await createScheduleVersion(alphaAdmin, {
      yearKind: 'academic',
      startYear: 2025,
      effectiveFrom: '2026-03-01',
    });
    const perDay = {
      model: 'per_unit' as const,
      unitPricePence: DAY_RATE,
      minimumChargePence: 0,
      rounding: 'penny' as const,
    };
    for (const customerClass of ['own_maintained', 'academy', 'partner_council'] as const)
      await setServicePrice(alphaAdmin, schedule, statutory, customerClass, perDay);
    await publishSchedule(alphaAdmin, schedule);
    const agreementId = await createAgreement(alphaAdmin, {
      commissionerOrganisationId: betaCouncilId,
      title: 'Education support for Beta',
      yearKind: 'academic',
      firstYear: 2026,
      years: 3,
      providerContactName: 'Alpha',
      providerContactEmail: 'alpha@example.com',
      commissionerContactName: 'Beta',
      commissionerContactEmail: 'beta@example.com',
      notes: '',
    });
    const proposed = await proposeLineAsProvider(
      alphaAdmin,
      agreementId,
      { serviceId: statutory, quantity: 5, yearStart: '2027-09-01', period: '', idempotencyKey: randomUUID() },
      BASE,
    );

    const home = await buyerHome(commissionerId, betaCouncilId);
    expect(home.queue.agreementLinesToAnswer).toMatchObject({ count: 1, first: [{ id: proposed.id, slug: 'alpha' }] });
    // A line the provider proposed is the commissioner's to answer, not an order to approve.
    expect(home.queue.ordersToApprove!.count).toBe(0);
    expect(render(buyerHomePage.default, home)).toContain(`href="/buy/orders/alpha/${proposed.id}"`);
    // The school's business manager has no such section, and sees nothing of the council's.
    const school = await buyerHome(alpha.buyerId);
    expect(school.queue.agreementLinesToAnswer).toBeNull();
    expect(school.queue.ordersInProgress!.count).toBe(0);

    const commissioner = await requireBuyer(get('/buy', await asUser(commissionerId, `org:${betaCouncilId}`)));
    await decideApproval(commissioner, 'alpha', proposed.id, { approve: true }, BASE);
    expect((await buyerHome(commissionerId, betaCouncilId)).queue.agreementLinesToAnswer!.count).toBe(0);
  });
});

describe("the trust finance lead's home", () => {
  it("sees what the approver and business manager see for the trust's schools; approving removes it", async () => {
    const db = await ownerDb();
    const trustId = (
      await db
        .insertInto('organisations')
        .values({ kind: 'trust', name: 'Coastal Learning Trust', trust_key: 'name:coastal' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .updateTable('organisations')
      .set({ trust_id: trustId })
      .where('id', '=', alpha.schoolOrganisationId)
      .execute();
    const leadId = await createUser('finance@coastal-trust.example', 'Coastal finance lead');
    await addBuyer(trustId, leadId, 'trust_finance');
    const headId = await createUser('head@alpha-school.example', 'Alpha head');
    await addBuyer(alpha.schoolOrganisationId, headId, 'approver');
    await setApprovalThreshold(await buyerAs(headId), 100000);
    const orderId = await placeOrder(await buyerAs(alpha.buyerId));

    const home = await buyerHome(leadId, trustId);
    expect(home.queue.ordersToApprove).toMatchObject({
      count: 1,
      first: [{ id: orderId, buyerName: 'alpha primary school' }],
    });
    expect(home.queue.ordersInProgress!.count).toBe(1);
    expect(home.queue.deliveriesToConfirm!.count).toBe(0);
    expect(home.queue.agreementLinesToAnswer).toBeNull();

    await decideApproval(await buyerAs(leadId, trustId), 'alpha', orderId, { approve: true }, BASE);
    expect((await buyerHome(leadId, trustId)).queue.ordersToApprove!.count).toBe(0);
    expect((await providerHome(managerId)).queue.ordersToAccept!.count).toBe(1);
  });
});
