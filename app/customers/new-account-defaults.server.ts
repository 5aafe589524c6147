import { findYearKindDefault } from '../../db/queries/calendar';
import {
  findAccountForOrganisation,
  findDefaultBillingAddress,
  findOrganisationDetails,
  type AccountFields,
} from '../../db/queries/customers';
import type { CustomerClass, SettlementMethod } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { classifySchool } from '../tenancy/customer-class';

/**
 * What a new account for an organisation starts as: classified and addressed from GIAS for a
 * school, with the tenant's contract year type for that class. Every field can be changed.
 */
export async function newAccountDefaults(ctx: TenantContext, organisationId: string) {
  return withTenant(ctx, async (tx) => {
    const organisation = await findOrganisationDetails(tx, organisationId);
    if (!organisation) throw notFound();
    const existing = await findAccountForOrganisation(tx, ctx.tenantId, organisationId);
    let classified: { customerClass: CustomerClass; settlementMethod: SettlementMethod };
    if (organisation.kind === 'school' && organisation.laCode && organisation.typeGroup)
      classified = classifySchool(
        {
          laCode: organisation.laCode,
          typeGroup: organisation.typeGroup,
          typeOfEstablishment: organisation.typeOfEstablishment,
        },
        ctx.tenant.la_code,
      );
    else if (organisation.kind === 'council')
      classified = { customerClass: 'partner_council', settlementMethod: 'invoice' };
    else classified = { customerClass: 'academy', settlementMethod: 'invoice' };
    const address = await findDefaultBillingAddress(tx, organisationId);
    const fields: AccountFields = {
      ...classified,
      billingContactName: null,
      billingContactEmail: null,
      billingAddressLine1: address.line1 ?? '',
      billingAddressLine2: address.line2,
      billingTown: address.town ?? '',
      billingPostcode: address.postcode ?? '',
      accountCode: null,
      poRequired: false,
      invoiceTrust: false,
      yearKind: await findYearKindDefault(tx, ctx.tenantId, classified.customerClass),
    };
    return {
      organisation: {
        id: organisation.id,
        name: organisation.name,
        kind: organisation.kind,
        urn: organisation.urn,
        trustName: organisation.trustName,
        inTrust: organisation.kind === 'school' && organisation.trustId !== null,
      },
      existingAccountId: existing?.id ?? null,
      fields,
    };
  });
}
