import type { LoaderFunctionArgs, SerializeFrom } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { tenantReadsTogether } from '../../db/scope.server';
import { requireTenantMember } from '../auth/guards.server';
import { listProviderOrders } from '../commissioning/list-provider-orders.server';
import { OrderStatusTag } from '../commissioning/OrderLines';
import type { TitleHandle } from '../components/document-title';
import { Table } from '../components/Table';
import { formatPence } from '../money';
import { formatDay } from '../calendar/format-instant';

export const handle: TitleHandle = { title: 'Orders' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.view');
  return tenantReadsTogether(ctx, async () => {
    // Both lists read at once (one write, one wait on PostgreSQL).
    const [waiting, all] = await Promise.all([listProviderOrders(ctx, ['awaiting_provider']), listProviderOrders(ctx)]);
    return { slug: ctx.tenant.slug, waiting, all };
  });
}

type OrderRow = SerializeFrom<typeof loader>['all'][number];

export default function Orders() {
  const { slug, waiting, all } = useLoaderData<typeof loader>();
  const rows = (orders: OrderRow[]) =>
    orders.map((o) => [
      <a key="a" className="govuk-link" href={`/t/${slug}/orders/${o.id}`}>
        {o.reference}
      </a>,
      o.buyerName,
      formatPence(o.totalPence),
      <OrderStatusTag key="t" status={o.status} />,
      formatDay(o.submittedAt),
    ]);
  const head = ['Reference', 'Customer', 'Comes to', 'Status', 'Submitted'];
  return (
    <>
      <h1 className="govuk-heading-l">Orders</h1>
      <p className="govuk-body">
        <a className="govuk-link" href={`/t/${slug}/exports`}>
          Download orders, order lines and delivery records (CSV)
        </a>
      </p>
      {waiting.length ? (
        <Table
          caption="Waiting for you"
          captionClassName="govuk-table__caption--m"
          head={head}
          firstCellIsHeader
          rows={rows(waiting)}
        />
      ) : (
        <>
          <h2 className="govuk-heading-m">Waiting for you</h2>
          <p className="govuk-body">No orders are waiting for you to accept or decline them.</p>
        </>
      )}
      {all.length ? (
        <Table
          caption="All orders"
          captionClassName="govuk-table__caption--m"
          head={head}
          firstCellIsHeader
          rows={rows(all)}
        />
      ) : (
        <>
          <h2 className="govuk-heading-m">All orders</h2>
          <p className="govuk-body">No orders yet. Orders appear here when schools submit them.</p>
        </>
      )}
    </>
  );
}
