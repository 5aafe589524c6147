import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type BuyerContext, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { orderForProvider } from '../../app/commissioning/order-detail.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { logDelivery } from '../../app/delivery/log-delivery.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as buyerExports from '../../app/routes/buy.exports';
import * as buyerCsv from '../../app/routes/buy.exports[.csv]';
import * as providerExports from '../../app/routes/t.$tenant.exports';
import * as providerCsv from '../../app/routes/t.$tenant.exports[.csv]';
import { parse } from 'csv-parse/sync';
import {
  asUser,
  EP_DAY_FIELDS,
  get,
  onDate,
  respond,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';

// Orders, lines and delivery records as CSV for a period, for the provider and for the buyer.
useToday('2026-03-01');

let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: Browser;
let alphaBuyer: Browser;
let orderReference: string;
let submittedOn: string;

const range = (what: string, from: string, to: string) => {
  const [fy, fm, fd] = from.split('-');
  const [ty, tm, td] = to.split('-');
  return new URLSearchParams({
    what,
    'from-day': fd!,
    'from-month': fm!,
    'from-year': fy!,
    'to-day': td!,
    'to-month': tm!,
    'to-year': ty!,
  }).toString();
};

/** The export page (the form), as a provider's browser asks for it. */
async function providerPage(query: string, browser = alphaAdmin, slug = 'alpha') {
  return respond(() =>
    providerExports.loader({
      request: get(`/t/${slug}/exports?${query}`, browser),
      params: { tenant: slug },
      context: {},
    }),
  );
}

/** The form's answer followed to the file, as the browser does: the page sends it on to the download. */
async function providerGet(query: string, browser = alphaAdmin, slug = 'alpha') {
  const page = await providerPage(query, browser, slug);
  if (page.status !== 302) return page;
  const location = page.response!.headers.get('location')!;
  expect(location).toBe(`/t/${slug}/exports.csv?${query}`);
  return respond(() => providerCsv.loader({ request: get(location, browser), params: { tenant: slug }, context: {} }));
}

async function buyerGet(query: string, browser = alphaBuyer) {
  const page = await respond(() =>
    buyerExports.loader({ request: get(`/buy/exports?${query}`, browser), params: {}, context: {} }),
  );
  expect(page.status).toBe(302);
  const location = page.response!.headers.get('location')!;
  return respond(() => buyerCsv.loader({ request: get(location, browser), params: {}, context: {} }));
}

async function csvRows(result: { status: number; response?: Response }) {
  expect(result.status).toBe(200);
  expect(result.response!.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(result.response!.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
  return parse(await result.response!.text(), { columns: true }) as Record<string, string>[];
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  alphaBuyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
  const ctx: TenantContext = await requireTenantMember(get('/t/alpha', alphaAdmin), 'alpha');
  const serviceId = await createService(ctx, serviceForm.parse(EP_DAY_FIELDS));
  const schedule = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
  await changeServiceStatus(ctx, serviceId, 'published');
  for (const customerClass of ['own_maintained', 'academy'] as const)
    await setServicePrice(ctx, schedule, serviceId, customerClass, {
      model: 'per_unit',
      unitPricePence: 50000,
      minimumChargePence: 0,
      rounding: 'penny',
    });
  await publishSchedule(ctx, schedule);
  const buyer: BuyerContext = await requireBuyer(get('/buy', alphaBuyer));
  await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', quantity: 3 });
  const [placed] = await submitOrder(
    buyer,
    {
      slug: 'alpha',
      poNumber: '=PO-1',
      contactName: 'Pat Bursar',
      contactEmail: 'bursar@alpha-school.example',
      idempotencyKey: randomUUID(),
    },
    'http://localhost',
  );
  orderReference = placed!.reference;
  submittedOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  await onDate('2026-02-02', () => decideOrder(ctx, placed!.id, { accept: true }, 'http://localhost'));
  const { lines } = await orderForProvider(ctx, placed!.id);
  await logDelivery(
    ctx,
    lines[0]!.id,
    {
      deliveredOn: '2026-02-20',
      unitsHundredths: 100,
      practitionerId: alpha.adminId,
      workType: 'Visit',
      note: '=HYPERLINK("http://evil.example","Click")',
    },
    'http://localhost',
  );
});

describe('downloading records as CSV', () => {
  it('gives the provider its orders, lines and delivery records for the period, formulas neutralised', async () => {
    const orders = await csvRows(await providerGet(range('orders', submittedOn, submittedOn)));
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      Order: orderReference,
      Customer: 'alpha primary school',
      Status: 'Accepted',
      'Accepted on': '2026-02-02',
      'Purchase order': "'=PO-1",
      'Submitted total (£)': '1500.00',
    });

    const lines = await csvRows(await providerGet(range('lines', submittedOn, submittedOn)));
    expect(lines[0]).toMatchObject({
      Order: orderReference,
      'Service code': 'EP-DAY',
      'Contract year': expect.stringMatching(/2025/),
      'Agreed quantity': '3',
      'Agreed total (£)': '1500.00',
      'Waiting for confirmation (units)': '1',
      'Still to deliver (units)': '2',
      'Comes to (£)': '1500.00',
    });

    const deliveries = await csvRows(await providerGet(range('deliveries', '2026-02-01', '2026-02-28')));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      Date: '2026-02-20',
      Units: '1',
      By: 'alpha admin',
      Note: `'=HYPERLINK("http://evil.example","Click")`,
    });
    // Outside the period: nothing.
    expect(await csvRows(await providerGet(range('deliveries', '2026-03-01', '2026-03-31')))).toEqual([]);
  });

  it('gives the buyer the same records of its own orders, and nobody else any', async () => {
    const orders = await csvRows(await buyerGet(range('orders', submittedOn, submittedOn)));
    expect(orders.map((o) => [o.Order, o.Provider])).toEqual([[orderReference, 'alpha education services']]);
    const deliveries = await csvRows(await buyerGet(range('deliveries', '2026-02-01', '2026-02-28')));
    expect(deliveries).toHaveLength(1);

    const betaBuyer = await asUser(beta.buyerId, `org:${beta.schoolOrganisationId}`);
    expect(await csvRows(await buyerGet(range('orders', submittedOn, submittedOn), betaBuyer))).toEqual([]);
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    expect((await providerGet(range('orders', submittedOn, submittedOn), betaAdmin)).status).toBe(404);
    const direct = await respond(() =>
      providerCsv.loader({
        request: get(`/t/alpha/exports.csv?${range('orders', submittedOn, submittedOn)}`, betaAdmin),
        params: { tenant: 'alpha' },
        context: {},
      }),
    );
    expect(direct.status).toBe(404);
    expect(await csvRows(await providerGet(range('orders', submittedOn, submittedOn), betaAdmin, 'beta'))).toEqual([]);
  });

  it('shows the form, and says what to fix instead of downloading', async () => {
    const empty = await providerPage('');
    expect(empty.status).toBe(200);
    expect(empty.value).toMatchObject({ errors: [], owner: 'alpha education services' });

    // A download address that does not make sense goes back to the form, which says why.
    const bad = range('orders', '2026-02-31', '2026-03-01');
    const sentBack = await respond(() =>
      providerCsv.loader({
        request: get(`/t/alpha/exports.csv?${bad}`, alphaAdmin),
        params: { tenant: 'alpha' },
        context: {},
      }),
    );
    expect(sentBack.status).toBe(302);
    expect(sentBack.response!.headers.get('location')).toBe(`/t/alpha/exports?${bad}`);

    const errorsFor = async (query: string) => {
      const r = await providerPage(query);
      expect(r.status).toBe(400);
      return (r.value as { errors: { field: string; message: string }[] }).errors;
    };
    expect(await errorsFor('from-day=1')).toEqual(
      expect.arrayContaining([{ field: 'what', message: 'Select what to download' }]),
    );
    expect(await errorsFor(range('orders', '2026-02-31', '2026-03-01'))).toEqual([
      { field: 'from', message: 'The first day must be a real date' },
    ]);
    expect(await errorsFor(range('orders', '2026-03-02', '2026-03-01'))).toEqual([
      { field: 'to', message: 'The last day must be the same as or after the first day' },
    ]);
    expect(await errorsFor(range('orders', '2020-01-01', '2026-03-01'))).toEqual([
      { field: 'to', message: 'Choose a period of two years or less' },
    ]);
    expect(await errorsFor('what=orders&from-day=1&from-month=9')).toEqual([
      { field: 'from', message: 'The first day must include a year' },
      { field: 'to', message: 'Enter the last day' },
    ]);
  });
});
