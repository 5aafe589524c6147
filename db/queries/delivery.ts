import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import type { DisputeOutcome } from '../schema';

export async function lockOrderLine(tx: Scoped, tenantId: string, lineId: string) {
  return tx
    .selectFrom('order_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', lineId)
    .forUpdate()
    .executeTakeFirst();
}

/** Units standing on one date for one line and practitioner (voided and corrected records aside). */
export async function unitsOnDate(tx: Scoped, tenantId: string, lineId: string, practitionerId: string, date: string) {
  const row = await tx
    .selectFrom('deliveries')
    .select(sql<number>`coalesce(sum(units_hundredths), 0)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('order_line_id', '=', lineId)
    .where('practitioner_id', '=', practitionerId)
    .where('delivered_on', '=', date)
    .where('status', 'in', ['logged', 'confirmed', 'disputed'])
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

/** The buyer's answer to a logged record: confirmed, or disputed with a reason. */
export async function answerDelivery(
  tx: Scoped,
  tenantId: string,
  deliveryId: string,
  change: { status: 'confirmed'; by: string } | { status: 'disputed'; by: string; reason: string },
) {
  const now = new Date();
  const set =
    change.status === 'confirmed'
      ? { status: change.status, confirmed_by: change.by, confirmed_at: now }
      : { status: change.status, disputed_by: change.by, disputed_at: now, dispute_reason: change.reason };
  await tx
    .updateTable('deliveries')
    .set(set)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deliveryId)
    .where('status', '=', 'logged')
    .execute();
}

/**
 * Ends a dispute: the record stands (confirmed), was corrected (a correcting record replaces it),
 * or did not happen (voided). The record itself keeps its units and date.
 */
export async function resolveDisputedDelivery(
  tx: Scoped,
  tenantId: string,
  deliveryId: string,
  outcome: DisputeOutcome,
  by: string,
  note: string,
) {
  const now = new Date();
  await tx
    .updateTable('deliveries')
    .set({
      status: outcome === 'stands' ? 'confirmed' : outcome,
      resolution_outcome: outcome,
      resolved_by: by,
      resolved_at: now,
      resolution_note: note,
      ...(outcome === 'stands' ? { confirmed_by: by, confirmed_at: now } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deliveryId)
    .where('status', '=', 'disputed')
    .execute();
}

/** The correcting record of a disputed one: the same work, the agreed units, confirmed. */
export async function insertCorrection(
  tx: Scoped,
  original: {
    tenant_id: string;
    id: string;
    order_line_id: string;
    delivered_on: string;
    practitioner_id: string;
    work_type: string;
    confirm_by: string;
  },
  unitsHundredths: number,
  note: string,
  by: string,
) {
  return tx
    .insertInto('deliveries')
    .values({
      tenant_id: original.tenant_id,
      order_line_id: original.order_line_id,
      delivered_on: original.delivered_on,
      units_hundredths: unitsHundredths,
      practitioner_id: original.practitioner_id,
      work_type: original.work_type,
      note,
      status: 'confirmed',
      confirm_by: original.confirm_by,
      logged_by: by,
      confirmed_by: by,
      confirmed_at: new Date(),
      corrects_delivery_id: original.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Records nobody challenged by their date (the last day to answer) confirm themselves the day after. */
export async function autoConfirmDue(tx: Scoped, tenantId: string, today: string) {
  const result = await tx
    .updateTable('deliveries')
    .set({ status: 'confirmed', auto_confirmed: true, confirmed_at: new Date() })
    .where('tenant_id', '=', tenantId)
    // A literal, not a parameter: so even a prepared statement's generic plan can use the index of
    // logged records (deliveries_to_confirm), whose condition it must be able to prove.
    .where('status', '=', sql.lit('logged'))
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
    .where('status', '=', 'confirmed')
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
