import { SummaryList } from '../components/SummaryList';
import { Tag, type TagColour } from '../components/Tag';
import { formatUnits } from '../delivery/delivery-rules';
import { formatPence } from '../money';
import { STATUS_NAMES, type OrderStatus } from './order-state';

const STATUS_COLOURS: Record<OrderStatus, TagColour> = {
  awaiting_approval: 'yellow',
  awaiting_provider: 'orange',
  accepted: 'green',
  completed: 'teal',
  rejected: 'red',
  declined: 'red',
  cancelled: 'grey',
};

export function orderStatusName(status: OrderStatus): string {
  const name = STATUS_NAMES[status];
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  return <Tag colour={STATUS_COLOURS[status]}>{orderStatusName(status)}</Tag>;
}

export interface OrderLineSummary {
  yearLabel: string;
  quantity: number;
  unit: { singular: string; plural: string };
  packageCode: string | null;
  preferredDates: string;
  totalPence: number;
  working: string[];
  allowanceHundredths: number;
  deliveredHundredths: number;
  remainingHundredths: number;
}

/** What a line was agreed at (the snapshot taken when ordered) and how much of it is delivered. */
export function OrderLineSummaryList({ line }: { line: OrderLineSummary }) {
  const units = (hundredths: number) =>
    `${formatUnits(hundredths)} ${hundredths === 100 ? line.unit.singular : line.unit.plural}`;
  return (
    <SummaryList
      rows={[
        { key: 'Contract year', value: line.yearLabel },
        {
          key: 'Quantity',
          value: `${line.quantity} ${line.quantity === 1 ? line.unit.singular : line.unit.plural}${line.packageCode ? ` (package ${line.packageCode})` : ''}`,
        },
        ...(line.preferredDates ? [{ key: 'Preferred dates', value: line.preferredDates }] : []),
        {
          key: 'Agreed price',
          value: (
            <>
              <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
                {formatPence(line.totalPence)} before VAT
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
        { key: 'Commissioned', value: units(line.allowanceHundredths) },
        { key: 'Delivered', value: units(line.deliveredHundredths) },
        { key: 'Remaining', value: units(line.remainingHundredths) },
      ]}
    />
  );
}
