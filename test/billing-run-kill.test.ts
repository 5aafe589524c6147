import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { closeDatabase } from '../db/client.server';
import { killed, startTs, waitForLine } from './embedded/child';
import { billingRunOverManyCustomers } from './setup/billing-customers';
import { useEmbeddedFolder } from './setup/embedded-folder';
import { ownerDb, useToday } from './setup/fixtures';

useEmbeddedFolder();
useToday('2026-11-05');

const CUSTOMERS = 40;

const manyCustomersWithSomethingDue = () => billingRunOverManyCustomers(CUSTOMERS, 910000);

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
