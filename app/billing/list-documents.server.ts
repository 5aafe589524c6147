import {
  buyerDocumentSettlements,
  documentSettlements,
  findRunLabel,
  listBuyerDocuments,
  listTenantDocuments,
  type DocumentFilters,
} from '../../db/queries/billing-documents';
import { withBuyer, withTenant } from '../../db/scope.server';
import type { BuyerContext, TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { balancePence, documentState } from './document-state';

/** A provider's documents with where each stands and what is owed, filtered. */
export async function listDocuments(ctx: TenantContext, filters: DocumentFilters) {
  const today = londonToday();
  return withTenant(ctx, async (tx) => {
    const rows = await listTenantDocuments(tx, ctx.tenantId, filters);
    const settled = await documentSettlements(
      tx,
      ctx.tenantId,
      rows.map((r) => r.id),
    );
    const run = filters.runId ? ((await findRunLabel(tx, ctx.tenantId, filters.runId)) ?? null) : null;
    const documents = rows.map((r) => {
      const facts = {
        kind: r.kind,
        status: r.status,
        sentAt: r.sent_at,
        dueOn: r.due_on,
        totalPence: r.total_pence ?? r.lines_total_pence,
        ...settled.get(r.id)!,
      };
      return {
        id: r.id,
        kind: r.kind,
        status: r.status,
        number: r.number,
        customerName: r.customer_name,
        issuedOn: r.issued_on,
        dueOn: r.due_on,
        totalPence: facts.totalPence,
        lineCount: r.line_count,
        state: documentState(facts, today),
        balancePence: balancePence(facts),
      };
    });
    return { documents, run };
  });
}

/** Everything sent to the buyer's organisation (and, for a trust, its schools), from every provider. */
export async function listDocumentsForBuyer(ctx: BuyerContext) {
  const today = londonToday();
  return withBuyer(ctx, async (tx) => {
    const rows = await listBuyerDocuments(tx);
    const settled = await buyerDocumentSettlements(tx, rows);
    return rows.map((r) => {
      const facts = {
        kind: r.kind,
        status: r.status,
        sentAt: r.sent_at,
        dueOn: r.due_on,
        totalPence: r.total_pence,
        ...(settled.get(r.id) ?? { allocatedPence: 0, creditedPence: 0 }),
      };
      return {
        id: r.id,
        providerSlug: r.tenant_slug,
        providerName: r.tenant_name,
        kind: r.kind,
        number: r.number,
        customerName: r.customer_name,
        issuedOn: r.issued_on,
        dueOn: r.due_on,
        totalPence: r.total_pence ?? 0,
        state: documentState(facts, today),
        balancePence: balancePence(facts),
      };
    });
  });
}
