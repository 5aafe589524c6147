import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

/**
 * Rows for the CSV exports, for a range of calendar days (UK time). Row-level security decides
 * whose: a provider's own (tenantId given), or everything a buyer may see (tenantId null).
 */
export interface ExportRange {
  tenantId: string | null;
  from: string;
  to: string;
}

/** The UK calendar day of a moment, as the database compares it. */
const londonDay = (column: string) => sql<string>`(${sql.ref(column)} at time zone 'Europe/London')::date`;

/** Orders submitted in the range, with their provider and customer: the base of two exports. */
function submittedOrders(tx: Scoped, range: ExportRange) {
  let query = tx
    .selectFrom('orders as o')
    .innerJoin('tenants as t', 't.id', 'o.tenant_id')
    .innerJoin('organisations as buyer', 'buyer.id', 'o.organisation_id')
    .where(londonDay('o.submitted_at'), '>=', range.from)
    .where(londonDay('o.submitted_at'), '<=', range.to);
  if (range.tenantId) query = query.where('o.tenant_id', '=', range.tenantId);
  return query;
}

/** Orders submitted in the range. */
export async function listOrdersForExport(tx: Scoped, range: ExportRange) {
  return submittedOrders(tx, range)
    .select([
      'o.id',
      'o.reference',
      't.name as providerName',
      'buyer.name as customerName',
      'buyer.urn as customerUrn',
      'o.customer_class as customerClass',
      'o.settlement_method as settlementMethod',
      'o.status',
      'o.submitted_at as submittedAt',
      'o.accepted_on as acceptedOn',
      'o.po_number as poNumber',
      'o.contact_name as contactName',
      'o.contact_email as contactEmail',
      'o.submitted_total_pence as submittedTotalPence',
    ])
    .orderBy('o.submitted_at')
    .orderBy('o.reference')
    .execute();
}

/** The lines of orders submitted in the range. */
export async function listOrderLinesForExport(tx: Scoped, range: ExportRange) {
  return submittedOrders(tx, range)
    .innerJoin('order_lines as l', (j) => j.onRef('l.tenant_id', '=', 'o.tenant_id').onRef('l.order_id', '=', 'o.id'))
    .select([
      'l.id',
      'l.tenant_id as tenantId',
      'o.reference as orderReference',
      'l.line_number as lineNumber',
      't.name as providerName',
      'buyer.name as customerName',
      'l.service_code as serviceCode',
      'l.service_name as serviceName',
      'l.unit_kind as unitKind',
      'l.year_kind as yearKind',
      'l.year_start as yearStart',
      'o.po_number as poNumber',
    ])
    .orderBy('o.submitted_at')
    .orderBy('o.reference')
    .orderBy('l.line_number')
    .execute();
}

/** Delivery records for days in the range, in every state. */
export async function listDeliveriesForExport(tx: Scoped, range: ExportRange) {
  let query = tx
    .selectFrom('deliveries as d')
    .innerJoin('order_lines as l', (j) =>
      j.onRef('l.tenant_id', '=', 'd.tenant_id').onRef('l.id', '=', 'd.order_line_id'),
    )
    .innerJoin('orders as o', (j) => j.onRef('o.tenant_id', '=', 'l.tenant_id').onRef('o.id', '=', 'l.order_id'))
    .innerJoin('tenants as t', 't.id', 'o.tenant_id')
    .innerJoin('organisations as buyer', 'buyer.id', 'o.organisation_id')
    .leftJoin('users as practitioner', 'practitioner.id', 'd.practitioner_id')
    .select([
      'd.id',
      'd.delivered_on as deliveredOn',
      'o.reference as orderReference',
      'l.line_number as lineNumber',
      't.name as providerName',
      'buyer.name as customerName',
      'l.service_code as serviceCode',
      'l.service_name as serviceName',
      'l.unit_kind as unitKind',
      'd.units_hundredths as unitsHundredths',
      'practitioner.name as practitionerName',
      'd.work_type as workType',
      'd.note',
      'd.status',
      'd.dispute_reason as disputeReason',
      'd.resolution_outcome as resolutionOutcome',
      'd.resolution_note as resolutionNote',
    ])
    .where('d.delivered_on', '>=', range.from)
    .where('d.delivered_on', '<=', range.to)
    .orderBy('d.delivered_on')
    .orderBy('o.reference')
    .orderBy('l.line_number')
    .orderBy('d.logged_at');
  if (range.tenantId) query = query.where('d.tenant_id', '=', range.tenantId);
  return query.execute();
}
