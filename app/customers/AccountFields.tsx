import type { FieldError } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { TextInput } from '../components/TextInput';
import { fieldError } from '../forms/parse-form';
import { customerClassNames } from '../tenancy/customer-class';
import { SETTLEMENT_METHOD_NAMES } from '../vocabulary';

export const yearKindNames = {
  academic: 'Academic year (September to August)',
  financial: 'Financial year (April to March)',
} as const;

/** The fields of a customer account, for opening one and for changing one. */
export function AccountFields(props: {
  values: Record<string, string>;
  errors: FieldError[];
  inTrust: boolean;
  trustName: string | null;
}) {
  const { values: v, errors } = props;
  const e = (field: string) => fieldError(errors, field);
  return (
    <>
      <h2 className="govuk-heading-m">Billing</h2>
      <Radios
        name="customerClass"
        legend="Customer class"
        hint="Decides the prices and VAT that apply"
        items={Object.entries(customerClassNames).map(([value, label]) => ({ value, label }))}
        defaultValue={v.customerClass}
        error={e('customerClass')}
      />
      <Radios
        name="settlementMethod"
        legend="How the customer settles"
        items={[
          { value: 'recharge', label: SETTLEMENT_METHOD_NAMES.recharge, hint: 'A journal within the council' },
          { value: 'invoice', label: SETTLEMENT_METHOD_NAMES.invoice },
        ]}
        defaultValue={v.settlementMethod}
        error={e('settlementMethod')}
      />
      <Radios
        name="yearKind"
        legend="Contract year the customer budgets by"
        items={Object.entries(yearKindNames).map(([value, label]) => ({ value, label }))}
        defaultValue={v.yearKind}
        error={e('yearKind')}
      />
      <TextInput
        name="accountCode"
        label="Customer account code (optional)"
        hint="The customer's code in your ledger, like SCH-2407"
        width="10"
        spellCheck={false}
        defaultValue={v.accountCode}
        error={e('accountCode')}
      />
      <Radios
        name="poRequired"
        legend="Does every order need a purchase order number?"
        inline
        items={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ]}
        defaultValue={v.poRequired}
        error={e('poRequired')}
      />
      {props.inTrust ? (
        <Radios
          name="invoiceTrust"
          legend={`Invoice the trust${props.trustName ? ` (${props.trustName})` : ''} instead of the school?`}
          inline
          items={[
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]}
          defaultValue={v.invoiceTrust}
          error={e('invoiceTrust')}
        />
      ) : null}
      <h2 className="govuk-heading-m">Billing contact</h2>
      <TextInput
        name="billingContactName"
        label="Full name (optional)"
        autoComplete="off"
        defaultValue={v.billingContactName}
        error={e('billingContactName')}
      />
      <TextInput
        name="billingContactEmail"
        label="Email address (optional)"
        type="email"
        spellCheck={false}
        autoComplete="off"
        defaultValue={v.billingContactEmail}
        error={e('billingContactEmail')}
      />
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 className="govuk-fieldset__heading">Billing address</h2>
        </legend>
        <TextInput
          name="billingAddressLine1"
          label="Address line 1"
          autoComplete="off"
          defaultValue={v.billingAddressLine1}
          error={e('billingAddressLine1')}
        />
        <TextInput
          name="billingAddressLine2"
          label="Address line 2 (optional)"
          autoComplete="off"
          defaultValue={v.billingAddressLine2}
          error={e('billingAddressLine2')}
        />
        <TextInput
          name="billingTown"
          label="Town or city"
          width="two-thirds"
          autoComplete="off"
          defaultValue={v.billingTown}
          error={e('billingTown')}
        />
        <TextInput
          name="billingPostcode"
          label="Postcode"
          width="10"
          autoComplete="off"
          spellCheck={false}
          defaultValue={v.billingPostcode}
          error={e('billingPostcode')}
        />
      </fieldset>
    </>
  );
}
