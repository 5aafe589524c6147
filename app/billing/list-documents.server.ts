import {
  buyerDocumentSettlements,
  countBuyerDocuments,
  countTenantDocuments,
  documentSettlements,
  findRunLabel,
  listBuyerDocuments,
  listTenantDocuments,
  type DocumentFilters,
} from '../../db/queries/billing-documents';
import { withBuyer, withTenant } from '../../db/scope.server';
import type { BuyerContext, TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { pageCount, pageWindow } from '../forms/paging';
import { balancePence, documentState } from './document-state';

/** How many documents a list of them shows a page (the provider's and the buyer's). */
export const DOCUMENTS_PER_PAGE = 100;

/**
 * A page of a provider's documents, filtered, with where each stands and what is owed; how many
 * the filters choose in all (and how many of them are drafts), and how many pages they make. A
 * page past the last shows the last.
 */
export async function listDocuments(ctx: TenantContext, filters: DocumentFilters, askedPage = 1) {
  const today = londonToday();
  return withTenant(ctx, async (tx) => {
    const { total, drafts } = await countTenantDocuments(tx, ctx.tenantId, filters);
    const pages = pageCount(total, DOCUMENTS_PER_PAGE);
    const page = Math.min(askedPage, pages);
    const rows = await listTenantDocuments(tx, ctx.tenantId, filters, pageWindow(page, DOCUMENTS_PER_PAGE));
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
    return { documents, run, total, drafts, page, pages };
  });
}

/**
 * A page of everything sent to the buyer's organisation (and, for a trust, its schools), from every
 * provider, newest first; how many there are in all and how many pages they make.
 */
export async function listDocumentsForBuyer(ctx: BuyerContext, askedPage = 1) {
  const today = londonToday();
  return withBuyer(ctx, async (tx) => {
    const total = await countBuyerDocuments(tx);
    const pages = pageCount(total, DOCUMENTS_PER_PAGE);
    const page = Math.min(askedPage, pages);
    const rows = await listBuyerDocuments(tx, pageWindow(page, DOCUMENTS_PER_PAGE));
    const settled = await buyerDocumentSettlements(tx, rows);
    const documents = rows.map((r) => {
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
    return { documents, total, page, pages };
  });
}
