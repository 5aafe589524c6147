import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { runBillingRunsOnce } from '../app/billing/billing-run-worker.server';
import { billingRunOverManyCustomers } from './setup/billing-customers';
import { ownerDb, useToday } from './setup/fixtures';

useToday('2026-11-05');

const CUSTOMERS = 4;

const customersWithSomethingDue = () => billingRunOverManyCustomers(CUSTOMERS, 920000);

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
