import type { FieldError } from '../components/ErrorSummary';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { Select } from '../components/Select';
import { TextInput } from '../components/TextInput';
import { fieldError } from '../forms/parse-form';

/** The form to commission (or propose) a line under an agreement, at the agreed charges. */
export function LineProposalForm(props: {
  csrf: string;
  idempotencyKey: string;
  prices: Array<{ serviceId: string; name: string; description: string }>;
  years: Array<{ start: string; label: string }>;
  values: Record<string, string>;
  errors: FieldError[];
  submitLabel: string;
  /** The commissioner's account needs a purchase order number on every order. */
  poRequired: boolean;
}) {
  const e = (f: string) => fieldError(props.errors, f);
  return (
    <form method="post" noValidate>
      <CsrfInput token={props.csrf} />
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      <Select
        name="serviceId"
        label="Service"
        items={props.prices.map((p) => ({ value: p.serviceId, label: `${p.name}: ${p.description}` }))}
        defaultValue={props.values.serviceId}
        error={e('serviceId')}
      />
      <TextInput
        name="quantity"
        label="Quantity"
        hint="In the service's units, for example 40 days"
        width="5"
        inputMode="numeric"
        defaultValue={props.values.quantity}
        error={e('quantity')}
      />
      <Select
        name="yearStart"
        label="Contract year"
        items={props.years.map((y) => ({ value: y.start, label: y.label }))}
        defaultValue={props.values.yearStart}
        error={e('yearStart')}
      />
      <TextInput
        name="period"
        label="Period or term (optional)"
        hint="For example, spring term 2027, or 2 days a week"
        defaultValue={props.values.period}
        error={e('period')}
      />
      <TextInput
        name="poNumber"
        label={props.poRequired ? 'Purchase order number' : 'Purchase order number (optional)'}
        hint={props.poRequired ? "The council's account needs one on every order" : undefined}
        width="20"
        spellCheck={false}
        defaultValue={props.values.poNumber}
        error={e('poNumber')}
      />
      <Button>{props.submitLabel}</Button>
    </form>
  );
}
