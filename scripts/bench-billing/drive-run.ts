import type postgres from 'postgres';
import type { TenantContext } from '../../app/auth/guards.server';
import { runBillingRunsOnce } from '../../app/billing/billing-run-worker.server';
import { startBillingRun } from '../../app/billing/start-billing-run.server';

export interface RunOutcome {
  runIds: string[];
  finished: number;
  failed: number;
  errors: string[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The real path: each tenant's finance officer starts the month's run (startBillingRun, as the
 * billing page does), then the worker's own pass (runBillingRunsOnce, what the server's worker
 * calls on each tick) is driven until every run has finished. `workers` passes run at once, as
 * that many server processes would; the server itself runs one.
 */
export async function driveBillingRuns(
  owner: postgres.Sql,
  period: { year: number; month: number },
  options: { workers: number; progress: (finished: number, total: number) => void },
): Promise<RunOutcome> {
  const starters = await owner.unsafe<{ tenant_id: string; user_id: string }[]>(
    `select tenant_id::text, user_id::text from tenant_memberships where role = 'finance' order by tenant_id`,
  );
  const runIds: string[] = [];
  for (const { tenant_id, user_id } of starters) {
    // startBillingRun reads only who acts for which tenant from the signed-in context.
    const ctx = { tenantId: tenant_id, userId: user_id } as TenantContext;
    runIds.push(await startBillingRun(ctx, { kind: 'month', year: period.year, month: period.month }));
  }

  const states = async () => {
    const [row] = await owner.unsafe<{ finished: number; failed: number; open: number }[]>(
      `select count(*) filter (where status = 'finished')::int as finished,
              count(*) filter (where status = 'failed')::int as failed,
              count(*) filter (where status in ('queued', 'running'))::int as open
         from billing_runs where id = any($1::uuid[])`,
      [runIds],
    );
    return row!;
  };
  let lastReport = performance.now();
  const reporter = setInterval(async () => {
    if (performance.now() - lastReport < 10_000) return;
    lastReport = performance.now();
    const s = await states();
    options.progress(s.finished + s.failed, runIds.length);
  }, 1000);
  try {
    const worker = async () => {
      for (;;) {
        const worked = await runBillingRunsOnce();
        if (worked > 0) continue;
        if ((await states()).open === 0) return;
        // A run whose pass broke waits for its lease to run out before it is claimed again.
        await pause(1000);
      }
    };
    await Promise.all(Array.from({ length: options.workers }, worker));
  } finally {
    clearInterval(reporter);
  }
  const s = await states();
  const errors = await owner.unsafe<{ message: string }[]>(
    `select e ->> 'message' as message from billing_runs r cross join jsonb_array_elements(r.errors) e
      where r.id = any($1::uuid[]) limit 20`,
    [runIds],
  );
  return { runIds, finished: s.finished, failed: s.failed, errors: errors.map((e) => e.message) };
}
