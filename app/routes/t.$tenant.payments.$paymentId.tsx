import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { Checkboxes } from '../components/Checkboxes';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { formatPence } from '../money';
import { AllocationTable } from '../payments/AllocationTable';
import { allocatePayment, viewPayment } from '../payments/allocate-payment.server';
import { KEEP_CREDIT_WORDS } from '../payments/payment-form';
import { allocateForm, readAllocationAmounts } from '../payments/payment-form';
import { useCsrfToken } from '../root';
import { DOCUMENT_KINDS, PAYMENT_METHODS } from '../vocabulary';

export const handle: TitleHandle<typeof loader> = {
  title: (d) => (d ? `Payment from ${d.payment.customerName}` : 'Payment'),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.paymentId)) throw notFound();
  return { slug: ctx.tenant.slug, ...(await viewPayment(ctx, params.paymentId)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.paymentId)) throw notFound();
  const parsed = parseForm(allocateForm, await readForm(request));
  const amounts = readAllocationAmounts(parsed.values);
  const errors: FieldError[] = [...(parsed.ok ? [] : parsed.errors), ...(amounts.ok ? [] : amounts.errors)];
  if (!parsed.ok || !amounts.ok) return data({ errors, values: parsed.values }, { status: 400 });
  try {
    await allocatePayment(ctx, params.paymentId, { amounts: amounts.amounts, keepCredit: parsed.data.keepCredit });
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
  return redirect(`/t/${ctx.tenant.slug}/payments/${params.paymentId}?allocated=1`);
}

export default function PaymentPage() {
  const { slug, payment, allocations, availablePence, open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const unallocated = payment.amountPence - payment.allocatedPence;
  return (
    <>
      <BackLink href={`/t/${slug}/payments`}>Back to payments</BackLink>
      <ErrorSummary errors={errors} />
      {params.get('recorded') && !result ? <NotificationBanner type="success" heading="Payment recorded" /> : null}
      {params.get('allocated') && !result ? <NotificationBanner type="success" heading="Payment allocated" /> : null}
      <span className="govuk-caption-l">Payment</span>
      <h1 className="govuk-heading-l">
        {formatPence(payment.amountPence)} from {payment.customerName}
      </h1>
      <SummaryList
        rows={[
          {
            key: 'Customer',
            value: (
              <a className="govuk-link" href={`/t/${slug}/customers/${payment.accountId}/statement`}>
                {payment.customerName}
              </a>
            ),
          },
          { key: 'Received on', value: formatDate(payment.receivedOn) },
          { key: 'Method', value: PAYMENT_METHODS[payment.method] },
          { key: 'Reference', value: payment.reference || 'None' },
          { key: 'Recorded by', value: payment.recordedByName ?? 'Unknown' },
          { key: 'Allocated', value: formatPence(payment.allocatedPence) },
          { key: 'Not yet allocated', value: formatPence(unallocated) },
        ]}
      />
      <h2 className="govuk-heading-m">Where it went</h2>
      {allocations.length === 0 ? (
        <p className="govuk-body">Nothing of this payment is allocated yet.</p>
      ) : (
        <Table
          caption="Allocations of this payment"
          captionClassName="govuk-visually-hidden"
          firstCellIsHeader
          head={['Document', 'Kind', 'Amount', 'Allocated by']}
          rows={allocations.map((a) => [
            a.number ?? 'Draft',
            DOCUMENT_KINDS[a.kind].singular,
            formatPence(a.amountPence),
            a.allocatedByName ?? 'Unknown',
          ])}
        />
      )}
      {unallocated > 0 && availablePence < unallocated ? (
        <p className="govuk-body">
          {formatPence(unallocated - availablePence)} of what is left was refunded to the customer as credit.
        </p>
      ) : null}
      {availablePence > 0 && open.length > 0 ? (
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          <h2 className="govuk-heading-m">Allocate the {formatPence(availablePence)} left</h2>
          <AllocationTable documents={open} values={values} errors={errors} />
          <Checkboxes
            id="keepCredit"
            legend="If you enter more than a document owes"
            items={[
              {
                name: 'keepCredit',
                label: KEEP_CREDIT_WORDS,
                hint: 'Only what the document owes is allocated to it',
                checked: values.keepCredit === 'yes',
              },
            ]}
            error={fieldError(errors, 'keepCredit')}
          />
          <Button>Allocate</Button>
        </form>
      ) : availablePence > 0 ? (
        <p className="govuk-body">
          {formatPence(availablePence)} is held as credit: {payment.customerName} owes nothing on a final document now.
        </p>
      ) : null}
    </>
  );
}
