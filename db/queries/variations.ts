import type { Scoped } from '../scope.server';
import type { OrderVariationsTable } from '../schema';

export async function insertVariation(
  tx: Scoped,
  v: {
    tenantId: string;
    lineId: string;
    quantityBefore: number;
    quantityAfter: number;
    allowanceAfterHundredths: number;
    totalBeforePence: number;
    totalAfterPence: number;
    quote: unknown;
    reason: string;
    status: OrderVariationsTable['status'];
    requestedBy: string;
  },
) {
  return tx
    .insertInto('order_variations')
    .values({
      tenant_id: v.tenantId,
      order_line_id: v.lineId,
      quantity_before: v.quantityBefore,
      quantity_after: v.quantityAfter,
      allowance_after_hundredths: v.allowanceAfterHundredths,
      total_before_pence: v.totalBeforePence,
      total_after_pence: v.totalAfterPence,
      quote: JSON.stringify(v.quote),
      reason: v.reason,
      status: v.status,
      requested_by: v.requestedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function listLineVariations(tx: Scoped, tenantId: string, lineId: string) {
  return tx
    .selectFrom('order_variations')
    .innerJoin('users', 'users.id', 'order_variations.requested_by')
    .selectAll('order_variations')
    .select(['users.name as requestedByName'])
    .where('order_variations.tenant_id', '=', tenantId)
    .where('order_variations.order_line_id', '=', lineId)
    .orderBy('order_variations.requested_at')
    .execute();
}

export async function lockVariation(tx: Scoped, tenantId: string, variationId: string) {
  return tx
    .selectFrom('order_variations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', variationId)
    .forUpdate()
    .executeTakeFirst();
}

export async function setVariationStatus(
  tx: Scoped,
  tenantId: string,
  variationId: string,
  change: {
    status: OrderVariationsTable['status'];
    by: string;
    kind: 'approval' | 'decision' | 'closure';
    reason?: string | null;
    /** The calendar day it happens: a variation accepted takes effect from it. */
    on: string;
  },
) {
  const now = new Date();
  const set =
    change.kind === 'approval'
      ? { status: change.status, approved_by: change.by, approved_at: now }
      : change.kind === 'decision'
        ? { status: change.status, decided_by: change.by, decided_at: now, closed_reason: change.reason ?? null }
        : { status: change.status, decided_by: change.by, decided_at: now, closed_reason: change.reason ?? null };
  await tx
    .updateTable('order_variations')
    .set({ ...set, ...(change.status === 'accepted' ? { accepted_on: change.on } : {}) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', variationId)
    .execute();
}
