import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import { currentLineValues } from './commissioning';

export async function lockOrderLine(tx: Scoped, tenantId: string, lineId: string) {
  return tx
    .selectFrom('order_lines')
    .selectAll()
    .select(currentLineValues())
    .where('tenant_id', '=', tenantId)
    .where('id', '=', lineId)
    .forUpdate()
    .executeTakeFirst();
}

export async function deliveredSoFar(tx: Scoped, tenantId: string, lineId: string) {
  const row = await tx
    .selectFrom('deliveries')
    .select(sql<number>`coalesce(sum(units_hundredths), 0)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('order_line_id', '=', lineId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertDelivery(
  tx: Scoped,
  d: {
    tenantId: string;
    lineId: string;
    deliveredOn: string;
    unitsHundredths: number;
    beyondHundredths: number;
    overagePence: number;
    practitionerId: string;
    workType: string;
    note: string;
    confirmBy: string;
    loggedBy: string;
  },
) {
  return tx
    .insertInto('deliveries')
    .values({
      tenant_id: d.tenantId,
      order_line_id: d.lineId,
      delivered_on: d.deliveredOn,
      units_hundredths: d.unitsHundredths,
      beyond_allowance_hundredths: d.beyondHundredths,
      overage_pence: d.overagePence,
      practitioner_id: d.practitionerId,
      work_type: d.workType,
      note: d.note,
      confirm_by: d.confirmBy,
      logged_by: d.loggedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function listLineDeliveries(tx: Scoped, tenantId: string, lineId: string) {
  return tx
    .selectFrom('deliveries')
    .innerJoin('users', 'users.id', 'deliveries.practitioner_id')
    .selectAll('deliveries')
    .select(['users.name as practitionerName'])
    .where('deliveries.tenant_id', '=', tenantId)
    .where('deliveries.order_line_id', '=', lineId)
    .orderBy('deliveries.delivered_on')
    .orderBy('deliveries.logged_at')
    .execute();
}

export async function lockDelivery(tx: Scoped, tenantId: string, deliveryId: string) {
  return tx
    .selectFrom('deliveries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deliveryId)
    .forUpdate()
    .executeTakeFirst();
}

export async function markDelivery(
  tx: Scoped,
  tenantId: string,
  deliveryId: string,
  change:
    | { status: 'confirmed'; by: string }
    | { status: 'disputed'; by: string; reason: string }
    | { status: 'resolved'; by: string; note: string },
) {
  const now = new Date();
  const set =
    change.status === 'confirmed'
      ? { status: change.status, confirmed_by: change.by, confirmed_at: now }
      : change.status === 'disputed'
        ? { status: change.status, disputed_by: change.by, disputed_at: now, dispute_reason: change.reason }
        : { status: change.status, resolved_by: change.by, resolved_at: now, resolution_note: change.note };
  await tx.updateTable('deliveries').set(set).where('tenant_id', '=', tenantId).where('id', '=', deliveryId).execute();
}

/** Records nobody challenged by their date (the last day to answer) confirm themselves the day after. */
export async function autoConfirmDue(tx: Scoped, tenantId: string, today: string) {
  const result = await tx
    .updateTable('deliveries')
    .set({ status: 'confirmed', auto_confirmed: true, confirmed_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'logged')
    .where('confirm_by', '<', today)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countSettledDeliveries(tx: Scoped, tenantId: string, lineId: string) {
  const row = await tx
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('order_line_id', '=', lineId)
    .where('status', 'in', ['confirmed', 'resolved'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertFeedback(
  tx: Scoped,
  f: { tenantId: string; lineId: string; rating: number; whatChanged: string; givenBy: string },
) {
  const rows = await tx
    .insertInto('feedback')
    .values({
      tenant_id: f.tenantId,
      order_line_id: f.lineId,
      rating: f.rating,
      what_changed: f.whatChanged,
      given_by: f.givenBy,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'order_line_id', 'given_by']).doNothing())
    .returning('id')
    .execute();
  return rows.length === 1;
}

export async function listLineFeedback(tx: Scoped, tenantId: string, lineId: string) {
  return tx
    .selectFrom('feedback')
    .innerJoin('users', 'users.id', 'feedback.given_by')
    .select([
      'feedback.id',
      'feedback.rating',
      'feedback.what_changed',
      'feedback.given_at',
      'users.name as givenByName',
      'feedback.given_by',
    ])
    .where('feedback.tenant_id', '=', tenantId)
    .where('feedback.order_line_id', '=', lineId)
    .execute();
}

/** Ratings and comments by service and by the practitioner assigned to the line. */
export async function feedbackByServiceAndPractitioner(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('feedback')
    .innerJoin('order_lines', (join) =>
      join
        .onRef('order_lines.tenant_id', '=', 'feedback.tenant_id')
        .onRef('order_lines.id', '=', 'feedback.order_line_id'),
    )
    .innerJoin('orders', (join) =>
      join.onRef('orders.tenant_id', '=', 'order_lines.tenant_id').onRef('orders.id', '=', 'order_lines.order_id'),
    )
    .innerJoin('organisations', 'organisations.id', 'orders.organisation_id')
    .leftJoin('users as practitioner', 'practitioner.id', 'order_lines.assigned_to')
    .select([
      'order_lines.service_code as serviceCode',
      'order_lines.service_name as serviceName',
      'practitioner.name as practitionerName',
      'organisations.name as buyerName',
      'feedback.rating',
      'feedback.what_changed as whatChanged',
      'feedback.given_at as givenAt',
    ])
    .where('feedback.tenant_id', '=', tenantId)
    .orderBy('feedback.given_at', 'desc')
    .execute();
}

export async function listTenantIds(tx: Scoped) {
  return tx.selectFrom('tenants').select(['id']).execute();
}
