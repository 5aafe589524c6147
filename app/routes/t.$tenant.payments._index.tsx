import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import type { TitleHandle } from '../components/document-title';
import { NotificationBanner } from '../components/NotificationBanner';
import { Table } from '../components/Table';
import { formatPence } from '../money';
import { listCustomerBalances } from '../payments/customer-balance.server';
import { listRecentPayments } from '../payments/record-payment.server';
import { PAYMENT_METHODS } from '../vocabulary';

export const handle: TitleHandle = { title: 'Payments' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const balances = await listCustomerBalances(ctx);
  return {
    slug: ctx.tenant.slug,
    payments: await listRecentPayments(ctx),
    customers: balances.filter((b) => b.owedPence > 0 || b.creditHeldPence > 0),
  };
}

export default function Payments() {
  const { slug, payments, customers } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const withCredit = customers.filter((c) => c.creditHeldPence > 0);
  return (
    <>
      {params.get('recorded') ? <NotificationBanner type="success" heading="Payment recorded" /> : null}
      <h1 className="govuk-heading-l">Payments</h1>
      <a
        href={`/t/${slug}/payments/new`}
        role="button"
        draggable="false"
        className="govuk-button"
        data-module="govuk-button"
      >
        Record a payment
      </a>
      <p className="govuk-body">
        <a className="govuk-link" href={`/t/${slug}/payment-settings`}>
          Take card and Direct Debit payments through Stripe
        </a>
      </p>
      <h2 className="govuk-heading-m">Credit held for customers</h2>
      {withCredit.length === 0 ? (
        <p className="govuk-body">No customer has credit on their account.</p>
      ) : (
        <Table
          caption="Credit held for customers"
          captionClassName="govuk-visually-hidden"
          firstCellIsHeader
          head={['Customer', 'Credit held', 'Of which from payments not yet allocated', 'Still owed']}
          rows={withCredit.map((c) => [
            c.accountId ? (
              <a className="govuk-link" href={`/t/${slug}/customers/${c.accountId}/statement`}>
                {c.customerName}
              </a>
            ) : (
              c.customerName
            ),
            formatPence(c.creditHeldPence),
            formatPence(c.allocatablePence),
            formatPence(c.owedPence),
          ])}
        />
      )}
      <h2 className="govuk-heading-m">Owed by customers</h2>
      {customers.filter((c) => c.owedPence > 0).length === 0 ? (
        <p className="govuk-body">Nothing is owed on a final invoice or recharge.</p>
      ) : (
        <Table
          caption="Owed by customers"
          captionClassName="govuk-visually-hidden"
          firstCellIsHeader
          head={['Customer', 'Owed', 'Overdue', 'Credit held']}
          rows={customers
            .filter((c) => c.owedPence > 0)
            .map((c) => [
              c.accountId ? (
                <a className="govuk-link" href={`/t/${slug}/customers/${c.accountId}/statement`}>
                  {c.customerName}
                </a>
              ) : (
                c.customerName
              ),
              formatPence(c.owedPence),
              formatPence(c.overduePence),
              formatPence(c.creditHeldPence),
            ])}
        />
      )}
      <h2 className="govuk-heading-m">Latest payments</h2>
      {payments.length === 0 ? (
        <p className="govuk-body">No payments recorded yet.</p>
      ) : (
        <Table
          caption="Latest payments"
          captionClassName="govuk-visually-hidden"
          head={['Received', 'Customer', 'Method', 'Reference', 'Amount', 'Not yet allocated']}
          rows={payments.map((p) => [
            <a className="govuk-link" href={`/t/${slug}/payments/${p.id}`} key="on">
              {formatDate(p.receivedOn)}
            </a>,
            p.customerName,
            PAYMENT_METHODS[p.method],
            p.reference || 'None',
            formatPence(p.amountPence),
            formatPence(p.unallocatedPence),
          ])}
        />
      )}
    </>
  );
}
