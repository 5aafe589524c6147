import { listAgedDebt, type AgedDebtRow } from '../../db/queries/aged-debt';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { providerStatement } from '../payments/statement.server';
import { noAmounts } from './age-buckets';

export type StatementDownload = Awaited<ReturnType<typeof statementDownload>>;

/** A customer's statement of account as the page shows it, with what it owes by age today. */
export async function statementDownload(ctx: TenantContext, accountId: string) {
  const { account, today, statement } = await providerStatement(ctx, accountId);
  const organisationId = statement?.organisationId ?? null;
  const [aged] = organisationId
    ? await withTenant(ctx, (tx) => listAgedDebt(tx, ctx.tenantId, today, organisationId))
    : [];
  const ages: Pick<AgedDebtRow, keyof ReturnType<typeof noAmounts> | 'totalPence'> = aged ?? {
    ...noAmounts(),
    totalPence: 0,
  };
  return {
    provider: {
      name: ctx.tenant.name,
      address: [ctx.tenant.address, ctx.tenant.postcode].filter(Boolean),
      bank: ctx.tenant.bank_name
        ? {
            name: ctx.tenant.bank_name,
            sortCode: ctx.tenant.bank_sort_code ?? '',
            accountNumber: ctx.tenant.bank_account_number ?? '',
          }
        : null,
    },
    account,
    today,
    lines: statement?.lines ?? [],
    money: statement?.money ?? { owedPence: 0, overduePence: 0, creditHeldPence: 0, netPence: 0 },
    ages,
  };
}

/** "St Mary's C of E Primary" → "st-mary-s-c-of-e-primary-statement-2026-03-02". */
export function statementFileStem(customerName: string, today: string): string {
  const slug = customerName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${slug || 'customer'}-statement-${today}`;
}
