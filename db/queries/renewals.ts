import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import type { YearKind } from '../schema';

export async function insertRenewalWindow(
  tx: Scoped,
  w: {
    tenantId: string;
    yearKind: YearKind;
    yearStart: string;
    opensOn: string;
    closesOn: string;
    note: string;
    createdBy: string;
  },
) {
  return tx
    .insertInto('renewal_windows')
    .values({
      tenant_id: w.tenantId,
      year_kind: w.yearKind,
      year_start: w.yearStart,
      opens_on: w.opensOn,
      closes_on: w.closesOn,
      note: w.note,
      created_by: w.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function findRenewalWindowForYear(tx: Scoped, tenantId: string, yearKind: YearKind, yearStart: string) {
  return tx
    .selectFrom('renewal_windows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('year_kind', '=', yearKind)
    .where('year_start', '=', yearStart)
    .executeTakeFirst();
}

export async function findRenewalWindow(tx: Scoped, tenantId: string, windowId: string) {
  return tx
    .selectFrom('renewal_windows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', windowId)
    .executeTakeFirst();
}

export async function listRenewalWindows(tx: Scoped, filter: { tenantId?: string; openOn?: string } = {}) {
  let query = tx
    .selectFrom('renewal_windows')
    .innerJoin('tenants', 'tenants.id', 'renewal_windows.tenant_id')
    .selectAll('renewal_windows')
    .select(['tenants.slug', 'tenants.name as providerName']);
  if (filter.tenantId) query = query.where('renewal_windows.tenant_id', '=', filter.tenantId);
  if (filter.openOn)
    query = query
      .where('renewal_windows.opens_on', '<=', filter.openOn)
      .where('renewal_windows.closes_on', '>=', filter.openOn);
  return query.orderBy('renewal_windows.year_start', 'desc').execute();
}

/** A line bought for a whole year (a subscription, a per-pupil agreement, a package): what a buy-back window renews. */
export const isRenewableLine = sql<boolean>`(order_lines.price->>'model' in ('subscription', 'flat_plus_per_pupil') or order_lines.package_code is not null)`;

/**
 * Last year's annual services (subscriptions, per-pupil service level agreements, packages) in scope: for a provider, every
 * customer's; for a buyer, its own. Each with the response given in this window, if any.
 */
export async function listRenewableLines(
  tx: Scoped,
  tenantId: string,
  previousYear: { kind: YearKind; start: string },
  windowId: string,
) {
  return tx
    .selectFrom('order_lines')
    .innerJoin('orders', (join) =>
      join.onRef('orders.tenant_id', '=', 'order_lines.tenant_id').onRef('orders.id', '=', 'order_lines.order_id'),
    )
    .innerJoin('organisations', 'organisations.id', 'orders.organisation_id')
    .leftJoin('renewal_responses as response', (join) =>
      join
        .onRef('response.tenant_id', '=', 'order_lines.tenant_id')
        .onRef('response.previous_line_id', '=', 'order_lines.id')
        .on('response.window_id', '=', windowId),
    )
    .leftJoin('orders as renewal', (join) =>
      join.onRef('renewal.tenant_id', '=', 'response.tenant_id').onRef('renewal.id', '=', 'response.new_order_id'),
    )
    .select([
      'order_lines.id as lineId',
      'order_lines.service_id as serviceId',
      'order_lines.service_name as serviceName',
      'order_lines.package_code as packageCode',
      'order_lines.unit_kind as unitKind',
      'orders.organisation_id as organisationId',
      'orders.reference',
      'organisations.name as buyerName',
      'response.decision',
      'response.decided_at as decidedAt',
      'renewal.reference as renewalReference',
      'renewal.id as renewalOrderId',
    ])
    .where('order_lines.tenant_id', '=', tenantId)
    .where('order_lines.year_kind', '=', previousYear.kind)
    .where('order_lines.year_start', '=', previousYear.start)
    .where('order_lines.status', 'in', ['active', 'completed'])
    .where(isRenewableLine)
    .where('orders.agreement_id', 'is', null)
    .orderBy('organisations.name')
    .orderBy('order_lines.service_name')
    .execute();
}

export async function insertRenewalResponse(
  tx: Scoped,
  r: {
    tenantId: string;
    windowId: string;
    previousLineId: string;
    organisationId: string;
    decision: 'renewed' | 'dropped';
    newOrderId: string | null;
    decidedBy: string;
  },
) {
  const rows = await tx
    .insertInto('renewal_responses')
    .values({
      tenant_id: r.tenantId,
      window_id: r.windowId,
      previous_line_id: r.previousLineId,
      organisation_id: r.organisationId,
      decision: r.decision,
      new_order_id: r.newOrderId,
      decided_by: r.decidedBy,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'window_id', 'previous_line_id']).doNothing())
    .returning('previous_line_id')
    .execute();
  return rows.length === 1;
}

export async function findOrderContactByReference(
  tx: Scoped,
  tenantId: string,
  reference: string,
): Promise<string | null> {
  const row = await tx
    .selectFrom('orders')
    .select('contact_email')
    .where('tenant_id', '=', tenantId)
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row?.contact_email ?? null;
}
