import { beforeEach, describe, expect, it } from 'vitest';
import { agreementForCommissioner, agreementsBothWays } from '../../app/agreements/agreement-detail.server';
import { createAgreement } from '../../app/agreements/create-agreement.server';
import { proposeLineAsCommissioner, proposeLineAsProvider } from '../../app/agreements/propose-line.server';
import { requireBuyer, requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { decideApproval } from '../../app/commissioning/decide-approval.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { orderForBuyer } from '../../app/commissioning/order-detail.server';
import { logDelivery } from '../../app/delivery/log-delivery.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as agreementPage from '../../app/routes/t.$tenant.agreements.$agreementId';
import * as buyerAgreementPage from '../../app/routes/buy.agreements.$tenant.$agreementId';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped } from '../../db/scope.server';
import {
  addBuyer,
  asUser,
  createUser,
  get,
  onDate,
  ownerDb,
  post,
  respond,
  twoTenants,
  type TestTenant,
} from '../setup/fixtures';

let alpha: TestTenant;
let beta: TestTenant;
let alphaCtx: TenantContext;
let betaCouncilId: string;
let commissionerId: string;
let serviceId: string;
let agreementId: string;

const perDay = (pence: number) => ({
  model: 'per_unit' as const,
  unitPricePence: pence,
  minimumChargePence: 0,
  rounding: 'penny' as const,
});

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  const db = await ownerDb();
  betaCouncilId = (
    await db.selectFrom('tenants').select('organisation_id').where('id', '=', beta.id).executeTakeFirstOrThrow()
  ).organisation_id;
  const alphaCouncilId = (
    await db.selectFrom('tenants').select('organisation_id').where('id', '=', alpha.id).executeTakeFirstOrThrow()
  ).organisation_id;
  // Each council is a partner-council customer of the other: a reciprocal arrangement.
  await runScoped(db, { tenantId: alpha.id }, (tx) =>
    ensureCustomerAccounts(tx, alpha.id, [
      { organisationId: betaCouncilId, customerClass: 'partner_council', settlementMethod: 'invoice' },
    ]),
  );
  await runScoped(db, { tenantId: beta.id }, (tx) =>
    ensureCustomerAccounts(tx, beta.id, [
      { organisationId: alphaCouncilId, customerClass: 'partner_council', settlementMethod: 'invoice' },
    ]),
  );
  commissionerId = await createUser('commissioning@beta.example', 'Beta commissioner');
  await addBuyer(betaCouncilId, commissionerId, 'council_commissioner');

  alphaCtx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'orders.manage');
  serviceId = await createService(
    alphaCtx,
    serviceForm.parse({
      code: 'EP-DAY',
      name: 'Educational psychology day',
      category: 'educational_psychology',
      statutory: 'statutory',
      unitKind: 'day',
      unitHours: '6',
      vatAcademy: 'E',
      vatOtherLaSchool: 'E',
      vatPartnerCouncil: 'O',
      vatIndependentOther: 'S',
      soldOwnArea: 'yes',
      soldPartnerCouncils: 'yes',
      costSalary: '71385',
      costProductiveDays: '220',
      costOverheadPercent: '15',
    }),
  );
  await changeServiceStatus(alphaCtx, serviceId, 'published');
  const schedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2025 });
  await setServicePrice(alphaCtx, schedule, serviceId, 'own_maintained', perDay(50000));
  await setServicePrice(alphaCtx, schedule, serviceId, 'academy', perDay(54000));
  await setServicePrice(alphaCtx, schedule, serviceId, 'partner_council', perDay(37315));
  await publishSchedule(alphaCtx, schedule);
  agreementId = await createAgreement(alphaCtx, {
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
});

async function commissioner() {
  return requireBuyer(get('/buy', await asUser(commissionerId, `org:${betaCouncilId}`)), 'buy.commission');
}

describe('agreements between councils', () => {
  it('the commissioner commissions 40 days at the agreed charge; the provider accepts and logs delivery; the commissioner sees it', async () => {
    const ctx = await commissioner();
    const view = await agreementForCommissioner(ctx, 'alpha', agreementId);
    expect(view.years.map((y) => y.label)).toEqual([
      '2026/27 academic year',
      '2027/28 academic year',
      '2028/29 academic year',
    ]);
    expect(view.prices[0]?.description).toBe('£373.15 a day');

    const line = await proposeLineAsCommissioner(
      ctx,
      'alpha',
      agreementId,
      {
        serviceId,
        quantity: 40,
        yearStart: '2026-09-01',
        period: 'Spring term 2027',
        idempotencyKey: crypto.randomUUID(),
      },
      'http://localhost',
    );
    await onDate('2026-11-02', () => decideOrder(alphaCtx, line.id, { accept: true }, 'http://localhost'));
    const order = await orderForBuyer(ctx, 'alpha', line.id);
    expect(order.order.status).toBe('accepted');
    expect(order.worth.owedPence).toBe(40 * 37315);
    const lineId = order.lines[0]!.id;
    for (const deliveredOn of ['2026-11-19', '2026-11-20'])
      await logDelivery(
        alphaCtx,
        lineId,
        {
          deliveredOn,
          unitsHundredths: 100,
          practitionerId: alpha.adminId,
          workType: 'Statutory assessment',
          note: 'An assessment',
        },
        'http://localhost',
        '2026-11-22',
      );
    const after = await orderForBuyer(ctx, 'alpha', line.id);
    expect(after.lines[0]!.position.delivered.recordedHundredths).toBe(200);
    expect(after.lines[0]!.position.remainingHundredths).toBe(3800);
    expect(after.lines[0]!.deliveries[0]).toMatchObject({ workType: 'Statutory assessment', status: 'logged' });
  });

  it('a line the provider proposes becomes active only when the commissioner agrees', async () => {
    const proposed = await proposeLineAsProvider(
      alphaCtx,
      agreementId,
      { serviceId, quantity: 5, yearStart: '2027-09-01', period: '', idempotencyKey: crypto.randomUUID() },
      'http://localhost',
    );
    const ctx = await commissioner();
    expect((await orderForBuyer(ctx, 'alpha', proposed.id)).order.status).toBe('awaiting_approval');
    await decideApproval(ctx, 'alpha', proposed.id, { approve: true }, 'http://localhost');
    const order = await orderForBuyer(ctx, 'alpha', proposed.id);
    expect(order.order.status).toBe('accepted');
    expect(order.lines[0]!.status).toBe('active');
  });

  it('refuses a year outside the agreement, and a resubmitted form commissions once', async () => {
    const ctx = await commissioner();
    await expect(
      proposeLineAsCommissioner(
        ctx,
        'alpha',
        agreementId,
        { serviceId, quantity: 1, yearStart: '2030-09-01', period: '', idempotencyKey: crypto.randomUUID() },
        'x',
      ),
    ).rejects.toThrow(/contract year of the agreement/);
    const key = crypto.randomUUID();
    const first = await proposeLineAsCommissioner(
      ctx,
      'alpha',
      agreementId,
      { serviceId, quantity: 2, yearStart: '2026-09-01', period: '', idempotencyKey: key },
      'x',
    );
    const again = await proposeLineAsCommissioner(
      ctx,
      'alpha',
      agreementId,
      { serviceId, quantity: 2, yearStart: '2026-09-01', period: '', idempotencyKey: key },
      'x',
    );
    expect(again.id).toBe(first.id);
    expect((await agreementForCommissioner(ctx, 'alpha', agreementId)).lines).toHaveLength(1);
  });

  it('shows a reciprocal arrangement from each side, once each way', async () => {
    const betaCtx = await requireTenantMember(get('/t/beta', await asUser(beta.adminId)), 'beta', 'orders.manage');
    const both = await agreementsBothWays(betaCtx);
    expect(both.supplying).toEqual([]);
    expect(both.commissioning.map((a) => a.title)).toEqual(['Education support for Beta']);
    const alphaBoth = await agreementsBothWays(alphaCtx);
    expect(alphaBoth.supplying.map((a) => a.title)).toEqual(['Education support for Beta']);
    expect(alphaBoth.commissioning).toEqual([]);
  });

  it("another tenant, or another buyer, gets 404 for the agreement's pages", async () => {
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });
    expect(
      (await respond(() => agreementPage.loader(args(get('', betaAdmin), { tenant: 'beta', agreementId })))).status,
    ).toBe(404);
    expect(
      (await respond(() => agreementPage.loader(args(get('', betaAdmin), { tenant: 'alpha', agreementId })))).status,
    ).toBe(404);
    const outsider = await createUser('commissioning@gamma.example');
    await addBuyer(alpha.schoolOrganisationId, outsider, 'council_commissioner');
    const outsiderBrowser = await asUser(outsider, `org:${alpha.schoolOrganisationId}`);
    expect(
      (await respond(() => buyerAgreementPage.loader(args(get('', outsiderBrowser), { tenant: 'alpha', agreementId }))))
        .status,
    ).toBe(404);
    const owner = await asUser(commissionerId, `org:${betaCouncilId}`);
    expect(
      (await respond(() => buyerAgreementPage.loader(args(get('', owner), { tenant: 'alpha', agreementId })))).status,
    ).toBe(200);
  });

  it("asks for the purchase order number the commissioner's account requires, on either side, and keeps it on the order", async () => {
    const db = await ownerDb();
    await db
      .updateTable('customer_accounts')
      .set({ po_required: true })
      .where('tenant_id', '=', alpha.id)
      .where('organisation_id', '=', betaCouncilId)
      .execute();
    const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });
    const owner = await asUser(commissionerId, `org:${betaCouncilId}`);
    const page = await respond(() => buyerAgreementPage.loader(args(get('', owner), { tenant: 'alpha', agreementId })));
    expect((page.value as { poRequired: boolean }).poRequired).toBe(true);
    const fields = (poNumber: string) => ({
      serviceId,
      quantity: '4',
      yearStart: '2026-09-01',
      period: '',
      idempotencyKey: crypto.randomUUID(),
      poNumber,
    });
    const ordersOfAgreement = () =>
      db.selectFrom('orders').select(['po_number', 'customer_class']).where('agreement_id', '=', agreementId).execute();

    const missing = await respond(() =>
      buyerAgreementPage.action(args(post('', fields('  '), owner), { tenant: 'alpha', agreementId })),
    );
    expect(missing.status).toBe(422);
    expect((missing.value as { errors: unknown[] }).errors).toEqual([
      {
        field: 'poNumber',
        message: 'Enter a purchase order number: beta council needs one on every order under this agreement',
      },
    ]);
    const admin = await asUser(alpha.adminId);
    const providerMissing = await respond(() =>
      agreementPage.action(args(post('', fields(''), admin), { tenant: 'alpha', agreementId })),
    );
    expect(providerMissing.status).toBe(422);
    expect(await ordersOfAgreement()).toEqual([]);

    const given = await respond(() =>
      buyerAgreementPage.action(args(post('', fields('IOW-PO-7781'), owner), { tenant: 'alpha', agreementId })),
    );
    expect(given.status).toBe(302);
    const proposed = await respond(() =>
      agreementPage.action(args(post('', fields('IOW-PO-7782'), admin), { tenant: 'alpha', agreementId })),
    );
    expect(proposed.status).toBe(302);
    expect((await ordersOfAgreement()).map((o) => o.po_number).sort()).toEqual(['IOW-PO-7781', 'IOW-PO-7782']);
    expect((await ordersOfAgreement()).every((o) => o.customer_class === 'partner_council')).toBe(true);
  });
});
