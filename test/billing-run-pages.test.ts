import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { requireBuyer, requireTenantMember } from '../app/auth/guards.server';
import { runBillingRunsOnce } from '../app/billing/billing-run-worker.server';
import { startBillingRun } from '../app/billing/start-billing-run.server';
import { changeServiceStatus, createService } from '../app/catalogue/save-service.server';
import { serviceForm } from '../app/catalogue/service-input';
import { addToBasket } from '../app/commissioning/basket.server';
import { decideOrder } from '../app/commissioning/decide-order.server';
import { submitOrder } from '../app/commissioning/submit-order.server';
import { createScheduleVersion } from '../app/pricing/create-schedule-version.server';
import { priceModelSchema } from '../app/pricing/price-model';
import { publishSchedule } from '../app/pricing/publish-schedule.server';
import { setServicePrice } from '../app/pricing/set-service-prices.server';
import { ensureCustomerAccounts } from '../db/queries/tenancy';
import { runScoped } from '../db/scope.server';
import { asUser, createSchool, EP_DAY_FIELDS, get, onDate, ownerDb, twoTenants, useToday } from './setup/fixtures';

useToday('2026-11-05');

const CUSTOMERS = 4;

/** One school's accepted termly subscription, copied to more schools with SQL; all due in October. */
async function customersWithSomethingDue() {
  const { alpha } = await twoTenants();
  const admin = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'orders.manage');
  const schedule = await createScheduleVersion(admin, { yearKind: 'academic', startYear: 2026 });
  const serviceId = await createService(
    admin,
    serviceForm.parse({ ...EP_DAY_FIELDS, code: 'GOV', name: 'Governor support', unitKind: 'meeting', unitHours: '' }),
  );
  await changeServiceStatus(admin, serviceId, 'published');
  const price = priceModelSchema.parse({ model: 'subscription', annualPence: 120000, instalments: 'termly' });
  for (const cls of ['own_maintained', 'academy'] as const)
    await setServicePrice(admin, schedule, serviceId, cls, price);
  await publishSchedule(admin, schedule);
  const buyer = await requireBuyer(
    get('/buy', await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)),
    'buy.order',
  );
  await addToBasket(buyer, { slug: 'alpha', serviceId, yearKey: 'academic:2026-09-01', quantity: 1 });
  const [order] = await submitOrder(
    buyer,
    { slug: 'alpha', poNumber: '', contactName: 'B', contactEmail: 'b@example.com', idempotencyKey: 'k' },
    'x',
  );
  await onDate('2026-09-01', () => decideOrder(admin, order!.id, { accept: true }, 'x'));

  const db = await ownerDb();
  for (let i = 1; i < CUSTOMERS; i++) {
    const school = await createSchool(920000 + i, '852', `School ${i}`);
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
  const finance = await requireTenantMember(get('/t/alpha', await asUser(alpha.financeId)), 'alpha', 'finance.manage');
  return { finance, runId: await startBillingRun(finance, { kind: 'month', year: 2026, month: 10 }) };
}

it('a page that fails is billed again customer by customer: the one whose charge was claimed elsewhere is listed, the rest are billed', async () => {
  const { runId } = await customersWithSomethingDue();
  const db = await ownerDb();
  const customers = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['o.organisation_id as organisationId', 'l.id as lineId'])
    .orderBy('o.organisation_id')
    .execute();
  expect(customers).toHaveLength(CUSTOMERS);
  const unlucky = customers[1]!;
  // Another hand claims the unlucky customer's charge at the moment the run writes it.
  await sql
    .raw(
      `create function test_claimed_elsewhere() returns trigger language plpgsql as $$ begin
         if new.order_line_id = '${unlucky.lineId}' then
           raise unique_violation using message = 'duplicate key value violates unique constraint "billed_charges_pkey"';
         end if;
         return new;
       end $$`,
    )
    .execute(db);
  await sql`create trigger test_claimed_elsewhere before insert on billed_charges
    for each row execute function test_claimed_elsewhere()`.execute(db);
  try {
    expect(await runBillingRunsOnce()).toBe(1);
  } finally {
    await sql`drop trigger test_claimed_elsewhere on billed_charges`.execute(db);
    await sql`drop function test_claimed_elsewhere()`.execute(db);
  }

  const run = await db.selectFrom('billing_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  expect(run).toMatchObject({
    status: 'finished',
    customers_total: CUSTOMERS,
    customers_done: CUSTOMERS,
    documents_made: CUSTOMERS - 1,
    lines_made: CUSTOMERS - 1,
    errors: [
      {
        organisationId: unlucky.organisationId,
        message: 'A charge was billed elsewhere while the run worked: run billing again',
      },
    ],
  });
  const documents = await db
    .selectFrom('billing_documents')
    .select('organisation_id')
    .where('run_id', '=', runId)
    .orderBy('organisation_id')
    .execute();
  expect(documents.map((d) => d.organisation_id)).toEqual(
    customers.filter((c) => c !== unlucky).map((c) => c.organisationId),
  );
  const claims = await db.selectFrom('billed_charges').select('order_line_id').execute();
  expect(claims.map((c) => c.order_line_id).sort()).toEqual(
    customers
      .filter((c) => c !== unlucky)
      .map((c) => c.lineId)
      .sort(),
  );
});
