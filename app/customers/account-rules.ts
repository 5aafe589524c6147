import type { AccountFields } from '../../db/queries/customers';
import type { CustomerClass, ProviderKind, SettlementMethod, YearKind } from '../../db/schema';
import { DomainError } from '../errors';

/** An account row as the form's fields: what the page shows and what a change is compared with. */
export function accountFieldsOf(a: {
  customer_class: CustomerClass;
  settlement_method: SettlementMethod;
  billing_contact_name: string | null;
  billing_contact_email: string | null;
  billing_address_line1: string | null;
  billing_address_line2: string | null;
  billing_town: string | null;
  billing_postcode: string | null;
  account_code: string | null;
  po_required: boolean;
  invoice_trust: boolean;
  year_kind: YearKind;
}): AccountFields {
  return {
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
  };
}

/** Only a school in a trust can have its invoices go to the trust. */
export function refuseTrustInvoicingOutsideTrust(
  organisation: { name: string; kind: string; trustId: string | null },
  invoiceTrust: boolean,
) {
  if (invoiceTrust && !(organisation.kind === 'school' && organisation.trustId))
    throw new DomainError(
      'customer.not_in_trust',
      `${organisation.name} is not in a trust: choose no for invoicing the trust`,
      'invoiceTrust',
    );
}

/** Only a council recharges (a journal in its own ledger); a teaching school or trust invoices. */
export function refuseRechargeOutsideCouncil(providerKind: ProviderKind, settlementMethod: SettlementMethod) {
  if (settlementMethod === 'recharge' && providerKind !== 'council')
    throw new DomainError(
      'customer.recharge_not_council',
      'Only a council settles by internal recharge: choose invoice',
      'settlementMethod',
    );
}
