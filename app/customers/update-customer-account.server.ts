import { insertAuditEvent } from '../../db/queries/audit';
import {
  findCustomerAccount,
  updateCustomerAccount as saveAccount,
  type AccountFields,
} from '../../db/queries/customers';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { asTakenAccountCode, refuseTakenAccountCode } from './account-code.server';
import { accountFieldsOf, refuseRechargeOutsideCouncil, refuseTrustInvoicingOutsideTrust } from './account-rules';

/**
 * Changes an account's details, audited with the before and after of each field that changed.
 * Orders already placed keep their own snapshot of class, settlement method and purchase order.
 */
export async function updateCustomerAccount(
  ctx: TenantContext,
  accountId: string,
  fields: AccountFields,
): Promise<{ changed: string[] }> {
  try {
    return await withTenant(ctx, async (tx) => {
      const account = await findCustomerAccount(tx, ctx.tenantId, accountId);
      if (!account) throw notFound();
      refuseTrustInvoicingOutsideTrust(account, fields.invoiceTrust);
      refuseRechargeOutsideCouncil(ctx.tenant.kind, fields.settlementMethod);
      const current = accountFieldsOf(account);
      const changed = (Object.keys(fields) as Array<keyof AccountFields>).filter((k) => fields[k] !== current[k]);
      if (changed.length === 0) return { changed };
      if (changed.includes('accountCode'))
        await refuseTakenAccountCode(tx, ctx.tenantId, fields.accountCode, accountId);
      if (!(await saveAccount(tx, ctx.tenantId, accountId, fields, ctx.userId))) throw notFound();
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'customer_account.changed',
        subjectType: 'customer_account',
        subjectId: accountId,
        detail: {
          organisation: account.name,
          before: Object.fromEntries(changed.map((k) => [k, current[k]])),
          after: Object.fromEntries(changed.map((k) => [k, fields[k]])),
        },
      });
      return { changed };
    });
  } catch (error) {
    throw await asTakenAccountCode(ctx, error, fields.accountCode);
  }
}
