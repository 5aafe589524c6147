import { createElement, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAgreement } from '../../app/agreements/create-agreement.server';
import { proposeLineAsCommissioner } from '../../app/agreements/propose-line.server';
import { requireBuyer, requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as linePage from '../../app/routes/t.$tenant.lines.$lineId';
import * as orderPage from '../../app/routes/t.$tenant.orders.$orderId';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped } from '../../db/scope.server';
import {
  addBuyer,
  asUser,
  createUser,
  EP_DAY_FIELDS,
  get,
  onDate,
  ownerDb,
  twoTenants,
  type TestTenant,
} from '../setup/fixtures';

// A partner council buying from the provider is addressed as the council on the provider's pages, not
// as "the school": the person deciding the order must know who is told and who answers the records.

let alpha: TestTenant;
let alphaCtx: TenantContext;
let orderId: string;

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

/** The page as the provider's browser gets it: the route's own loader data rendered by its component. */
async function render(Page: ComponentType, data: object) {
  const routes = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ csrf: 'token' }),
      children: [{ id: 'page', index: true, loader: () => data, Component: Page }],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request('http://localhost/'));
  if (context instanceof Response) throw context;
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false }));
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&apos;/g, "'")
    .replace(/\s+/g, ' ');
}

beforeEach(async () => {
  const tenants = await twoTenants();
  alpha = tenants.alpha;
  const db = await ownerDb();
  const betaCouncilId = (
    await db.selectFrom('tenants').select('organisation_id').where('id', '=', tenants.beta.id).executeTakeFirstOrThrow()
  ).organisation_id;
  await runScoped(db, { tenantId: alpha.id }, (tx) =>
    ensureCustomerAccounts(tx, alpha.id, [
      { organisationId: betaCouncilId, customerClass: 'partner_council', settlementMethod: 'invoice' },
    ]),
  );
  const commissionerId = await createUser('commissioning@beta.example', 'Beta commissioner');
  await addBuyer(betaCouncilId, commissionerId, 'council_commissioner');
  alphaCtx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'orders.manage');
  const serviceId = await createService(
    alphaCtx,
    serviceForm.parse({
      ...EP_DAY_FIELDS,
      statutory: 'statutory',
      soldPartnerCouncils: 'yes',
      costSalary: '71385',
      costProductiveDays: '220',
      costOverheadPercent: '15',
    }),
  );
  await changeServiceStatus(alphaCtx, serviceId, 'published');
  const schedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2025 });
  const perDay = (pence: number) => ({
    model: 'per_unit' as const,
    unitPricePence: pence,
    minimumChargePence: 0,
    rounding: 'penny' as const,
  });
  await setServicePrice(alphaCtx, schedule, serviceId, 'own_maintained', perDay(50000));
  await setServicePrice(alphaCtx, schedule, serviceId, 'academy', perDay(54000));
  await setServicePrice(alphaCtx, schedule, serviceId, 'partner_council', perDay(37315));
  await publishSchedule(alphaCtx, schedule);
  const agreementId = await createAgreement(alphaCtx, {
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
  const commissioner = await requireBuyer(
    get('/buy', await asUser(commissionerId, `org:${betaCouncilId}`)),
    'buy.commission',
  );
  orderId = (
    await proposeLineAsCommissioner(
      commissioner,
      'alpha',
      agreementId,
      { serviceId, quantity: 4, yearStart: '2026-09-01', period: '', idempotencyKey: crypto.randomUUID() },
      'http://localhost',
    )
  ).id;
});

describe("the provider's pages name a partner council as the council", () => {
  it('the order waiting for the provider says the council is told, and never calls it the school', async () => {
    const browser = await asUser(alpha.adminId);
    const data = await orderPage.loader(args(get(`/t/alpha/orders/${orderId}`, browser), { tenant: 'alpha', orderId }));
    expect(data.order.status).toBe('awaiting_provider');
    const text = await render(orderPage.default, data);
    expect(text).toContain('The council is told either way.');
    expect(text).toContain('The council sees who to contact about its services from you.');
    expect(text).not.toMatch(/the school/i);

    const declining = await orderPage.loader(
      args(get(`/t/alpha/orders/${orderId}?confirm=decline`, browser), { tenant: 'alpha', orderId }),
    );
    const question = await render(orderPage.default, declining);
    expect(question).toContain('The council sees this.');
    expect(question).toContain('the council would order again');
    expect(question).not.toMatch(/the school/i);
  });

  it("the accepted line's delivery form asks for a note for the council", async () => {
    await onDate('2026-11-02', () => decideOrder(alphaCtx, orderId, { accept: true }, 'http://localhost'));
    const browser = await asUser(alpha.adminId);
    const order = await orderPage.loader(
      args(get(`/t/alpha/orders/${orderId}`, browser), { tenant: 'alpha', orderId }),
    );
    const lineId = order.lines[0]!.id;
    const data = await linePage.loader(args(get(`/t/alpha/lines/${lineId}`, browser), { tenant: 'alpha', lineId }));
    const text = await render(linePage.default, data);
    expect(text).toContain('Note for the council');
    expect(text).toContain('The council is asked to confirm or dispute each record');
    expect(text).not.toMatch(/the school/i);
  });
});
