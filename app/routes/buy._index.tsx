import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireBuyer } from '../auth/guards.server';
import { buyerRoleNames } from '../auth/permissions';
import { formatDate } from '../calendar/contract-year';
import { formatDay } from '../calendar/format-instant';
import type { TitleHandle } from '../components/document-title';
import { loadBuyerQueue } from '../work-queue/load-buyer-queue.server';
import { countOf, QueueSection } from '../work-queue/QueueSection';

export const handle: TitleHandle<typeof loader> = { title: (data) => data?.organisationName ?? 'Home' };

/** The buyer's home: what waits for them, and the way to the services they can buy. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request);
  return {
    organisationName: ctx.organisationName,
    role: ctx.role,
    queue: await loadBuyerQueue(ctx),
  };
}

const orderHref = (o: { slug: string; id: string }) => `/buy/orders/${o.slug}/${o.id}`;

/** An order waiting in the queue, as a table row: its reference (linked), provider, school and day. */
function orderRows(
  orders: Array<{
    slug: string;
    id: string;
    reference: string;
    providerName: string;
    buyerName: string;
    submittedAt: Date | string;
  }>,
) {
  return orders.map((o) => [
    <a key="o" className="govuk-link" href={orderHref(o)}>
      {o.reference}
    </a>,
    o.providerName,
    o.buyerName,
    formatDay(o.submittedAt),
  ]);
}

export default function BuyerHome() {
  const { organisationName, role, queue: q } = useLoaderData<typeof loader>();
  const nothing =
    !q.ordersToApprove?.count &&
    !q.agreementLinesToAnswer?.count &&
    !q.deliveriesToConfirm?.count &&
    !q.renewalsOpen?.length &&
    !q.ordersInProgress?.count;
  return (
    <>
      <span className="govuk-caption-l">You are signed in as {buyerRoleNames[role].toLowerCase()}</span>
      <h1 className="govuk-heading-l">{organisationName}</h1>
      {nothing ? <p className="govuk-body">Nothing waits for you.</p> : null}

      {q.ordersToApprove?.count ? (
        <QueueSection
          title="Orders to approve"
          summary={`${countOf(q.ordersToApprove.count, 'order waits', 'orders wait')} for your approval.`}
          head={['Order', 'Provider', 'For', 'Submitted']}
          rows={orderRows(q.ordersToApprove.first)}
          more={{ href: '/buy/orders', text: 'All your orders' }}
        />
      ) : null}

      {q.agreementLinesToAnswer?.count ? (
        <QueueSection
          title="Agreement lines to answer"
          summary={`${countOf(q.agreementLinesToAnswer.count, 'line a provider proposed waits', 'lines providers proposed wait')} for you to approve or reject.`}
          head={['Order', 'Provider', 'Proposed']}
          rows={q.agreementLinesToAnswer.first.map((o) => [
            <a key="o" className="govuk-link" href={orderHref(o)}>
              {o.reference}
            </a>,
            o.providerName,
            formatDay(o.submittedAt),
          ])}
          more={{ href: '/buy/agreements', text: 'Your agreements' }}
        />
      ) : null}

      {q.deliveriesToConfirm?.count ? (
        <QueueSection
          title="Deliveries to confirm"
          summary={`${countOf(q.deliveriesToConfirm.count, 'record of work waits', 'records of work wait')} for you to confirm or dispute.`}
          head={['Work', 'Provider', 'For', 'Answer by']}
          rows={q.deliveriesToConfirm.first.map((d) => [
            <a key="d" className="govuk-link" href={`/buy/orders/${d.slug}/${d.orderId}`}>
              {d.serviceName}, {formatDate(d.deliveredOn)}
              <span className="govuk-visually-hidden"> ({d.reference})</span>
            </a>,
            d.providerName,
            d.buyerName,
            formatDate(d.confirmBy),
          ])}
        />
      ) : null}

      {q.renewalsOpen?.length ? (
        <QueueSection
          title="Renewals open"
          summary="Last year's subscriptions to renew, change or drop before the deadline."
          head={['Provider', 'Contract year', 'Subscriptions to answer', 'Deadline']}
          rows={q.renewalsOpen.map((r) => [
            <a key="r" className="govuk-link" href="/buy/renewals">
              {r.providerName}
              <span className="govuk-visually-hidden">: renewals for the {r.label}</span>
            </a>,
            r.label,
            String(r.unanswered),
            formatDate(r.closesOn),
          ])}
        />
      ) : null}

      {q.ordersInProgress?.count ? (
        <QueueSection
          title="Orders in progress"
          summary={`${countOf(q.ordersInProgress.count, 'order is', 'orders are')} awaiting a decision or being delivered.`}
          head={['Order', 'Provider', 'For', 'Submitted']}
          rows={orderRows(q.ordersInProgress.first)}
          more={{ href: '/buy/orders', text: 'All your orders' }}
        />
      ) : null}

      <h2 className="govuk-heading-m">Buy services</h2>
      <p className="govuk-body">
        <a className="govuk-link" href="/buy/services">
          Find services to buy from your providers
        </a>
      </p>
    </>
  );
}
