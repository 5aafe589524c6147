import { findBillingRun, listBillingRuns, organisationNames } from '../../db/queries/billing-runs';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';

/** A run as its page shows it: how far it has got, what it made, and each customer it could not bill. */
export async function billingRunProgress(ctx: TenantContext, runId: string) {
  return withTenant(ctx, async (tx) => {
    const run = await findBillingRun(tx, ctx.tenantId, runId);
    if (!run) return null;
    const names = await organisationNames(
      tx,
      run.errors.map((e) => e.organisationId),
    );
    return {
      ...run,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      errors: run.errors.map((e) => ({ customer: names.get(e.organisationId) ?? 'A customer', message: e.message })),
      working: run.status === 'queued' || run.status === 'running',
    };
  });
}

/** The provider's runs, latest first. */
export async function listRuns(ctx: TenantContext) {
  return withTenant(ctx, async (tx) =>
    (await listBillingRuns(tx, ctx.tenantId)).map((r) => ({
      ...r,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
  );
}
