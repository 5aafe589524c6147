import { listDraftIdsOfRun } from '../../db/queries/billing-documents';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { isDomainError } from '../errors';
import { finaliseDocument, type Finalised } from './finalise-document.server';
import { sendDocument, type SendOutcome } from './send-document.server';

export interface FinaliseAllOutcome {
  finalised: Array<Finalised & { sending: SendOutcome }>;
  refused: Array<{ documentId: string; message: string }>;
}

/**
 * Finalises every draft of a billing run, each in its own transaction (one refusal leaves the
 * others to go ahead), then sends each one finalised, after its transaction has committed.
 */
export async function finaliseDrafts(ctx: TenantContext, runId: string): Promise<FinaliseAllOutcome> {
  const ids = await withTenant(ctx, (tx) => listDraftIdsOfRun(tx, ctx.tenantId, runId));
  const done: Finalised[] = [];
  const refused: FinaliseAllOutcome['refused'] = [];
  for (const id of ids) {
    try {
      done.push(await finaliseDocument(ctx, id));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      refused.push({ documentId: id, message: error.message });
    }
  }
  const finalised: FinaliseAllOutcome['finalised'] = [];
  for (const f of done) finalised.push({ ...f, sending: await sendDocument(ctx, f.documentId) });
  return { finalised, refused };
}
