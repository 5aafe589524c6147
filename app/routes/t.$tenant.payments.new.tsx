import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { formatDate, londonToday } from '../calendar/contract-year';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { Checkboxes } from '../components/Checkboxes';
import { CsrfInput } from '../components/CsrfInput';
import { DateInput, dateParts, partsFrom } from '../components/DateInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { Radios } from '../components/Radios';
import { Select } from '../components/Select';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { formatPence } from '../money';
import { AllocationTable } from '../payments/AllocationTable';
import {
  KEEP_CREDIT_WORDS,
  PAYMENT_DATES,
  paymentForm,
  readAllocationAmounts,
  RECORDED_METHODS,
} from '../payments/payment-form';
import { paymentFormFor, recordPayment } from '../payments/record-payment.server';
import { useCsrfToken } from '../root';
import { PAYMENT_METHODS } from '../vocabulary';

export const handle: TitleHandle = { title: 'Record a payment' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const chosen = new URL(request.url).searchParams.get('account');
  if (chosen !== null && !isUuid(chosen)) throw notFound();
  const form = await paymentFormFor(ctx, chosen);
  if (chosen !== null && !form.account) throw notFound();
  return { slug: ctx.tenant.slug, today: londonToday(), ...form };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const parsed = parseForm(paymentForm, await readForm(request), PAYMENT_DATES);
  const amounts = readAllocationAmounts(parsed.values);
  const errors: FieldError[] = [...(parsed.ok ? [] : parsed.errors), ...(amounts.ok ? [] : amounts.errors)];
  if (!parsed.ok || !amounts.ok) return data({ errors, values: parsed.values }, { status: 400 });
  try {
    const { amount, ...rest } = parsed.data;
    const { paymentId } = await recordPayment(ctx, { ...rest, amountPence: amount, amounts: amounts.amounts });
    return redirect(`/t/${ctx.tenant.slug}/payments/${paymentId}?recorded=1`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function RecordPayment() {
  const { slug, today, accounts, account, open, credits, money } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const base = `/t/${slug}/payments`;
  if (!account)
    return (
      <>
        <BackLink href={base}>Back to payments</BackLink>
        <form method="get" action={`${base}/new`} noValidate>
          <Select
            name="account"
            label="Which customer paid?"
            isPageHeading
            items={accounts.map((a) => ({ value: a.id, label: a.name }))}
          />
          <Button>Continue</Button>
        </form>
      </>
    );
  return (
    <>
      <BackLink href={`${base}/new`}>Choose a different customer</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">{account.name}</span>
      <h1 className="govuk-heading-l">Record a payment</h1>
      {money && money.allocatablePence > 0 ? (
        <InsetText>
          <p className="govuk-body">
            {account.name} has {formatPence(money.allocatablePence)} credit from earlier payments. Allocate it before
            recording new money:
          </p>
          <ul className="govuk-list">
            {credits.map((c) => (
              <li key={c.id}>
                <a className="govuk-link" href={`${base}/${c.id}`}>
                  {formatPence(c.unallocatedPence)} left of the payment received on {formatDate(c.receivedOn)}
                  {c.reference ? ` (${c.reference})` : ''}
                </a>
              </li>
            ))}
          </ul>
        </InsetText>
      ) : null}
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <input type="hidden" name="accountId" value={account.id} />
        <DateInput
          name="receivedOn"
          legend="Date received"
          hint="For example, 20 11 2026"
          defaultValue={values['receivedOn-day'] !== undefined ? partsFrom(values, 'receivedOn') : dateParts(today)}
          error={fieldError(errors, 'receivedOn')}
        />
        <TextInput
          name="amount"
          label="Amount received, in pounds"
          width="10"
          inputMode="decimal"
          defaultValue={values.amount}
          error={fieldError(errors, 'amount')}
        />
        <Radios
          name="method"
          legend="How the customer paid"
          items={RECORDED_METHODS.map((value) => ({ value, label: PAYMENT_METHODS[value] }))}
          defaultValue={values.method}
          error={fieldError(errors, 'method')}
        />
        <TextInput
          name="reference"
          label="Reference (optional)"
          hint="As it appears on the bank statement or remittance advice"
          defaultValue={values.reference}
          error={fieldError(errors, 'reference')}
        />
        <h2 className="govuk-heading-m">Allocate the payment</h2>
        {open.length === 0 ? (
          <p className="govuk-body">{account.name} owes nothing on a final invoice or recharge.</p>
        ) : (
          <AllocationTable documents={open} values={values} errors={errors} />
        )}
        <Checkboxes
          id="keepCredit"
          legend="If the payment is more than you allocate"
          items={[
            {
              name: 'keepCredit',
              label: KEEP_CREDIT_WORDS,
              hint: 'The rest can be allocated to a later invoice or refunded',
              checked: values.keepCredit === 'yes',
            },
          ]}
          error={fieldError(errors, 'keepCredit')}
        />
        <Button>Record payment</Button>
      </form>
    </>
  );
}
