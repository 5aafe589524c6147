import type { SummaryListRow } from '../components/SummaryList';
import { formatAmount } from '../delivery/delivery-rules';
import { formatPence } from '../money';
import type { LinePosition } from './line-position';

type Unit = { singular: string; plural: string };

function quantityText(quantity: number, unit: Unit) {
  return `${quantity} ${quantity === 1 ? unit.singular : unit.plural}`;
}

/**
 * Where a line stands, as summary list rows: the same rows on the buyer's and the provider's
 * pages, all from the line's position.
 */
export function linePositionRows(position: LinePosition, unit: Unit): SummaryListRow[] {
  const { agreed, delivered, beyondAllowance } = position;
  const allowance = agreed.allowanceHundredths;
  const deliveredParts = [`${formatAmount(delivered.confirmedHundredths, unit)} confirmed`];
  if (delivered.loggedHundredths > 0)
    deliveredParts.push(`${formatAmount(delivered.loggedHundredths, unit)} waiting for confirmation`);
  if (delivered.disputedHundredths > 0)
    deliveredParts.push(`${formatAmount(delivered.disputedHundredths, unit)} disputed, held until resolved`);
  if (delivered.voidedHundredths > 0) deliveredParts.push(`${formatAmount(delivered.voidedHundredths, unit)} voided`);
  const rows: SummaryListRow[] = [
    {
      key: 'Agreed',
      value: `${quantityText(agreed.quantity, unit)}, ${formatPence(agreed.totalPence)}${
        agreed.varied
          ? ` (changed from ${quantityText(agreed.original.quantity, unit)}, ${formatPence(agreed.original.totalPence)})`
          : ''
      }`,
    },
    {
      key: 'Included',
      value:
        allowance === null ? 'Not counted: visits are recorded, nothing is drawn down' : formatAmount(allowance, unit),
    },
    { key: 'Delivered', value: deliveredParts.join('; ') },
  ];
  if (position.remainingHundredths !== null)
    rows.push({ key: 'Remaining', value: formatAmount(position.remainingHundredths, unit) });
  if (allowance !== null)
    rows.push({
      key: 'Beyond what was included',
      value:
        beyondAllowance.recordedHundredths > 0
          ? [
              `${formatAmount(beyondAllowance.recordedHundredths, unit)}`,
              agreed.overageUnitPricePence !== null
                ? ` at ${formatPence(agreed.overageUnitPricePence)} a ${unit.singular}: ${formatPence(position.overageChargePence)} for the ${formatAmount(beyondAllowance.confirmedHundredths, unit)} confirmed`
                : '',
              beyondAllowance.heldHundredths > 0
                ? ` (${formatAmount(beyondAllowance.heldHundredths, unit)} not yet confirmed)`
                : '',
            ].join('')
          : agreed.overageUnitPricePence === null
            ? 'Nothing: this service allows no use beyond what was bought'
            : `Nothing yet; use beyond it is charged at ${formatPence(agreed.overageUnitPricePence)} a ${unit.singular}`,
    });
  if (position.cancellationChargePence > 0)
    rows.push({ key: 'Cancellation charge', value: formatPence(position.cancellationChargePence) });
  rows.push({ key: 'Comes to', value: `${formatPence(position.owedPence)} before VAT` });
  rows.push({ key: 'Billed so far', value: formatPence(position.billedPence) });
  return rows;
}
