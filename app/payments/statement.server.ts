import { findCustomerAccount } from '../../db/queries/customers';
import { listCustomerMoney, listStatementEntries, type StatementEntryRow } from '../../db/queries/payments';
import { withBuyer, withTenant } from '../../db/scope.server';
import { notFound, type BuyerContext, type TenantContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { customerMoneyOf, type CustomerMoney } from './customer-balance.server';

export interface StatementLine {
  kind: StatementEntryRow['kind'];
  id: string;
  on: string;
  reference: string;
  creditsNumber: string | null;
  dueOn: string | null;
  /** What it added to what the customer owes (documents, refunds of credit). */
  debitPence: number;
  /** What it took off (credit notes, payments). */
  creditPence: number;
  /** Owed less credit, after this line: below zero means the customer is in credit. */
  balancePence: number;
}

export interface Statement {
  tenantId: string;
  providerName: string;
  providerSlug: string;
  organisationId: string;
  customerName: string;
  lines: StatementLine[];
  money: CustomerMoney;
}

const ADDS = new Set<StatementEntryRow['kind']>(['invoice', 'recharge', 'refund']);

/** Groups entries (ordered by provider and customer, then date) into statements with running balances. */
function statementsOf(entries: readonly StatementEntryRow[], money: readonly CustomerMoney[]): Statement[] {
  const statements = new Map<string, Statement>();
  for (const m of money)
    statements.set(`${m.tenantId}/${m.organisationId}`, {
      tenantId: m.tenantId,
      providerName: m.providerName,
      providerSlug: m.providerSlug,
      organisationId: m.organisationId,
      customerName: m.customerName,
      lines: [],
      money: m,
    });
  for (const e of entries) {
    const statement = statements.get(`${e.tenantId}/${e.organisationId}`);
    if (!statement) continue;
    const previous = statement.lines.at(-1)?.balancePence ?? 0;
    const adds = ADDS.has(e.kind);
    statement.lines.push({
      kind: e.kind,
      id: e.id,
      on: e.on,
      reference: e.reference,
      creditsNumber: e.creditsNumber,
      dueOn: e.dueOn,
      debitPence: adds ? e.amountPence : 0,
      creditPence: adds ? 0 : e.amountPence,
      balancePence: previous + (adds ? e.amountPence : -e.amountPence),
    });
  }
  return [...statements.values()];
}

/** A provider's statement of account for one customer. */
export async function providerStatement(ctx: TenantContext, accountId: string) {
  return withTenant(ctx, async (tx) => {
    const account = await findCustomerAccount(tx, ctx.tenantId, accountId);
    if (!account) throw notFound();
    const filter = { tenantId: ctx.tenantId, organisationId: account.organisation_id };
    const entries = await listStatementEntries(tx, filter);
    const money = await listCustomerMoney(tx, filter, londonToday());
    const [statement] = statementsOf(entries, money.map(customerMoneyOf));
    return {
      account: { id: account.id, name: account.name },
      today: londonToday(),
      statement: statement ?? null,
    };
  });
}

/**
 * The buyer's statements with every provider, for the organisations it acts for (a trust: its
 * schools' too), grouped by provider. Row-level security decides what is theirs.
 */
export async function buyerStatements(buyer: BuyerContext) {
  const statements = await withBuyer(buyer, async (tx) => {
    const entries = await listStatementEntries(tx, {});
    const money = await listCustomerMoney(tx, {}, londonToday());
    return statementsOf(entries, money.map(customerMoneyOf));
  });
  const providers: Array<{ tenantId: string; providerName: string; providerSlug: string; statements: Statement[] }> =
    [];
  for (const s of statements) {
    const last = providers.at(-1);
    if (last?.tenantId === s.tenantId) last.statements.push(s);
    else
      providers.push({
        tenantId: s.tenantId,
        providerName: s.providerName,
        providerSlug: s.providerSlug,
        statements: [s],
      });
  }
  return { today: londonToday(), providers };
}
