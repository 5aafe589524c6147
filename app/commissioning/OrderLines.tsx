import { StateTag } from '../components/StateTag';
import { SummaryList } from '../components/SummaryList';
import { formatPence } from '../money';
import { LINE_STATES, ORDER_STATES } from '../vocabulary';
import type { LineStatus } from '../../db/schema';
import type { LinePosition } from './line-position';
import { linePositionRows } from './LinePositionRows';
import type { OrderStatus } from './order-state';

export function orderStatusName(status: OrderStatus): string {
  return ORDER_STATES[status].label;
}

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  return <StateTag state={ORDER_STATES[status]} />;
}

export interface OrderLineSummary {
  yearLabel: string;
  quantity: number;
  unit: { singular: string; plural: string };
  packageCode: string | null;
  preferredDates: string;
  working: string[];
  status: LineStatus;
  position: LinePosition;
}

/**
 * What a line was agreed at (the snapshot taken when ordered) and where it stands now: the same
 * on the buyer's and the provider's order pages.
 */
export function OrderLineSummaryList({ line }: { line: OrderLineSummary }) {
  const original = line.position.agreed.original;
  return (
    <SummaryList
      rows={[
        { key: 'Contract year', value: line.yearLabel },
        {
          key: 'Ordered',
          value: `${line.quantity} ${line.quantity === 1 ? line.unit.singular : line.unit.plural}${line.packageCode ? ` (package ${line.packageCode})` : ''}`,
        },
        ...(line.preferredDates ? [{ key: 'Preferred dates', value: line.preferredDates }] : []),
        {
          key: 'Agreed price',
          value: (
            <>
              <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
                {formatPence(original.totalPence)} before VAT
              </p>
              <p className="govuk-hint govuk-!-margin-bottom-2">Agreed price — later price changes do not alter it.</p>
              {line.working.length ? (
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  {line.working.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ),
        },
        ...linePositionRows(line.position, line.unit),
        { key: 'Line status', value: <StateTag state={LINE_STATES[line.status]} /> },
      ]}
    />
  );
}
