import type { FieldError } from '../components/ErrorSummary';
import { Checkboxes } from '../components/Checkboxes';
import { Radios } from '../components/Radios';
import { Select } from '../components/Select';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { fieldError } from '../forms/parse-form';
import { CATEGORIES, UNIT_KINDS, VAT_CODES } from './service-input';
import { BILLING_PLANS } from '../vocabulary';
import type { BillingPlan } from '../../db/schema';

const vatItems = Object.entries(VAT_CODES).map(([value, label]) => ({ value, label }));

/** The fields of the service form, for creating and editing. */
export function ServiceFields({ values, errors }: { values: Record<string, string>; errors: FieldError[] }) {
  const e = (name: string) => fieldError(errors, name);
  return (
    <>
      <TextInput
        name="code"
        label="Service code"
        hint="Letters, numbers and hyphens, like EP-DAY. Used on invoices and in the ledger."
        width="10"
        defaultValue={values.code}
        error={e('code')}
        spellCheck={false}
      />
      <TextInput name="name" label="Name" defaultValue={values.name} error={e('name')} />
      <Select
        name="category"
        label="Category"
        items={Object.entries(CATEGORIES).map(([value, label]) => ({ value, label }))}
        defaultValue={values.category}
        error={e('category')}
      />
      <Textarea
        name="description"
        label="Description"
        hint="What the service is, for the schools who buy it"
        defaultValue={values.description}
        error={e('description')}
      />
      <Textarea name="included" label="What is included" defaultValue={values.included} error={e('included')} />
      <TextInput
        name="deliveredBy"
        label="Who delivers it"
        hint="For example, educational psychologists (HCPC registered)"
        defaultValue={values.deliveredBy}
        error={e('deliveredBy')}
      />
      <Radios
        name="statutory"
        legend="Statutory or traded"
        inline
        items={[
          { value: 'traded', label: 'Traded' },
          { value: 'statutory', label: 'Statutory' },
        ]}
        defaultValue={values.statutory ?? 'traded'}
        error={e('statutory')}
      />
      <Radios
        name="unitKind"
        legend="Unit of delivery"
        items={Object.entries(UNIT_KINDS).map(([value, u]) => ({ value, label: u.label }))}
        defaultValue={values.unitKind}
        error={e('unitKind')}
      />
      <TextInput
        name="unitHours"
        label="Hours in a session or day"
        hint="Only for sessions and days, like 3 or 6"
        width="4"
        inputMode="decimal"
        defaultValue={values.unitHours}
        error={e('unitHours')}
      />
      <Checkboxes
        id="soldOwnArea"
        legend="Who may buy it"
        error={e('soldOwnArea')}
        items={[
          { name: 'soldOwnArea', label: "Our own area's schools", checked: values.soldOwnArea === 'yes' },
          { name: 'soldPartnerCouncils', label: 'Partner councils', checked: values.soldPartnerCouncils === 'yes' },
          { name: 'soldAnySchool', label: 'Any school in England', checked: values.soldAnySchool === 'yes' },
        ]}
      />
      <TextInput
        name="soldAuthorities"
        label="Schools of other authorities"
        hint="Local authority codes separated by commas, like 921 for the Isle of Wight"
        defaultValue={values.soldAuthorities}
        error={e('soldAuthorities')}
        width="20"
      />
      <h2 className="govuk-heading-m">VAT</h2>
      <p className="govuk-body">
        Charges to your own maintained schools are internal recharges, outside the scope of VAT.
      </p>
      <Select
        name="vatAcademy"
        label="Academies and trusts"
        items={vatItems}
        defaultValue={values.vatAcademy ?? 'E'}
        error={e('vatAcademy')}
      />
      <Select
        name="vatOtherLaSchool"
        label="Other authorities' schools"
        items={vatItems}
        defaultValue={values.vatOtherLaSchool ?? 'E'}
        error={e('vatOtherLaSchool')}
      />
      <Select
        name="vatPartnerCouncil"
        label="Partner councils"
        items={vatItems}
        defaultValue={values.vatPartnerCouncil ?? 'O'}
        error={e('vatPartnerCouncil')}
      />
      <Select
        name="vatIndependentOther"
        label="Independent and other"
        items={vatItems}
        defaultValue={values.vatIndependentOther ?? 'S'}
        error={e('vatIndependentOther')}
      />
      <h2 className="govuk-heading-m">Ledger and terms</h2>
      <TextInput
        name="costCentre"
        label="Income cost centre"
        width="10"
        defaultValue={values.costCentre}
        error={e('costCentre')}
      />
      <TextInput
        name="subjectiveCode"
        label="Subjective code"
        width="10"
        defaultValue={values.subjectiveCode}
        error={e('subjectiveCode')}
      />
      <Textarea
        name="cancellationTerms"
        label="Cancellation terms"
        defaultValue={values.cancellationTerms}
        error={e('cancellationTerms')}
        rows={3}
      />
      <TextInput
        name="cancellationNoticeDays"
        label="Notice needed to cancel without charge, in days (optional)"
        hint="Counted back from the start date the school gives. Leave blank if cancelling before delivery is always free."
        width="4"
        inputMode="numeric"
        defaultValue={values.cancellationNoticeDays}
        error={e('cancellationNoticeDays')}
      />
      <TextInput
        name="lateCancellationPercent"
        label="Charge for a later cancellation, as a percentage of the price"
        width="4"
        inputMode="numeric"
        defaultValue={values.lateCancellationPercent ?? '100'}
        error={e('lateCancellationPercent')}
      />
      <Radios
        name="overagePolicy"
        legend="Use beyond what was bought"
        items={[
          { value: 'charge', label: 'Charge at the overage rate' },
          { value: 'refuse', label: 'Refuse' },
        ]}
        defaultValue={values.overagePolicy ?? 'charge'}
        error={e('overagePolicy')}
      />
      <Radios
        name="billingPlan"
        legend="How orders are billed"
        hint="Each order line starts with this plan; it can be changed on the line until something on it is billed."
        items={(Object.keys(BILLING_PLANS) as BillingPlan[]).map((plan) => ({
          value: plan,
          label: BILLING_PLANS[plan].label,
          hint: BILLING_PLANS[plan].hint,
        }))}
        defaultValue={values.billingPlan ?? 'annual'}
        error={e('billingPlan')}
      />
      <h2 className="govuk-heading-m">Full cost recovery (optional)</h2>
      <TextInput
        name="costSalary"
        label="Annual salary with on-costs, in pounds"
        width="10"
        inputMode="decimal"
        defaultValue={values.costSalary}
        error={e('costSalary')}
      />
      <TextInput
        name="costProductiveDays"
        label="Productive days a year"
        width="4"
        inputMode="numeric"
        defaultValue={values.costProductiveDays}
        error={e('costProductiveDays')}
      />
      <TextInput
        name="costOverheadPercent"
        label="Overhead, as a percentage"
        width="4"
        inputMode="decimal"
        defaultValue={values.costOverheadPercent}
        error={e('costOverheadPercent')}
      />
    </>
  );
}
