import { sql } from 'kysely';
import type { Db } from '../client.server';
import type { BillingPeriodKind, BillingPlan, BillingRunError } from '../schema';
import type { Scoped } from '../scope.server';

export interface NewBillingRun {
  tenantId: string;
  periodKind: BillingPeriodKind;
  periodLabel: string;
  periodStart: string | null;
  periodEnd: string;
  startedBy: string;
}

/** Queues a run; a second while one waits or runs breaks billing_runs_one_at_a_time (23505). */
export async function insertBillingRun(tx: Scoped, run: NewBillingRun): Promise<string> {
  const { id } = await tx
    .insertInto('billing_runs')
    .values({
      tenant_id: run.tenantId,
      period_kind: run.periodKind,
      period_label: run.periodLabel,
      period_start: run.periodStart,
      period_end: run.periodEnd,
      started_by: run.startedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const runColumns = [
  'r.id',
  'r.period_kind as periodKind',
  'r.period_label as periodLabel',
  'r.period_start as periodStart',
  'r.period_end as periodEnd',
  'r.status',
  'r.customers_total as customersTotal',
  'r.customers_done as customersDone',
  'r.documents_made as documentsMade',
  'r.lines_made as linesMade',
  'r.errors',
  'r.outcome',
  'r.started_at as startedAt',
  'r.finished_at as finishedAt',
] as const;

export async function listBillingRuns(tx: Scoped, tenantId: string, limit = 50) {
  return tx
    .selectFrom('billing_runs as r')
    .leftJoin('users as u', 'u.id', 'r.started_by')
    .select([...runColumns, 'u.name as startedByName'])
    .where('r.tenant_id', '=', tenantId)
    .orderBy('r.started_at', 'desc')
    .limit(limit)
    .execute();
}

export async function findBillingRun(tx: Scoped, tenantId: string, runId: string) {
  return tx
    .selectFrom('billing_runs as r')
    .leftJoin('users as u', 'u.id', 'r.started_by')
    .select([...runColumns, 'u.name as startedByName'])
    .where('r.tenant_id', '=', tenantId)
    .where('r.id', '=', runId)
    .executeTakeFirst();
}

/** The owner's look across tenants for runs to work: waiting, or running with the lease run out. */
export async function listTenantsWithRunsToWork(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('billing_runs')
    .select('tenant_id')
    .distinct()
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([eb('status', '=', 'running'), eb('lease_until', '<', sql<Date>`now()`)]),
      ]),
    )
    .execute();
  return rows.map((r) => r.tenant_id);
}

/** Tenants with a run marked running (on the embedded database at start-up: its worker is gone). */
export async function listTenantsWithRunningRuns(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('billing_runs')
    .select('tenant_id')
    .distinct()
    .where('status', '=', 'running')
    .execute();
  return rows.map((r) => r.tenant_id);
}

export async function expireRunningLeases(tx: Scoped, tenantId: string) {
  await tx
    .updateTable('billing_runs')
    .set({ lease_until: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'running')
    .execute();
}

/**
 * Takes the tenant's waiting run, or its running one whose lease ran out, for this worker: the
 * attempt number it gets is its token, and every later write of the run's progress checks it.
 */
export async function claimBillingRun(tx: Scoped, tenantId: string, leaseSeconds: number) {
  return tx
    .updateTable('billing_runs')
    .set({
      status: 'running',
      attempts: sql`attempts + 1`,
      lease_until: sql`now() + make_interval(secs => ${leaseSeconds})`,
    })
    .where('tenant_id', '=', tenantId)
    .where(
      'id',
      '=',
      sql<string>`(select id from billing_runs where tenant_id = ${tenantId}
        and (status = 'queued' or (status = 'running' and lease_until < now()))
        order by started_at limit 1 for update skip locked)`,
    )
    .returning([
      'id',
      'period_label as periodLabel',
      'period_end as periodEnd',
      'attempts',
      'started_by as startedBy',
      'customers_total as customersTotal',
      'done_through as doneThrough',
    ])
    .executeTakeFirst();
}

export type ClaimedRun = NonNullable<Awaited<ReturnType<typeof claimBillingRun>>>;

/** Who a line's charges are billed to: the school's account, or its trust's when it says so. */
export const BILL_TO = sql<string>`case when ca.invoice_trust and org.trust_id is not null then org.trust_id
  else ord.organisation_id end`;

/** Lines that may have something due by the date: agreed (or cancelled with a charge or work). */
export function linesToBill(tx: Scoped, tenantId: string, upTo: string) {
  return tx
    .selectFrom('order_lines as l')
    .innerJoin('orders as ord', (j) => j.onRef('ord.tenant_id', '=', 'l.tenant_id').onRef('ord.id', '=', 'l.order_id'))
    .innerJoin('customer_accounts as ca', (j) =>
      j.onRef('ca.tenant_id', '=', 'l.tenant_id').onRef('ca.organisation_id', '=', 'ord.organisation_id'),
    )
    .innerJoin('organisations as org', 'org.id', 'ord.organisation_id')
    .where('l.tenant_id', '=', tenantId)
    .where('l.year_start', '<=', upTo)
    .where((eb) =>
      eb.or([
        eb('l.status', 'in', ['active', 'completed']),
        eb.and([
          eb('l.status', '=', 'cancelled'),
          eb.or([
            eb('l.cancellation_charge_pence', '>', 0),
            eb.exists(
              eb
                .selectFrom('deliveries as d')
                .select(sql`1`.as('one'))
                .whereRef('d.tenant_id', '=', 'l.tenant_id')
                .whereRef('d.order_line_id', '=', 'l.id')
                .where('d.status', '=', 'confirmed'),
            ),
          ]),
        ]),
      ]),
    );
}

/** How many customers (bill-to organisations) may have something due by the date. */
export async function countCustomersToBill(tx: Scoped, tenantId: string, upTo: string): Promise<number> {
  const row = await linesToBill(tx, tenantId, upTo)
    .select(() => sql<number>`count(distinct ${BILL_TO})::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * This transaction's commit returns without waiting for its write-ahead log to reach the disk (the
 * server's WAL writer writes it a moment later). For a billing run's page on a PostgreSQL server:
 * its drafts, their claims and the run's progress commit together, so a server that crashes in that
 * moment loses the page whole, progress and all, and the run bills those customers again when it
 * resumes. Nothing is half-made and nothing is billed twice.
 */
export async function commitWithoutWaitingForDisk(tx: Scoped): Promise<void> {
  await sql`select set_config('synchronous_commit', 'off', true)`.execute(tx);
}

/** The next page of customers to bill, in id order after the last one done. */
export async function listCustomersToBill(
  tx: Scoped,
  tenantId: string,
  upTo: string,
  after: string | null,
  limit: number,
): Promise<string[]> {
  let query = linesToBill(tx, tenantId, upTo).select(BILL_TO.as('billTo')).distinct();
  if (after) query = query.where(sql<boolean>`${BILL_TO} > ${after}`);
  const rows = await query
    .orderBy(sql`1`)
    .limit(limit)
    .execute();
  return rows.map((r) => r.billTo);
}

export async function organisationNames(tx: Scoped, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The run's first claim counts its customers; a run claimed again keeps the count it had. */
export async function setCustomersTotal(tx: Scoped, tenantId: string, runId: string, attempt: number, total: number) {
  await tx
    .updateTable('billing_runs')
    .set({ customers_total: total })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', runId)
    .where('attempts', '=', attempt)
    .execute();
}

/**
 * Records a page of customers done (what they made, and why any could not be billed) and renews
 * the lease, in the transaction that wrote the page's drafts: `done_through` moves to the page's
 * last customer only if its drafts commit. False when the run is no longer this worker's.
 */
export async function recordCustomersDone(
  tx: Scoped,
  tenantId: string,
  run: { id: string; attempt: number; leaseSeconds: number },
  done: { throughCustomerId: string; customers: number; documents: number; lines: number; errors: BillingRunError[] },
): Promise<boolean> {
  const result = await tx
    .updateTable('billing_runs')
    .set({
      customers_done: sql`customers_done + ${done.customers}`,
      documents_made: sql`documents_made + ${done.documents}`,
      lines_made: sql`lines_made + ${done.lines}`,
      done_through: done.throughCustomerId,
      lease_until: sql`now() + make_interval(secs => ${run.leaseSeconds})`,
      ...(done.errors.length > 0 ? { errors: sql`errors || ${JSON.stringify(done.errors)}::jsonb` } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', run.id)
    .where('attempts', '=', run.attempt)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function renewLease(
  tx: Scoped,
  tenantId: string,
  run: { id: string; attempt: number; leaseSeconds: number },
) {
  const result = await tx
    .updateTable('billing_runs')
    .set({ lease_until: sql`now() + make_interval(secs => ${run.leaseSeconds})` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', run.id)
    .where('attempts', '=', run.attempt)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How many customers the run's drafts went to, over all its attempts. */
export async function countRunCustomers(tx: Scoped, tenantId: string, runId: string): Promise<number> {
  const row = await tx
    .selectFrom('billing_documents')
    .select(sql<number>`count(distinct organisation_id)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function finishBillingRun(
  tx: Scoped,
  tenantId: string,
  run: { id: string; attempt: number },
  status: 'finished' | 'failed',
  outcome: string,
): Promise<boolean> {
  const result = await tx
    .updateTable('billing_runs')
    .set({ status, outcome, finished_at: sql`now()`, lease_until: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', run.id)
    .where('attempts', '=', run.attempt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A line's billing plan and whether anything on it is billed yet (which fixes the plan). */
export async function findLineBillingPlan(tx: Scoped, tenantId: string, lineId: string) {
  return tx
    .selectFrom('order_lines as l')
    .select([
      'l.billing_plan as billingPlan',
      'l.service_name as serviceName',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('billed_charges as b')
              .select(sql`1`.as('one'))
              .whereRef('b.tenant_id', '=', 'l.tenant_id')
              .whereRef('b.order_line_id', '=', 'l.id'),
          )
          .as('billed'),
    ])
    .where('l.tenant_id', '=', tenantId)
    .where('l.id', '=', lineId)
    .executeTakeFirst();
}

export async function updateLineBillingPlan(tx: Scoped, tenantId: string, lineId: string, plan: BillingPlan) {
  await tx
    .updateTable('order_lines')
    .set({ billing_plan: plan })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', lineId)
    .execute();
}
