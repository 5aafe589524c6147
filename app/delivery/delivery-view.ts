import type { DeliveryStatus } from '../../db/schema';

interface DeliveryRow {
  id: string;
  delivered_on: string;
  units_hundredths: number;
  beyond_allowance_hundredths: number;
  overage_pence: number;
  practitionerName: string;
  work_type: string;
  note: string;
  status: DeliveryStatus;
  confirm_by: string;
  auto_confirmed: boolean;
  dispute_reason: string | null;
  resolution_note: string | null;
}

/** A delivery record as the pages show it, to buyer and provider alike. */
export function deliveryView(d: DeliveryRow) {
  return {
    id: d.id,
    deliveredOn: d.delivered_on,
    unitsHundredths: d.units_hundredths,
    beyondHundredths: d.beyond_allowance_hundredths,
    overagePence: d.overage_pence,
    practitionerName: d.practitionerName,
    workType: d.work_type,
    note: d.note,
    status: d.status,
    confirmBy: d.confirm_by,
    autoConfirmed: d.auto_confirmed,
    disputeReason: d.dispute_reason,
    resolutionNote: d.resolution_note,
  };
}
