import { insertAuditEvent } from '../../db/queries/audit';
import {
  findAccountForOrganisation,
  findOrganisationDetails,
  insertCustomerAccount,
  type AccountFields,
} from '../../db/queries/customers';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { asTakenAccountCode, refuseTakenAccountCode } from './account-code.server';
import { refuseRechargeOutsideCouncil, refuseTrustInvoicingOutsideTrust } from './account-rules';

/** A finance officer or tenant admin opens an account for an organisation; audited with what it holds. */
export async function createCustomerAccount(
  ctx: TenantContext,
  organisationId: string,
  fields: AccountFields,
): Promise<string> {
  try {
    return await withTenant(ctx, async (tx) => {
      const organisation = await findOrganisationDetails(tx, organisationId);
      if (!organisation)
        throw new DomainError('customer.organisation', 'Find the organisation again: it was not found', 'search', 404);
      if (await findAccountForOrganisation(tx, ctx.tenantId, organisationId))
        throw new DomainError(
          'customer.exists',
          `${organisation.name} already has an account: find it in the customer accounts`,
          undefined,
          409,
        );
      refuseTrustInvoicingOutsideTrust(organisation, fields.invoiceTrust);
      refuseRechargeOutsideCouncil(ctx.tenant.kind, fields.settlementMethod);
      await refuseTakenAccountCode(tx, ctx.tenantId, fields.accountCode);
      const { id } = await insertCustomerAccount(tx, ctx.tenantId, organisationId, fields, ctx.userId);
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'customer_account.created',
        subjectType: 'customer_account',
        subjectId: id,
        detail: { organisation: organisation.name, before: null, after: fields },
      });
      return id;
    });
  } catch (error) {
    throw await asTakenAccountCode(ctx, error, fields.accountCode);
  }
}
