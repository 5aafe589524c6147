import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { bankLineStatusCell, BankLineMatchCell } from '../cash/BankLineCells';
import { viewBankLine } from '../cash/bank-statements.server';
import { markBankLineNotOurs } from '../cash/mark-not-ours.server';
import { matchBankLine } from '../cash/match-bank-line.server';
import { matchLineForm, notOursForm } from '../cash/statement-forms';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { Checkboxes } from '../components/Checkboxes';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { Select } from '../components/Select';
import { SummaryList } from '../components/SummaryList';
import { Textarea } from '../components/Textarea';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { formatPence } from '../money';
import { AllocationTable } from '../payments/AllocationTable';
import { KEEP_CREDIT_WORDS, readAllocationAmounts } from '../payments/payment-form';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Match money paid in' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const lineId = params.lineId ?? '';
  if (!isUuid(lineId)) throw notFound();
  const chosen = new URL(request.url).searchParams.get('account');
  const view = await viewBankLine(ctx, lineId, chosen && isUuid(chosen) ? chosen : null);
  return { slug: ctx.tenant.slug, ...view };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const lineId = params.lineId ?? '';
  if (!isUuid(lineId)) throw notFound();
  const form = await readForm(request);
  const queue = `/t/${ctx.tenant.slug}/finance/bank-statements`;
  try {
    if (form.get('intent') === 'not_ours') {
      const parsed = parseForm(notOursForm, form);
      if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
      await markBankLineNotOurs(ctx, lineId, parsed.data.reason);
      return redirect(`${queue}?not-ours=1`);
    }
    const parsed = parseForm(matchLineForm, form);
    const amounts = readAllocationAmounts(parsed.values);
    const errors: FieldError[] = [...(parsed.ok ? [] : parsed.errors), ...(amounts.ok ? [] : amounts.errors)];
    if (!parsed.ok || !amounts.ok) return data({ errors, values: parsed.values }, { status: 400 });
    await matchBankLine(ctx, lineId, { ...parsed.data, amounts: amounts.amounts });
    return redirect(`${queue}?matched=1`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        {
          errors: [{ field: error.field, message: error.message }],
          values: Object.fromEntries(
            [...form.entries()].filter(([k, v]) => k !== 'csrf' && typeof v === 'string'),
          ) as Record<string, string>,
        },
        { status: error.status },
      );
    throw error;
  }
}

export default function BankLine() {
  const { slug, line, accounts, account, open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: FieldError[] = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const here = `/t/${slug}/finance/bank-lines/${line.id}`;
  return (
    <>
      <BackLink href={`/t/${slug}/finance/bank-statements`}>Back to bank statements</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">Line {line.lineNumber} of a bank statement</span>
      <h1 className="govuk-heading-l">
        {formatPence(line.amountPence)} {line.amountPence > 0 ? 'paid in' : 'paid out'} on {formatDate(line.bookedOn)}
      </h1>
      <SummaryList
        rows={[
          { key: 'Payer', value: line.payerName || 'Not given' },
          { key: 'Reference', value: line.reference || 'None' },
          { key: 'Details', value: line.description || 'None' },
          { key: 'Account', value: line.account || 'Not given' },
          { key: 'State', value: bankLineStatusCell(line) },
          ...(line.status === 'unmatched'
            ? [{ key: 'Why it is waiting', value: line.matchReason ?? '' }]
            : [{ key: 'Outcome', value: <BankLineMatchCell line={line} slug={slug} /> }]),
        ]}
      />
      {line.status === 'unmatched' ? (
        <>
          <h2 className="govuk-heading-m">Match it to a customer’s invoices</h2>
          <form method="get" action={here} noValidate>
            <Select
              name="account"
              label="Which customer paid?"
              items={accounts.map((a) => ({ value: a.id, label: a.name }))}
              defaultValue={account?.id}
            />
            <Button variant="secondary">Show their invoices</Button>
          </form>
          {account ? (
            <form method="post" action={`${here}?account=${account.id}`} noValidate>
              <CsrfInput token={csrf} />
              <input type="hidden" name="intent" value="match" />
              <input type="hidden" name="accountId" value={account.id} />
              <h3 className="govuk-heading-s">{account.name}</h3>
              {open.length === 0 ? (
                <p className="govuk-body">{account.name} owes nothing on a final invoice or recharge.</p>
              ) : (
                <AllocationTable documents={open} values={values} errors={errors} />
              )}
              <Checkboxes
                id="keepCredit"
                legend="If the money is more than you allocate"
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
              <Button>Match to {account.name}</Button>
            </form>
          ) : null}
          <h2 className="govuk-heading-m">Or mark it as not ours</h2>
          <form method="post" action={here} noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="not_ours" />
            <Textarea
              name="reason"
              label="Why is it not ours? (optional)"
              hint="For example, it is for another council department"
              defaultValue={values.reason}
              error={fieldError(errors, 'reason')}
            />
            <Button variant="warning">Mark as not ours</Button>
          </form>
        </>
      ) : null}
    </>
  );
}
