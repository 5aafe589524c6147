import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember } from '../../app/auth/guards.server';
import { createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import * as buyerService from '../../app/routes/buy.services.$tenant.$serviceId';
import * as scheduleExport from '../../app/routes/t.$tenant.schedules.$scheduleId.export[.csv]';
import * as schedulePage from '../../app/routes/t.$tenant.schedules.$scheduleId._index';
import * as priceEditor from '../../app/routes/t.$tenant.schedules.$scheduleId.prices.$serviceId.$customerClass';
import * as schedules from '../../app/routes/t.$tenant.schedules._index';
import * as scheduleImport from '../../app/routes/t.$tenant.schedules.import';
import * as serviceEdit from '../../app/routes/t.$tenant.services.$serviceId.edit';
import * as servicePage from '../../app/routes/t.$tenant.services.$serviceId._index';
import * as services from '../../app/routes/t.$tenant.services._index';
import * as serviceNew from '../../app/routes/t.$tenant.services.new';
import {
  asUser,
  EP_DAY_FIELDS,
  get,
  post,
  respond,
  twoTenants,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';

let alpha: TestTenant;
let beta: TestTenant;
let betaAdmin: Browser;
let alphaService: string;
let alphaSchedule: string;

const serviceFields = EP_DAY_FIELDS;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  const alphaCtx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
  alphaService = await createService(alphaCtx, serviceForm.parse(serviceFields));
  alphaSchedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2025 });
  betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
});

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

describe("catalogue routes answer 404 to another tenant's ids", () => {
  it('service page, edit page and their actions', async () => {
    for (const tenant of ['alpha', 'beta']) {
      const p = { tenant, serviceId: alphaService };
      expect((await respond(() => servicePage.loader(args(get('', betaAdmin), p)))).status, tenant).toBe(404);
      expect((await respond(() => serviceEdit.loader(args(get('', betaAdmin), p)))).status, tenant).toBe(404);
      expect(
        (await respond(() => servicePage.action(args(post('', { intent: 'published' }, betaAdmin), p)))).status,
        tenant,
      ).toBe(404);
      expect(
        (await respond(() => serviceEdit.action(args(post('', { ...serviceFields, name: 'Hijacked' }, betaAdmin), p))))
          .status,
        tenant,
      ).toBe(404);
    }
  });

  it('schedule page, publishing, export and price editor', async () => {
    for (const tenant of ['alpha', 'beta']) {
      const p = { tenant, scheduleId: alphaSchedule };
      expect((await respond(() => schedulePage.loader(args(get('', betaAdmin), p)))).status, tenant).toBe(404);
      expect((await respond(() => schedulePage.action(args(post('', {}, betaAdmin), p)))).status, tenant).toBe(404);
      expect((await respond(() => scheduleExport.loader(args(get('', betaAdmin), p)))).status, tenant).toBe(404);
      const priceParams = { ...p, serviceId: alphaService, customerClass: 'academy' };
      expect((await respond(() => priceEditor.loader(args(get('', betaAdmin), priceParams)))).status, tenant).toBe(404);
      const save = await respond(() =>
        priceEditor.action(args(post('', { model: 'per_unit', unit_price: '1.00' }, betaAdmin), priceParams)),
      );
      expect(save.status, tenant).toBe(404);
    }
  });

  it('lists and forms under another tenant slug', async () => {
    for (const route of [services.loader, schedules.loader, serviceNew.loader, scheduleImport.loader])
      expect((await respond(() => route(args(get('', betaAdmin), { tenant: 'alpha' })))).status).toBe(404);
  });

  it('the owner still gets 200 (so the 404s above are about the tenant, not the route)', async () => {
    const alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    expect(
      (await respond(() => servicePage.loader(args(get('', alphaAdmin), { tenant: 'alpha', serviceId: alphaService }))))
        .status,
    ).toBe(200);
    expect(
      (
        await respond(() =>
          schedulePage.loader(args(get('', alphaAdmin), { tenant: 'alpha', scheduleId: alphaSchedule })),
        )
      ).status,
    ).toBe(200);
    const csv = await respond(() =>
      scheduleExport.loader(args(get('', alphaAdmin), { tenant: 'alpha', scheduleId: alphaSchedule })),
    );
    expect(csv.status).toBe(200);
    expect(await csv.response!.text()).toMatch(/^"service_code"/);
  });

  it('a buyer cannot open a draft service, nor one not offered to it', async () => {
    const betaBuyer = await asUser(beta.buyerId, `org:${beta.schoolOrganisationId}`);
    const alphaBuyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    // Draft: hidden even from alpha's own school.
    expect(
      (
        await respond(() =>
          buyerService.loader(args(get('', alphaBuyer), { tenant: 'alpha', serviceId: alphaService })),
        )
      ).status,
    ).toBe(404);
    const alphaCtx = await requireTenantMember(
      get('/t/alpha', await asUser(alpha.adminId)),
      'alpha',
      'catalogue.manage',
    );
    const { changeServiceStatus } = await import('../../app/catalogue/save-service.server');
    await changeServiceStatus(alphaCtx, alphaService, 'published');
    expect(
      (
        await respond(() =>
          buyerService.loader(args(get('', alphaBuyer), { tenant: 'alpha', serviceId: alphaService })),
        )
      ).status,
    ).toBe(200);
    // Published, but only to alpha's own area: beta's school (another authority) gets 404.
    expect(
      (await respond(() => buyerService.loader(args(get('', betaBuyer), { tenant: 'alpha', serviceId: alphaService }))))
        .status,
    ).toBe(404);
  });
});

describe('refusals say what to fix', () => {
  it('a bad price is refused with the field named, and nothing is saved', async () => {
    const alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const p = { tenant: 'alpha', scheduleId: alphaSchedule, serviceId: alphaService, customerClass: 'academy' };
    const bad = await respond(() =>
      priceEditor.action(
        args(post('', { model: 'volume_bands', bands: '1-3: 565.00\n3-10: 500.00\n11+: 475.00' }, alphaAdmin), p),
      ),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.value)).toMatch(/overlapping/);
    const fractional = await respond(() =>
      priceEditor.action(args(post('', { model: 'per_unit', unit_price: '12.345' }, alphaAdmin), p)),
    );
    expect(fractional.status).toBe(400);
    const page = await respond(() =>
      schedulePage.loader(args(get('', alphaAdmin), { tenant: 'alpha', scheduleId: alphaSchedule })),
    );
    const detail = page.value as { services: Array<{ prices: Array<{ description: string | null }> }> };
    expect(detail.services[0]!.prices.every((x) => x.description === null)).toBe(true);
  });

  it('a quote for zero or text asks for a whole number', async () => {
    const alphaCtx = await requireTenantMember(
      get('/t/alpha', await asUser(alpha.adminId)),
      'alpha',
      'catalogue.manage',
    );
    const { changeServiceStatus } = await import('../../app/catalogue/save-service.server');
    const { setServicePrice } = await import('../../app/pricing/set-service-prices.server');
    const { publishSchedule } = await import('../../app/pricing/publish-schedule.server');
    await changeServiceStatus(alphaCtx, alphaService, 'published');
    await setServicePrice(alphaCtx, alphaSchedule, alphaService, 'own_maintained', {
      model: 'per_unit',
      unitPricePence: 50000,
      minimumChargePence: 0,
      rounding: 'penny',
    });
    await setServicePrice(alphaCtx, alphaSchedule, alphaService, 'academy', {
      model: 'per_unit',
      unitPricePence: 54000,
      minimumChargePence: 0,
      rounding: 'penny',
    });
    await publishSchedule(alphaCtx, alphaSchedule);
    const buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const p = { tenant: 'alpha', serviceId: alphaService };
    for (const quantity of ['0', 'abc', '-1', '1.5']) {
      const r = await respond(() =>
        buyerService.loader(args(get(`/buy/services/alpha/${alphaService}?quantity=${quantity}`, buyer), p)),
      );
      expect(r.status, quantity).toBe(200);
      expect((r.value as { quoteErrors: unknown[]; result: unknown }).quoteErrors.length, quantity).toBeGreaterThan(0);
      expect((r.value as { result: unknown }).result, quantity).toBeNull();
    }
    const ok = await respond(() =>
      buyerService.loader(args(get(`/buy/services/alpha/${alphaService}?quantity=3`, buyer), p)),
    );
    expect((ok.value as { result: { totalPence: number } }).result.totalPence).toBe(150000);
  });
});
