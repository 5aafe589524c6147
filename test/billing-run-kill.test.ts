import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { requireBuyer, requireTenantMember } from '../app/auth/guards.server';
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
import { closeDatabase } from '../db/client.server';
import { ensureCustomerAccounts } from '../db/queries/tenancy';
import { runScoped } from '../db/scope.server';
import { killed, startTs, waitForLine } from './embedded/child';
import { asUser, createSchool, EP_DAY_FIELDS, get, onDate, ownerDb, twoTenants, useToday } from './setup/fixtures';

useToday('2026-11-05');

const CUSTOMERS = 40;

/** One school's accepted order for a termly subscription, copied to CUSTOMERS schools with SQL. */
async function manyCustomersWithSomethingDue() {
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
    const school = await createSchool(910000 + i, '852', `School ${i}`);
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
  const runId = await startBillingRun(finance, { kind: 'month', year: 2026, month: 10 });
  return { alpha, runId };
}

it('a worker killed part way through a run leaves it to be finished, billing nothing twice', async () => {
  const { runId } = await manyCustomersWithSomethingDue();
  const postgres = Boolean(process.env.DATABASE_URL);
  // The embedded database is one process's: hand the folder to the worker.
  if (!postgres) await closeDatabase();

  const worker = startTs('test/embedded/bill-run.ts', [], { TRADED_BILLING_RUN_DELAY_MS: '100' });
  await waitForLine(worker, /^done ([89]|[1-9]\d) running$/);
  worker.kill('SIGKILL');
  await killed(worker);
  expect(worker.signalCode).toBe('SIGKILL');

  const db = await ownerDb();
  const cut = await db.selectFrom('billing_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  expect(cut.status).toBe('running');
  expect(cut.customers_total).toBe(CUSTOMERS);
  expect(cut.customers_done).toBeGreaterThanOrEqual(8);
  expect(cut.customers_done).toBeLessThan(CUSTOMERS);
  // What was committed is whole: each customer's draft with its line and claim, and the progress.
  const drafts = await db.selectFrom('billing_documents').select('id').where('run_id', '=', runId).execute();
  expect(drafts).toHaveLength(cut.documents_made);
  expect(cut.documents_made).toBe(cut.customers_done);

  if (postgres) {
    // Another server would wait for the lease to run out; here it runs out now.
    await db
      .updateTable('billing_runs')
      .set({ lease_until: sql<Date>`now() - interval '1 second'` })
      .execute();
  } else {
    await closeDatabase();
  }
  const again = startTs('test/embedded/bill-run.ts', [], {});
  await waitForLine(again, /^worked 1$/);
  await killed(again);

  const db2 = await ownerDb();
  const run = await db2.selectFrom('billing_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  expect(run).toMatchObject({
    status: 'finished',
    attempts: 2,
    customers_done: CUSTOMERS,
    documents_made: CUSTOMERS,
    lines_made: CUSTOMERS,
    outcome: `Made ${CUSTOMERS} drafts with ${CUSTOMERS} lines for ${CUSTOMERS} customers`,
  });
  const claims = await db2.selectFrom('billed_charges').select(['order_line_id', 'charge_key']).execute();
  expect(claims).toHaveLength(CUSTOMERS);
  expect(new Set(claims.map((c) => c.order_line_id)).size).toBe(CUSTOMERS);
  const { rows } = await sql<{ documents: number; without_lines: number }>`
    select count(*)::int as documents,
           count(*) filter (where not exists (select 1 from billing_document_lines l
                                               where l.tenant_id = d.tenant_id and l.document_id = d.id))::int as without_lines
      from billing_documents d where d.run_id = ${runId}`.execute(db2);
  expect(rows[0]).toEqual({ documents: CUSTOMERS, without_lines: 0 });
}, 300_000);
