import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

export interface LinePositionFilter {
  orderIds?: string[];
  lineIds?: string[];
  /** Only active lines, and of those only ones assigned to this person when given. */
  activeAssignedTo?: string | 'anyone';
}

/**
 * The one query behind a line's position: its agreed terms (the latest accepted variation, else
 * what was first agreed) and its delivery records summed by state, up to a date. One statement
 * for any number of lines.
 */
export async function listLinePositionRows(
  tx: Scoped,
  tenantId: string | null,
  filter: LinePositionFilter,
  asOf: string,
) {
  if (filter.orderIds?.length === 0 || filter.lineIds?.length === 0) return [];
  let query = tx
    .selectFrom('order_lines as l')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('order_variations as v')
          .select(['v.quantity_after', 'v.allowance_after_hundredths', 'v.total_after_pence'])
          .whereRef('v.tenant_id', '=', 'l.tenant_id')
          .whereRef('v.order_line_id', '=', 'l.id')
          .where('v.status', '=', 'accepted')
          .where('v.accepted_on', '<=', asOf)
          .orderBy('v.accepted_on', 'desc')
          .orderBy('v.decided_at', 'desc')
          .limit(1)
          .as('v'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('deliveries as d')
          .select([
            sql<number>`coalesce(sum(d.units_hundredths) filter (where d.status = 'logged'), 0)::int`.as('logged'),
            sql<number>`coalesce(sum(d.units_hundredths) filter (where d.status = 'confirmed'), 0)::int`.as(
              'confirmed',
            ),
            sql<number>`coalesce(sum(d.units_hundredths) filter (where d.status = 'disputed'), 0)::int`.as('disputed'),
            sql<number>`coalesce(sum(d.units_hundredths) filter (where d.status = 'corrected'), 0)::int`.as(
              'corrected',
            ),
            sql<number>`coalesce(sum(d.units_hundredths) filter (where d.status = 'voided'), 0)::int`.as('voided'),
            sql<number>`count(*)::int`.as('records'),
          ])
          .whereRef('d.tenant_id', '=', 'l.tenant_id')
          .whereRef('d.order_line_id', '=', 'l.id')
          .where('d.delivered_on', '<=', asOf)
          .as('d'),
      (join) => join.onTrue(),
    )
    .select([
      'l.id',
      'l.order_id as orderId',
      'l.line_number as lineNumber',
      'l.status',
      'l.unit_kind as unitKind',
      'l.quantity as originalQuantity',
      'l.allowance_hundredths as originalAllowanceHundredths',
      'l.total_pence as originalTotalPence',
      'l.overage_unit_price_pence as overageUnitPricePence',
      'l.cancellation_charge_pence as cancellationChargePence',
      sql<number>`coalesce(v.quantity_after, l.quantity)`.as('quantity'),
      sql<number | null>`case when l.allowance_hundredths is null then null
        else coalesce(v.allowance_after_hundredths, l.allowance_hundredths) end`.as('allowanceHundredths'),
      sql<number>`coalesce(v.total_after_pence, l.total_pence)::bigint`.as('totalPence'),
      sql<boolean>`v.quantity_after is not null`.as('varied'),
      sql<number>`coalesce(d.logged, 0)`.as('loggedHundredths'),
      sql<number>`coalesce(d.confirmed, 0)`.as('confirmedHundredths'),
      sql<number>`coalesce(d.disputed, 0)`.as('disputedHundredths'),
      sql<number>`coalesce(d.corrected, 0)`.as('correctedHundredths'),
      sql<number>`coalesce(d.voided, 0)`.as('voidedHundredths'),
      sql<number>`coalesce(d.records, 0)`.as('records'),
      // What final invoices and recharges charged for the line, less what final credit notes took back.
      sql<number>`(
        coalesce((select sum(dl.net_pence) from billing_document_lines dl
           join billing_documents d on d.tenant_id = dl.tenant_id and d.id = dl.document_id
          where dl.tenant_id = l.tenant_id and dl.order_line_id = l.id
            and d.status = 'final' and d.kind <> 'credit_note'), 0)
        - coalesce((select sum(cl.net_pence) from billing_document_lines cl
           join billing_documents c on c.tenant_id = cl.tenant_id and c.id = cl.document_id
           join billing_document_lines credited on credited.tenant_id = cl.tenant_id and credited.id = cl.credits_line_id
          where cl.tenant_id = l.tenant_id and credited.order_line_id = l.id
            and c.status = 'final' and c.kind = 'credit_note'), 0)
      )::bigint`.as('billedPence'),
    ]);
  // A buyer's lists span providers: row-level security keeps them to the buyer's own lines.
  if (tenantId) query = query.where('l.tenant_id', '=', tenantId);
  if (filter.orderIds) query = query.where('l.order_id', 'in', filter.orderIds);
  if (filter.lineIds) query = query.where('l.id', 'in', filter.lineIds);
  if (filter.activeAssignedTo) {
    query = query.where('l.status', '=', 'active');
    if (filter.activeAssignedTo !== 'anyone') query = query.where('l.assigned_to', '=', filter.activeAssignedTo);
  }
  return query.orderBy('l.order_id').orderBy('l.line_number').execute();
}

export type LinePositionRow = Awaited<ReturnType<typeof listLinePositionRows>>[number];
