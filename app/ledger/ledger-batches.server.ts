import {
  findLedgerBatch,
  findLedgerBatchFile,
  listLedgerBatchDocuments,
  listLedgerBatches,
} from '../../db/queries/ledger';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';

export async function listBatches(ctx: TenantContext) {
  return withTenant(ctx, (tx) => listLedgerBatches(tx, ctx.tenantId));
}

/** A batch with its documents; another tenant's (or none) is not found. */
export async function viewBatch(ctx: TenantContext, batchId: string) {
  return withTenant(ctx, async (tx) => {
    const batch = await findLedgerBatch(tx, ctx.tenantId, batchId);
    if (!batch) throw notFound();
    return { batch, documents: await listLedgerBatchDocuments(tx, ctx.tenantId, batchId) };
  });
}

/** The file exactly as it was exported: the same bytes every time. */
export async function batchFile(ctx: TenantContext, batchId: string) {
  const file = await withTenant(ctx, (tx) => findLedgerBatchFile(tx, ctx.tenantId, batchId));
  if (!file) throw notFound();
  return file;
}
