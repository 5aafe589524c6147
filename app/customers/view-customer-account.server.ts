import { findCustomerAccount } from '../../db/queries/customers';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';

/** One account of the provider in scope; another tenant's is simply not found. */
export async function viewCustomerAccount(ctx: TenantContext, accountId: string) {
  const a = await withTenant(ctx, (tx) => findCustomerAccount(tx, ctx.tenantId, accountId));
  if (!a) throw notFound();
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    urn: a.urn,
    trustName: a.trustName,
    inTrust: a.kind === 'school' && a.trustId !== null,
    updatedAt: a.updated_at.toISOString(),
    fields: {
      customerClass: a.customer_class,
      settlementMethod: a.settlement_method,
      billingContactName: a.billing_contact_name,
      billingContactEmail: a.billing_contact_email,
      billingAddressLine1: a.billing_address_line1 ?? '',
      billingAddressLine2: a.billing_address_line2,
      billingTown: a.billing_town ?? '',
      billingPostcode: a.billing_postcode ?? '',
      accountCode: a.account_code,
      poRequired: a.po_required,
      invoiceTrust: a.invoice_trust,
      yearKind: a.year_kind,
    },
  };
}
