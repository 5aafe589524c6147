import { sql } from 'kysely';
import { requireBuyer, requireTenantMember } from '../../app/auth/guards.server';
import { startBillingRun } from '../../app/billing/start-billing-run.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { decideOrder } from '../../app/commissioning/decide-order.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { priceModelSchema } from '../../app/pricing/price-model';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped } from '../../db/scope.server';
import { asUser, createSchool, EP_DAY_FIELDS, get, onDate, ownerDb, twoTenants } from './fixtures';

/**
 * A billing run for October 2026 over `customers` schools, each with an accepted termly
 * subscription (one school's order, copied to the others with SQL, so that many customers cost
 * seconds, not minutes). `firstUrn` keeps the schools of different test files apart.
 */
export async function billingRunOverManyCustomers(customers: number, firstUrn: number) {
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
  for (let i = 1; i < customers; i++) {
    const school = await createSchool(firstUrn + i, '852', `School ${i}`);
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
  return { alpha, finance, runId: await startBillingRun(finance, { kind: 'month', year: 2026, month: 10 }) };
}

/** A billing run already finished (as the worker leaves it), for documents made against it by hand. */
export async function finishedRun(tenantId: string, periodLabel: string, periodEnd: string): Promise<{ id: string }> {
  return (await ownerDb())
    .insertInto('billing_runs')
    .values({
      tenant_id: tenantId,
      period_kind: 'month',
      period_label: periodLabel,
      period_end: periodEnd,
      status: 'finished',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
