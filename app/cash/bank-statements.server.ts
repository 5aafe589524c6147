import {
  countWaitingLines,
  findBankLine,
  findBankStatement,
  findColumnMapping,
  listBankStatements,
  listStatementLines,
  listWaitingLines,
} from '../../db/queries/cash';
import { listOpenDocuments, listPayerAccounts } from '../../db/queries/payments';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { pageCount, pageWindow } from '../forms/paging';
import { openDocumentOf } from '../payments/allocate-payment.server';

/** Lines shown on one page of a statement. */
export const STATEMENT_PAGE_SIZE = 200;
const QUEUE_SIZE = 100;

/** The imports so far, the queue of lines waiting for a person, and whether a mapping is set. */
export async function bankStatementsOverview(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => ({
    statements: await listBankStatements(tx, ctx.tenantId, 50),
    waiting: await listWaitingLines(tx, ctx.tenantId, QUEUE_SIZE),
    waitingCount: await countWaitingLines(tx, ctx.tenantId),
    hasMapping: (await findColumnMapping(tx, ctx.tenantId)) !== null,
  }));
}

export async function viewBankStatement(ctx: TenantContext, statementId: string, page: number) {
  return withTenant(ctx, async (tx) => {
    const statement = await findBankStatement(tx, ctx.tenantId, statementId);
    if (!statement) throw notFound();
    const pages = pageCount(statement.linesNew, STATEMENT_PAGE_SIZE);
    const current = Math.min(Math.max(1, page), pages);
    const { limit, offset } = pageWindow(current, STATEMENT_PAGE_SIZE);
    const lines = await listStatementLines(tx, ctx.tenantId, statementId, offset, limit);
    return { statement, lines, page: current, pages };
  });
}

/** One line; for a waiting one, the customers it could be from and the chosen one's open documents. */
export async function viewBankLine(ctx: TenantContext, lineId: string, accountId: string | null) {
  return withTenant(ctx, async (tx) => {
    const line = await findBankLine(tx, ctx.tenantId, lineId);
    if (!line) throw notFound();
    if (line.status !== 'unmatched') return { line, accounts: [], account: null, open: [] };
    const accounts = await listPayerAccounts(tx, ctx.tenantId);
    const account = accountId ? (accounts.find((a) => a.id === accountId) ?? null) : null;
    const open = account ? await listOpenDocuments(tx, ctx.tenantId, account.organisationId) : [];
    return {
      line,
      accounts,
      account,
      open: open.map((d) => ({ ...openDocumentOf(d), issuedOn: d.issuedOn, dueOn: d.dueOn, totalPence: d.totalPence })),
    };
  });
}
