import type { SummaryListRow } from '../components/SummaryList';
import { formatPence } from '../money';
import { OrderStatusTag } from './OrderLines';
import type { OrderStatus } from './order-state';
import { formatMoment } from '../calendar/format-instant';

export interface OrderDocumentFacts {
  reference: string;
  poNumber: string | null;
  contactName: string;
  contactEmail: string;
  status: OrderStatus;
  closedReason: string | null;
  submittedByName: string;
  submittedAt: string;
}

const REASON_LABEL: Partial<Record<OrderStatus, string>> = {
  rejected: 'Reason for rejecting',
  declined: 'Reason the provider declined',
  cancelled: 'Reason for cancelling',
};

/**
 * The facts of an order both sides read the same way, as summary list rows: each page adds who
 * the other party is (and the provider its customer's class and settlement) after the reference.
 */
export function orderSummaryRows(
  order: OrderDocumentFacts,
  worth: { owedPence: number; cancellationChargePence: number },
  parties: SummaryListRow[],
  submittedBy = order.submittedByName,
): SummaryListRow[] {
  return [
    { key: 'Reference', value: order.reference },
    ...parties,
    { key: 'Purchase order number', value: order.poNumber ?? 'None' },
    {
      key: 'Contact',
      value: (
        <>
          {order.contactName}
          <br />
          {order.contactEmail}
        </>
      ),
    },
    { key: 'Status', value: <OrderStatusTag status={order.status} /> },
    ...(order.closedReason ? [{ key: REASON_LABEL[order.status] ?? 'Reason', value: order.closedReason }] : []),
    ...(worth.cancellationChargePence > 0
      ? [
          {
            key: 'Cancellation charge',
            value: `${formatPence(worth.cancellationChargePence)} under the agreed terms`,
          },
        ]
      : []),
    { key: 'Comes to', value: `${formatPence(worth.owedPence)} before VAT` },
    { key: 'Submitted by', value: submittedBy },
    { key: 'Submitted', value: formatMoment(order.submittedAt) },
  ];
}
