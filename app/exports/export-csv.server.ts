import {
  listDeliveriesForExport,
  listOrderLinesForExport,
  listOrdersForExport,
  type ExportRange,
} from '../../db/queries/exports';
import type { Scoped } from '../../db/scope.server';
import { contractYearLabel } from '../calendar/contract-year';
import { formatMoment } from '../calendar/format-instant';
import type { OrderStatus } from '../commissioning/order-state';
import { linePositions } from '../commissioning/line-positions.server';
import { formatUnits } from '../delivery/delivery-rules';
import { csvDocument, type CsvValue } from '../forms/csv-file';
import { penceToPoundsText } from '../money';
import {
  CUSTOMER_CLASS_NAMES,
  DELIVERY_STATES,
  DISPUTE_OUTCOMES,
  LINE_STATES,
  ORDER_STATES,
  SETTLEMENT_METHOD_NAMES,
  UNIT_KINDS,
} from '../vocabulary';
import type { ExportKind } from './export-form';

const units = (hundredths: number | null) => (hundredths === null ? '' : formatUnits(hundredths));

/**
 * One CSV download of orders, order lines or delivery records for a period, in the scope of the
 * transaction (a provider's own, or everything a buyer may see). Money in pounds and pence as plain
 * numbers, units as numbers, states and classes in the words the pages use.
 */
export async function exportCsv(tx: Scoped, what: ExportKind, range: ExportRange): Promise<string> {
  if (what === 'orders') {
    const rows = await listOrdersForExport(tx, range);
    return csvDocument(
      [
        'Order',
        'Provider',
        'Customer',
        'URN',
        'Customer class',
        'Settled by',
        'Status',
        'Submitted',
        'Accepted on',
        'Purchase order',
        'Contact',
        'Contact email',
        'Submitted total (£)',
      ],
      rows.map((o): CsvValue[] => [
        o.reference,
        o.providerName,
        o.customerName,
        o.customerUrn,
        CUSTOMER_CLASS_NAMES[o.customerClass],
        SETTLEMENT_METHOD_NAMES[o.settlementMethod],
        ORDER_STATES[o.status as OrderStatus]?.label ?? o.status,
        formatMoment(o.submittedAt),
        o.acceptedOn,
        o.poNumber,
        o.contactName,
        o.contactEmail,
        penceToPoundsText(o.submittedTotalPence),
      ]),
    );
  }
  if (what === 'lines') {
    const rows = await listOrderLinesForExport(tx, range);
    const positions = await linePositions(tx, range.tenantId, { lineIds: rows.map((r) => r.id) });
    return csvDocument(
      [
        'Order',
        'Line',
        'Provider',
        'Customer',
        'Service code',
        'Service',
        'Contract year',
        'Status',
        'Unit',
        'Agreed quantity',
        'Agreed total (£)',
        'Allowance (units)',
        'Delivered and confirmed (units)',
        'Waiting for confirmation (units)',
        'Disputed (units)',
        'Still to deliver (units)',
        'Beyond the allowance, confirmed (units)',
        'Charge beyond the allowance (£)',
        'Cancellation charge (£)',
        'Comes to (£)',
        'Purchase order',
      ],
      rows.map((l): CsvValue[] => {
        const p = positions.get(l.id);
        return [
          l.orderReference,
          l.lineNumber,
          l.providerName,
          l.customerName,
          l.serviceCode,
          l.serviceName,
          contractYearLabel(l.yearKind, l.yearStart),
          p ? LINE_STATES[p.status].label : '',
          UNIT_KINDS[l.unitKind].singular,
          p?.agreed.quantity,
          p ? penceToPoundsText(p.agreed.totalPence) : '',
          units(p?.agreed.allowanceHundredths ?? null),
          units(p?.delivered.confirmedHundredths ?? null),
          units(p?.delivered.loggedHundredths ?? null),
          units(p?.delivered.disputedHundredths ?? null),
          units(p?.remainingHundredths ?? null),
          units(p?.beyondAllowance.confirmedHundredths ?? null),
          p ? penceToPoundsText(p.overageChargePence) : '',
          p ? penceToPoundsText(p.cancellationChargePence) : '',
          p ? penceToPoundsText(p.owedPence) : '',
          l.poNumber,
        ];
      }),
    );
  }
  const rows = await listDeliveriesForExport(tx, range);
  return csvDocument(
    [
      'Date',
      'Order',
      'Line',
      'Provider',
      'Customer',
      'Service code',
      'Service',
      'Units',
      'Unit',
      'By',
      'Work',
      'Note',
      'Status',
      'Dispute reason',
      'Outcome',
      'Outcome note',
    ],
    rows.map((d): CsvValue[] => [
      d.deliveredOn,
      d.orderReference,
      d.lineNumber,
      d.providerName,
      d.customerName,
      d.serviceCode,
      d.serviceName,
      units(d.unitsHundredths),
      UNIT_KINDS[d.unitKind].singular,
      d.practitionerName,
      d.workType,
      d.note,
      DELIVERY_STATES[d.status].label,
      d.disputeReason,
      d.resolutionOutcome ? DISPUTE_OUTCOMES[d.resolutionOutcome].label : '',
      d.resolutionNote,
    ]),
  );
}

/** The file's name: what, whose and which days. */
export function exportFilename(what: ExportKind, owner: string, range: { from: string; to: string }): string {
  const slug = owner
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${slug}-${what}-${range.from}-to-${range.to}.csv`;
}
