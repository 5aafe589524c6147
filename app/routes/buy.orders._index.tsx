import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { requireBuyer } from '../auth/guards.server';
import { listBuyerOrders } from '../commissioning/list-orders.server';
import { OrderStatusTag } from '../commissioning/OrderLines';
import type { TitleHandle } from '../components/document-title';
import { NotificationBanner } from '../components/NotificationBanner';
import { Table } from '../components/Table';
import { formatPence } from '../money';
import { formatDay } from '../calendar/format-instant';

export const handle: TitleHandle = { title: 'Your orders' };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.view');
  const orders = await listBuyerOrders(ctx);
  return {
    orders: orders.map((o) => ({
      id: o.id,
      slug: o.slug,
      reference: o.reference,
      providerName: o.providerName,
      buyerName: o.buyerName,
      status: o.status,
      totalPence: o.totalPence,
      submittedAt: o.submitted_at.toISOString(),
    })),
  };
}

export default function Orders() {
  const { orders } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const placed = (params.get('placed') ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => /^[A-Z0-9-]{1,40}$/.test(r));
  return (
    <>
      {placed.length ? (
        <NotificationBanner
          type="success"
          heading={placed.length === 1 ? `Order ${placed[0]} submitted` : `Orders ${placed.join(', ')} submitted`}
        >
          <p className="govuk-body">We have emailed you a copy. Each order shows here with what happens next.</p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Your orders</h1>
      <p className="govuk-body">
        <a className="govuk-link" href="/buy/exports">
          Download orders, order lines and delivery records (CSV)
        </a>
      </p>
      {orders.length === 0 ? (
        <p className="govuk-body">
          You have not placed any orders yet.{' '}
          <a className="govuk-link" href="/buy/services">
            Find services to buy
          </a>
          .
        </p>
      ) : (
        <Table
          caption="Orders with every provider, newest first"
          captionClassName="govuk-table__caption--s"
          head={['Reference', 'Provider', 'For', 'Comes to', 'Status', 'Submitted']}
          firstCellIsHeader
          rows={orders.map((o) => [
            <a key="r" className="govuk-link" href={`/buy/orders/${o.slug}/${o.id}`}>
              {o.reference}
            </a>,
            o.providerName,
            o.buyerName,
            formatPence(o.totalPence),
            <OrderStatusTag key="s" status={o.status} />,
            formatDay(o.submittedAt),
          ])}
        />
      )}
    </>
  );
}
