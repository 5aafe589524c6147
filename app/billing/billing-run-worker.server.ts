import { getDatabase } from '../../db/client.server';
import {
  claimBillingRun,
  commitWithoutWaitingForDisk,
  countCustomersToBill,
  countRunCustomers,
  expireRunningLeases,
  findBillingRun,
  finishBillingRun,
  listCustomersToBill,
  listTenantsWithRunningRuns,
  listTenantsWithRunsToWork,
  recordCustomersDone,
  setCustomersTotal,
  type ClaimedRun,
} from '../../db/queries/billing-runs';
import { withTenant } from '../../db/scope.server';
import { formatDate } from '../calendar/contract-year';
import { isDomainError } from '../errors';
import { billCustomers, type BillingRunRef, type CustomerBilled } from './bill-customers.server';

/** How long a run stays a worker's without it saying it is still at work (each page renews it). */
const LEASE_SECONDS = 120;
/** Customers billed together: read in a few statements, written in one transaction. */
const PAGE = 250;
/** Tenants whose runs one pass works at once on PostgreSQL. */
const TENANTS_AT_ONCE = 2;
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

type RunToken = { id: string; attempt: number; leaseSeconds: number };
type Actor = { tenantId: string; userId: string | null };

/**
 * Bills a page in one transaction: its drafts, their claims and the run's progress through the
 * page's last customer commit together, or not at all. Undefined when the run was taken over.
 */
async function billPage(actor: Actor, run: BillingRunRef, token: RunToken, page: readonly string[]) {
  const { tenantId } = actor;
  // The embedded database has no WAL writer: there a page's commit waits for the disk, or a killed
  // process would lose every page since the last that did.
  const { kind } = await getDatabase();
  return withTenant(actor, async (tx) => {
    if (kind === 'postgres') await commitWithoutWaitingForDisk(tx);
    const billed = await billCustomers(tx, tenantId, run, page);
    const recorded = await recordCustomersDone(tx, tenantId, token, {
      throughCustomerId: page[page.length - 1]!,
      customers: page.length,
      documents: billed.reduce((n, b) => n + b.documents, 0),
      lines: billed.reduce((n, b) => n + b.lines, 0),
      errors: billed.flatMap((b) => (b.error ? [{ organisationId: b.customerId, message: b.error }] : [])),
    });
    if (!recorded) throw new RunTakenOver();
    return billed;
  });
}

/**
 * A page that failed as a whole (a charge claimed elsewhere meanwhile, say) is billed again one
 * customer at a time, so that one customer's failure is recorded against it and the rest go on.
 * False when the run was taken over.
 */
async function billPageCustomerByCustomer(
  actor: Actor,
  run: BillingRunRef,
  token: RunToken,
  page: readonly string[],
): Promise<boolean> {
  for (const customerId of page) {
    try {
      await billPage(actor, run, token, [customerId]);
    } catch (error) {
      if (error instanceof RunTakenOver) return false;
      const message = failureMessage(error);
      if (message === null) throw error;
      const recorded = await withTenant(actor, (tx) =>
        recordCustomersDone(tx, actor.tenantId, token, {
          throughCustomerId: customerId,
          customers: 1,
          documents: 0,
          lines: 0,
          errors: [{ organisationId: customerId, message }],
        }),
      );
      if (!recorded) return false;
    }
  }
  return true;
}

async function workRun(tenantId: string, run: ClaimedRun): Promise<void> {
  const token: RunToken = { id: run.id, attempt: run.attempts, leaseSeconds: LEASE_SECONDS };
  const actor: Actor = { tenantId, userId: run.startedBy };
  // Test-only: slows the run down, five customers a page, so a test can kill the worker part way through.
  const delay = Number(process.env.TRADED_BILLING_RUN_DELAY_MS ?? 0);
  const pageSize = delay > 0 ? 5 : PAGE;
  let after = run.doneThrough;
  let counted = run.customersTotal !== null;
  for (;;) {
    const page = await withTenant(actor, async (tx) => {
      const customers = await listCustomersToBill(tx, tenantId, run.periodEnd, after, pageSize);
      if (!counted) {
        // A first page that is not full holds every customer: no need to count them again.
        const total =
          after === null && customers.length < pageSize
            ? customers.length
            : await countCustomersToBill(tx, tenantId, run.periodEnd);
        await setCustomersTotal(tx, tenantId, run.id, run.attempts, total);
        counted = true;
      }
      return customers;
    });
    if (page.length === 0) break;
    let billed: CustomerBilled[] | undefined;
    try {
      billed = await billPage(actor, run, token, page);
    } catch (error) {
      if (error instanceof RunTakenOver) return;
    }
    if (!billed && !(await billPageCustomerByCustomer(actor, run, token, page))) return;
    after = page[page.length - 1]!;
    if (delay > 0) await pause(delay * page.length);
    // A short page was the last: no need to ask for another.
    if (page.length < pageSize) break;
  }
  await withTenant(actor, async (tx) => {
    const now = await findBillingRun(tx, tenantId, run.id);
    const customers = await countRunCustomers(tx, tenantId, run.id);
    const made = { documents: now?.documentsMade ?? 0, lines: now?.linesMade ?? 0, customers };
    await finishBillingRun(tx, tenantId, token, 'finished', outcomeSentence(made, run.periodEnd));
  });
}

/** Claims the tenant's run, if it still has one to work, and works it. True when it worked one. */
async function workTenant(tenantId: string): Promise<boolean> {
  const run = await withTenant({ tenantId }, (tx) => claimBillingRun(tx, tenantId, LEASE_SECONDS));
  if (!run) return false;
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
  return true;
}

/**
 * One pass of the worker: in each tenant with a run waiting (or one whose worker died), claims it
 * and works it to the end. Returns how many runs it worked. Safe to call from several processes:
 * a run is one worker's while its lease lasts.
 */
export async function runBillingRunsOnce(): Promise<number> {
  const { db, kind } = await getDatabase();
  const tenants = await listTenantsWithRunsToWork(db);
  // Most of a page's time is the database's: on PostgreSQL two tenants' runs go at once, one per
  // core. The embedded database is one connection, so there they take turns.
  const lanes = kind === 'pglite' ? 1 : TENANTS_AT_ONCE;
  let next = 0;
  let worked = 0;
  const outcomes = await Promise.allSettled(
    Array.from({ length: lanes }, async () => {
      while (next < tenants.length) if (await workTenant(tenants[next++]!)) worked += 1;
    }),
  );
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
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
