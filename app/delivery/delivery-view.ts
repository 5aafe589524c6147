import type { DeliveryStatus, DisputeOutcome } from '../../db/schema';
import { formatDate } from '../calendar/contract-year';

interface DeliveryRow {
  id: string;
  delivered_on: string;
  units_hundredths: number;
  practitionerName: string;
  work_type: string;
  note: string;
  status: DeliveryStatus;
  confirm_by: string;
  auto_confirmed: boolean;
  dispute_reason: string | null;
  resolution_note: string | null;
  resolution_outcome: DisputeOutcome | null;
  corrects_delivery_id: string | null;
}

/** A delivery record as the pages show it, to buyer and provider alike. */
export function deliveryView(d: DeliveryRow) {
  return {
    id: d.id,
    deliveredOn: d.delivered_on,
    unitsHundredths: d.units_hundredths,
    practitionerName: d.practitionerName,
    workType: d.work_type,
    note: d.note,
    status: d.status,
    confirmBy: d.confirm_by,
    autoConfirmed: d.auto_confirmed,
    disputeReason: d.dispute_reason,
    resolutionNote: d.resolution_note,
    resolutionOutcome: d.resolution_outcome,
    correctsId: d.corrects_delivery_id,
  };
}

export type DeliveryView = ReturnType<typeof deliveryView>;

/** How a person tells one record from another on a page: "22 November 2026 by Dr Tom Okafor". */
export function recordName(d: { deliveredOn: string; practitionerName: string }): string {
  return `${formatDate(d.deliveredOn)} by ${d.practitionerName}`;
}
