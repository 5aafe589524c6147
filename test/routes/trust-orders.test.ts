import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { listBuyerOrders } from '../../app/commissioning/list-orders.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { buyerServicePrice } from '../../app/pricing/buyer-price.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped } from '../../db/scope.server';
import {
  addBuyer,
  asUser,
  createSchool,
  createUser,
  EP_DAY_FIELDS,
  get,
  ownerDb,
  twoTenants,
  type TestTenant,
  useToday,
} from '../setup/fixtures';

// Orders here are for the 2025/26 academic year, placed while it runs.
useToday('2026-03-01');

let alpha: TestTenant;
let trustId: string;
let academies: string[];
let serviceId: string;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  const db = await ownerDb();
  trustId = (
    await db
      .insertInto('organisations')
      .values({ kind: 'trust', name: 'Coastal Learning Trust', trust_key: 'name:coastal' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  academies = [
    await createSchool(900101, '852', 'Coastal Academy North'),
    await createSchool(900102, '852', 'Coastal Academy South'),
  ];
  await db.updateTable('organisations').set({ trust_id: trustId }).where('id', 'in', academies).execute();
  await db
    .updateTable('schools')
    .set({ type_group: 'academy', pupils: 420 })
    .where('urn', 'in', [900101, 900102])
    .execute();
  await runScoped(db, { tenantId: alpha.id }, (tx) =>
    ensureCustomerAccounts(
      tx,
      alpha.id,
      academies.map((organisationId) => ({
        organisationId,
        customerClass: 'academy' as const,
        settlementMethod: 'invoice' as const,
      })),
    ),
  );
  const ctx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
  serviceId = await createService(ctx, serviceForm.parse(EP_DAY_FIELDS));
  await changeServiceStatus(ctx, serviceId, 'published');
  const schedule = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
  await setServicePrice(ctx, schedule, serviceId, 'own_maintained', {
    model: 'per_unit',
    unitPricePence: 50000,
    minimumChargePence: 0,
    rounding: 'penny',
  });
  await setServicePrice(ctx, schedule, serviceId, 'academy', {
    model: 'per_unit',
    unitPricePence: 54000,
    minimumChargePence: 0,
    rounding: 'penny',
  });
  await publishSchedule(ctx, schedule);
});

describe("a trust's finance lead", () => {
  it("prices and orders for each of the trust's schools, one order per school, and the school sees its own", async () => {
    const leadId = await createUser('finance@coastal.example', 'Trust finance lead');
    await addBuyer(trustId, leadId, 'trust_finance');
    const lead = await requireBuyer(get('/buy', await asUser(leadId, `org:${trustId}`)), 'buy.order');
    const price = await buyerServicePrice(lead, 'alpha', serviceId, { schoolId: academies[1] });
    expect(price.schools.map((s) => s.name)).toEqual(['Coastal Academy North', 'Coastal Academy South']);
    expect(price.buyingFor.name).toBe('Coastal Academy South');
    expect(price.customerClass).toBe('academy');

    for (const schoolId of academies)
      await addToBasket(lead, { slug: 'alpha', serviceId, yearKey: 'academic:2025-09-01', schoolId, quantity: 2 });
    const placed = await submitOrder(
      lead,
      {
        slug: 'alpha',
        poNumber: 'TRUST-1',
        contactName: 'Lead',
        contactEmail: 'finance@coastal.example',
        idempotencyKey: crypto.randomUUID(),
      },
      'x',
    );
    expect(placed).toHaveLength(2);
    expect(placed.every((o) => o.totalPence === 108000)).toBe(true);
    expect((await listBuyerOrders(lead)).map((o) => o.buyerName).sort()).toEqual([
      'Coastal Academy North',
      'Coastal Academy South',
    ]);

    const bursarId = await createUser('bursar@coastal-north.example');
    await addBuyer(academies[0]!, bursarId, 'business_manager');
    const bursar = await requireBuyer(get('/buy', await asUser(bursarId, `org:${academies[0]}`)), 'buy.view');
    expect((await listBuyerOrders(bursar)).map((o) => o.buyerName)).toEqual(['Coastal Academy North']);
  });

  it("cannot order for a school outside the trust: the school choice falls back to the trust's own", async () => {
    const leadId = await createUser('finance@coastal.example', 'Trust finance lead');
    await addBuyer(trustId, leadId, 'trust_finance');
    const lead = await requireBuyer(get('/buy', await asUser(leadId, `org:${trustId}`)), 'buy.order');
    const price = await buyerServicePrice(lead, 'alpha', serviceId, { schoolId: alpha.schoolOrganisationId });
    expect(academies).toContain(price.buyingFor.id);
  });
});
