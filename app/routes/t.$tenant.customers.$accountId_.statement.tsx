import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { DateInput, dateParts, partsFrom } from '../components/DateInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { formatPence } from '../money';
import { REFUND_DATES, refundForm } from '../payments/payment-form';
import { refundCredit } from '../payments/refund-credit.server';
import { providerStatement } from '../payments/statement.server';
import { StatementTable } from '../payments/StatementTable';
import { useCsrfToken } from '../root';

export const handle: TitleHandle<typeof loader> = {
  title: (d) => (d ? `Statement of account: ${d.account.name}` : 'Statement of account'),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.accountId)) throw notFound();
  return { slug: ctx.tenant.slug, ...(await providerStatement(ctx, params.accountId)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.accountId)) throw notFound();
  const parsed = parseForm(refundForm, await readForm(request), REFUND_DATES);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await refundCredit(ctx, params.accountId, parsed.data);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
  return redirect(`/t/${ctx.tenant.slug}/customers/${params.accountId}/statement?refunded=1`);
}

export default function Statement() {
  const { slug, account, today, statement } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const credit = statement?.money.creditHeldPence ?? 0;
  const money = statement?.money ?? { owedPence: 0, overduePence: 0, creditHeldPence: 0, netPence: 0 };
  return (
    <>
      <BackLink href={`/t/${slug}/customers/${account.id}`}>Back to the customer account</BackLink>
      <ErrorSummary errors={errors} />
      {params.get('refunded') && !result ? <NotificationBanner type="success" heading="Refund recorded" /> : null}
      <span className="govuk-caption-l">{account.name}</span>
      <h1 className="govuk-heading-l">Statement of account</h1>
      <p className="govuk-body">As at {formatDate(today)}.</p>
      <ul className="govuk-list govuk-!-display-none-print">
        <li>
          <a className="govuk-link" href={`/t/${slug}/customers/${account.id}/statement.pdf`}>
            Download statement as PDF
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`/t/${slug}/customers/${account.id}/statement.csv`} download>
            Download statement as CSV
          </a>
        </li>
      </ul>
      <StatementTable
        caption="Invoices, recharges, credit notes, payments and refunds"
        lines={statement?.lines ?? []}
        money={money}
        hrefFor={(line) =>
          line.kind === 'payment'
            ? `/t/${slug}/payments/${line.id}`
            : line.kind === 'refund'
              ? null
              : `/t/${slug}/documents/${line.id}`
        }
      />
      {credit > 0 ? (
        <form method="post" noValidate className="govuk-!-display-none-print">
          <CsrfInput token={csrf} />
          <h2 className="govuk-heading-m">Record a refund of credit</h2>
          <p className="govuk-body">
            {account.name} holds {formatPence(credit)} credit. Record here money paid back to them.
          </p>
          <TextInput
            name="amount"
            label="Amount refunded, in pounds"
            width="10"
            inputMode="decimal"
            defaultValue={values.amount}
            error={fieldError(errors, 'amount')}
          />
          <DateInput
            name="refundedOn"
            legend="Date refunded"
            hint="For example, 20 11 2026"
            defaultValue={values['refundedOn-day'] !== undefined ? partsFrom(values, 'refundedOn') : dateParts(today)}
            error={fieldError(errors, 'refundedOn')}
          />
          <TextInput
            name="reference"
            label="Reference (optional)"
            defaultValue={values.reference}
            error={fieldError(errors, 'reference')}
          />
          <Button>Record refund</Button>
        </form>
      ) : null}
    </>
  );
}
