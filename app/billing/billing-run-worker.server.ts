import { getDatabase } from '../../db/client.server';
import {
  claimBillingRun,
  countCustomersToBill,
  countRunCustomers,
  expireRunningLeases,
  findBillingRun,
  finishBillingRun,
  listCustomersToBill,
  listTenantsWithRunningRuns,
  listTenantsWithRunsToWork,
  recordCustomerDone,
  setCustomersTotal,
  type ClaimedRun,
} from '../../db/queries/billing-runs';
import { withTenant } from '../../db/scope.server';
import { formatDate } from '../calendar/contract-year';
import { isDomainError } from '../errors';
import { billCustomer } from './bill-customer.server';

/** How long a run stays a worker's without it saying it is still at work (each customer renews it). */
const LEASE_SECONDS = 120;
const PAGE = 200;
/** A run that breaks this many workers stops, with the reason, rather than being tried for ever. */
const MAX_ATTEMPTS = 3;

/** The run was claimed by another worker after this one's lease ran out: this one stops quietly. */
class RunTakenOver extends Error {}

function pgCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** What a customer's failure says on the run's page. */
function failureMessage(error: unknown): string | null {
  if (isDomainError(error)) return error.message;
  // A charge claimed meanwhile by someone else (a manual line, say): this customer waits for the next run.
  if (pgCode(error) === '23505') return 'A charge was billed elsewhere while the run worked: run billing again';
  // The database's own refusal (refuse()), in words.
  if (pgCode(error) === '42501' && error instanceof Error) return error.message;
  return null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function outcomeSentence(made: { documents: number; lines: number; customers: number }, periodEnd: string) {
  if (made.documents === 0)
    return `Nothing new to bill up to ${formatDate(periodEnd)}: every charge due is already billed`;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `Made ${plural(made.documents, 'draft', 'drafts')} with ${plural(made.lines, 'line', 'lines')} for ${plural(made.customers, 'customer', 'customers')}`;
}

async function workRun(tenantId: string, run: ClaimedRun): Promise<void> {
  const token = { id: run.id, attempt: run.attempts, leaseSeconds: LEASE_SECONDS };
  const asStarter = { tenantId, userId: run.startedBy };
  if (run.customersTotal === null) {
    await withTenant(asStarter, async (tx) =>
      setCustomersTotal(tx, tenantId, run.id, run.attempts, await countCustomersToBill(tx, tenantId, run.periodEnd)),
    );
  }
  // Test-only: slows each customer down so a test can kill the worker part way through.
  const delay = Number(process.env.TRADED_BILLING_RUN_DELAY_MS ?? 0);
  let after = run.doneThrough;
  for (;;) {
    const page = await withTenant(asStarter, (tx) => listCustomersToBill(tx, tenantId, run.periodEnd, after, PAGE));
    if (page.length === 0) break;
    for (const customerId of page) {
      try {
        // The drafts, their claims and the run's progress commit together, or not at all.
        await withTenant(asStarter, async (tx) => {
          const made = await billCustomer(tx, tenantId, run, customerId);
          if (!(await recordCustomerDone(tx, tenantId, token, { customerId, ...made }))) throw new RunTakenOver();
        });
      } catch (error) {
        if (error instanceof RunTakenOver) return;
        const message = failureMessage(error);
        if (message === null) throw error;
        const recorded = await withTenant(asStarter, (tx) =>
          recordCustomerDone(tx, tenantId, token, {
            customerId,
            documents: 0,
            lines: 0,
            error: { organisationId: customerId, message },
          }),
        );
        if (!recorded) return;
      }
      after = customerId;
      if (delay > 0) await pause(delay);
    }
  }
  await withTenant(asStarter, async (tx) => {
    const now = await findBillingRun(tx, tenantId, run.id);
    const customers = await countRunCustomers(tx, tenantId, run.id);
    const made = { documents: now?.documentsMade ?? 0, lines: now?.linesMade ?? 0, customers };
    await finishBillingRun(tx, tenantId, token, 'finished', outcomeSentence(made, run.periodEnd));
  });
}

/**
 * One pass of the worker: in each tenant with a run waiting (or one whose worker died), claims it
 * and works it to the end. Returns how many runs it worked. Safe to call from several processes:
 * a run is one worker's while its lease lasts.
 */
export async function runBillingRunsOnce(): Promise<number> {
  const { db } = await getDatabase();
  let worked = 0;
  for (const tenantId of await listTenantsWithRunsToWork(db)) {
    const run = await withTenant({ tenantId }, (tx) => claimBillingRun(tx, tenantId, LEASE_SECONDS));
    if (!run) continue;
    worked += 1;
    try {
      await workRun(tenantId, run);
    } catch (error) {
      console.error(`Billing run ${run.id} failed (attempt ${run.attempts}):`, error);
      if (run.attempts >= MAX_ATTEMPTS)
        await withTenant({ tenantId }, (tx) =>
          finishBillingRun(
            tx,
            tenantId,
            { id: run.id, attempt: run.attempts },
            'failed',
            `The run stopped after ${MAX_ATTEMPTS} attempts. The drafts it made are kept; start a new run to bill the rest, and if it stops again, contact support.`,
          ),
        );
      // Otherwise the lease runs out and the run is tried again from the customer it had reached.
    }
  }
  return worked;
}

/**
 * On the embedded database only this process can be at work (the folder is locked to it), so a run
 * still marked running was cut off by the last stop: it is taken up again at once, not after its lease.
 */
export async function resumeInterruptedRuns(): Promise<number> {
  const { db, kind } = await getDatabase();
  if (kind !== 'pglite') return 0;
  const tenants = await listTenantsWithRunningRuns(db);
  for (const tenantId of tenants) await withTenant({ tenantId }, (tx) => expireRunningLeases(tx, tenantId));
  return tenants.length;
}

let timer: NodeJS.Timeout | undefined;
let busy: Promise<unknown> | null = null;

function tick() {
  if (busy) return;
  busy = runBillingRunsOnce()
    .catch((error: unknown) => console.error('Billing run worker failed:', error))
    .finally(() => {
      busy = null;
    });
}

/** Starts the worker in this process: it looks for runs every few seconds (and at once when woken). */
export function startBillingRunWorker(intervalMs = 5000) {
  if (timer) return;
  timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
}

/** A run was just queued: look now rather than at the next tick (only where the worker runs). */
export function wakeBillingRunWorker() {
  if (timer) tick();
}
