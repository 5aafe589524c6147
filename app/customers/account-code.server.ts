import { findAccountByCode } from '../../db/queries/customers';
import { withTenant, type Scoped } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';

function taken(name: string): DomainError {
  return new DomainError(
    'customer.account_code_taken',
    `That account code is already used by ${name}: enter a different one`,
    'accountCode',
    409,
  );
}

/** Refuses a ledger code another account of the tenant already has. */
export async function refuseTakenAccountCode(tx: Scoped, tenantId: string, code: string | null, accountId?: string) {
  if (!code) return;
  const other = await findAccountByCode(tx, tenantId, code);
  if (other && other.id !== accountId) throw taken(other.name);
}

/**
 * Two people saving the same code at once: the database's unique index refuses the second, and the
 * refusal names the account that got it first.
 */
export async function asTakenAccountCode(ctx: TenantContext, error: unknown, code: string | null): Promise<unknown> {
  const message = error instanceof Error ? error.message : '';
  if (!code || !message.includes('customer_accounts_account_code')) return error;
  const other = await withTenant(ctx, (tx) => findAccountByCode(tx, ctx.tenantId, code));
  return other ? taken(other.name) : error;
}
