import { sql } from 'kysely';
import { ACTING_BUYER_ORGANISATIONS } from './acting-buyer';
import { escapeLike } from './text-search';
import type { Scoped } from '../scope.server';
import type { CustomerClass, LineStatus, OrderStatusColumn, SettlementMethod, UnitKind, YearKind } from '../schema';

export async function findBuyerSettings(tx: Scoped, organisationId: string) {
  return tx.selectFrom('buyer_settings').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
}

export async function saveBuyerSettings(
  tx: Scoped,
  organisationId: string,
  thresholdPence: number | null,
  userId: string,
) {
  await tx
    .insertInto('buyer_settings')
    .values({ organisation_id: organisationId, approval_threshold_pence: thresholdPence, updated_by: userId })
    .onConflict((oc) =>
      oc
        .column('organisation_id')
        .doUpdateSet({ approval_threshold_pence: thresholdPence, updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}

export async function insertBasketItem(
  tx: Scoped,
  item: {
    organisationId: string;
    userId: string;
    tenantId: string;
    serviceId: string;
    forOrganisationId: string;
    yearKind: YearKind;
    yearStart: string;
    quantity: number;
    packageCode: string | null;
    preferredDates: string;
    startsOn: string | null;
  },
) {
  return tx
    .insertInto('basket_items')
    .values({
      organisation_id: item.organisationId,
      user_id: item.userId,
      tenant_id: item.tenantId,
      service_id: item.serviceId,
      for_organisation_id: item.forOrganisationId,
      year_kind: item.yearKind,
      year_start: item.yearStart,
      quantity: item.quantity,
      package_code: item.packageCode,
      preferred_dates: item.preferredDates,
      starts_on: item.startsOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The item in the person's basket that is the same thing as this one (same service, same options), if any. */
export async function findSameBasketItem(
  tx: Scoped,
  item: {
    serviceId: string;
    forOrganisationId: string;
    yearKind: YearKind;
    yearStart: string;
    packageCode: string | null;
    preferredDates: string;
    startsOn: string | null;
  },
) {
  return tx
    .selectFrom('basket_items')
    .select(['id', 'quantity'])
    .where('service_id', '=', item.serviceId)
    .where('for_organisation_id', '=', item.forOrganisationId)
    .where('year_kind', '=', item.yearKind)
    .where('year_start', '=', item.yearStart)
    .where((eb) =>
      item.packageCode === null ? eb('package_code', 'is', null) : eb('package_code', '=', item.packageCode),
    )
    .where('preferred_dates', '=', item.preferredDates)
    .where((eb) => (item.startsOn === null ? eb('starts_on', 'is', null) : eb('starts_on', '=', item.startsOn)))
    .orderBy('created_at')
    .executeTakeFirst();
}

export async function setBasketItemQuantity(tx: Scoped, id: string, quantity: number) {
  await tx.updateTable('basket_items').set({ quantity }).where('id', '=', id).execute();
}

/** The basket of the person in scope (the policy shows only their own). */
export async function listBasketItems(tx: Scoped) {
  return tx
    .selectFrom('basket_items')
    .innerJoin('tenants', 'tenants.id', 'basket_items.tenant_id')
    .innerJoin('organisations', 'organisations.id', 'basket_items.for_organisation_id')
    .selectAll('basket_items')
    .select(['tenants.slug', 'tenants.name as providerName', 'organisations.name as forName'])
    .orderBy('tenants.name')
    .orderBy('basket_items.created_at')
    .execute();
}

export async function deleteBasketItem(tx: Scoped, id: string) {
  const result = await tx.deleteFrom('basket_items').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function deleteBasketItems(tx: Scoped, ids: string[]) {
  if (ids.length) await tx.deleteFrom('basket_items').where('id', 'in', ids).execute();
}

export async function nextOrderReference(tx: Scoped, tenantId: string): Promise<string> {
  const { rows } = await sql<{ reference: string }>`select next_order_reference(${tenantId}) as reference`.execute(tx);
  return rows[0]!.reference;
}

export async function findOrderByIdempotencyKey(tx: Scoped, tenantId: string, key: string) {
  return tx
    .selectFrom('orders')
    .select(['id', 'reference', 'submitted_total_pence'])
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function insertOrder(
  tx: Scoped,
  o: {
    tenantId: string;
    reference: string;
    organisationId: string;
    placedByOrganisationId: string;
    customerClass: CustomerClass;
    settlementMethod: SettlementMethod;
    poNumber: string | null;
    contactName: string;
    contactEmail: string;
    status: OrderStatusColumn;
    submittedTotalPence: number;
    idempotencyKey: string;
    submittedBy: string;
    agreementId?: string | null;
    proposedBy?: 'buyer' | 'provider';
    period?: string;
  },
) {
  return tx
    .insertInto('orders')
    .values({
      tenant_id: o.tenantId,
      reference: o.reference,
      organisation_id: o.organisationId,
      placed_by_organisation_id: o.placedByOrganisationId,
      customer_class: o.customerClass,
      settlement_method: o.settlementMethod,
      po_number: o.poNumber,
      contact_name: o.contactName,
      contact_email: o.contactEmail,
      status: o.status,
      submitted_total_pence: o.submittedTotalPence,
      idempotency_key: o.idempotencyKey,
      submitted_by: o.submittedBy,
      agreement_id: o.agreementId ?? null,
      proposed_by: o.proposedBy ?? 'buyer',
      period: o.period ?? '',
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export interface NewOrderLine {
  lineNumber: number;
  serviceId: string;
  serviceCode: string;
  serviceName: string;
  unitKind: UnitKind;
  scheduleId: string | null;
  yearKind: YearKind;
  yearStart: string;
  quantity: number;
  packageCode: string | null;
  preferredDates: string;
  price: unknown;
  quote: unknown;
  totalPence: number;
  allowanceHundredths: number | null;
  overageUnitPricePence: number | null;
  startsOn: string | null;
  cancellationNoticeDays: number | null;
  lateCancellationPercent: number;
}

export async function insertOrderLines(tx: Scoped, tenantId: string, orderId: string, lines: NewOrderLine[]) {
  await tx
    .insertInto('order_lines')
    .values(
      lines.map((l) => ({
        tenant_id: tenantId,
        order_id: orderId,
        line_number: l.lineNumber,
        service_id: l.serviceId,
        service_code: l.serviceCode,
        service_name: l.serviceName,
        unit_kind: l.unitKind,
        schedule_id: l.scheduleId,
        year_kind: l.yearKind,
        year_start: l.yearStart,
        quantity: l.quantity,
        package_code: l.packageCode,
        preferred_dates: l.preferredDates,
        price: JSON.stringify(l.price),
        quote: JSON.stringify(l.quote),
        total_pence: l.totalPence,
        allowance_hundredths: l.allowanceHundredths,
        overage_unit_price_pence: l.overageUnitPricePence,
        starts_on: l.startsOn,
        cancellation_notice_days: l.cancellationNoticeDays,
        late_cancellation_percent: l.lateCancellationPercent,
      })),
    )
    .execute();
}

const orderColumns = [
  'orders.tenant_id',
  'orders.id',
  'orders.reference',
  'orders.organisation_id',
  'orders.placed_by_organisation_id',
  'orders.customer_class',
  'orders.settlement_method',
  'orders.po_number',
  'orders.contact_name',
  'orders.contact_email',
  'orders.status',
  'orders.submitted_total_pence',
  'orders.submitted_by',
  'orders.submitted_at',
  'orders.approved_by',
  'orders.approved_at',
  'orders.decided_by',
  'orders.decided_at',
  'orders.closed_reason',
  'orders.closed_at',
  'orders.agreement_id',
  'orders.proposed_by',
  'orders.period',
  'orders.accepted_on',
] as const;

/** Orders visible in scope: a provider's own, or a buyer's with every provider. */
/**
 * Orders newest first: a provider's own (`tenantId`), or the acting buyer's with every provider
 * (`actingBuyer`: its organisations' and those placed on its behalf, as row-level security allows).
 */
export async function listOrders(
  tx: Scoped,
  filter: { tenantId: string; status?: OrderStatusColumn[] } | { actingBuyer: true },
) {
  let query = tx
    .selectFrom('orders')
    .innerJoin('tenants', 'tenants.id', 'orders.tenant_id')
    .innerJoin('organisations', 'organisations.id', 'orders.organisation_id')
    .select(orderColumns)
    .select(['tenants.slug', 'tenants.name as providerName', 'organisations.name as buyerName']);
  if ('actingBuyer' in filter)
    query = query.where((eb) =>
      eb.or([
        eb('orders.organisation_id', '=', ACTING_BUYER_ORGANISATIONS),
        eb('orders.placed_by_organisation_id', '=', sql<string>`app_organisation_id()`),
      ]),
    );
  else {
    query = query.where('orders.tenant_id', '=', filter.tenantId);
    if (filter.status?.length) query = query.where('orders.status', 'in', filter.status);
  }
  return query.orderBy('orders.submitted_at', 'desc').limit(200).execute();
}

export async function findOrder(tx: Scoped, tenantId: string, orderId: string) {
  return tx
    .selectFrom('orders')
    .innerJoin('tenants', 'tenants.id', 'orders.tenant_id')
    .innerJoin('organisations', 'organisations.id', 'orders.organisation_id')
    .innerJoin('users as submitter', 'submitter.id', 'orders.submitted_by')
    .select(orderColumns)
    .select([
      'tenants.slug',
      'tenants.name as providerName',
      'tenants.contact_email as providerEmail',
      'organisations.name as buyerName',
      'organisations.kind as buyerKind',
      'submitter.name as submittedByName',
      'submitter.email as submittedByEmail',
    ])
    .where('orders.tenant_id', '=', tenantId)
    .where('orders.id', '=', orderId)
    .executeTakeFirst();
}

/** Locks the order row so two people acting at once cannot both move it on. */
export async function lockOrder(tx: Scoped, tenantId: string, orderId: string) {
  return tx
    .selectFrom('orders')
    .select([
      'id',
      'status',
      'submitted_by',
      'organisation_id',
      'placed_by_organisation_id',
      'reference',
      'proposed_by',
      'agreement_id',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
}

export async function setOrderStatus(
  tx: Scoped,
  tenantId: string,
  orderId: string,
  change: {
    status: OrderStatusColumn;
    by: string;
    kind: 'approval' | 'decision' | 'closure';
    reason?: string | null;
    /** The calendar day it happens (an order accepted keeps the day). */
    on: string;
  },
) {
  const now = new Date();
  const accepted = change.status === 'accepted' ? { accepted_on: change.on } : {};
  const set =
    change.kind === 'approval'
      ? {
          status: change.status,
          approved_by: change.by,
          approved_at: now,
          ...(change.reason ? { closed_reason: change.reason, closed_by: change.by, closed_at: now } : {}),
        }
      : change.kind === 'decision'
        ? {
            status: change.status,
            decided_by: change.by,
            decided_at: now,
            ...(change.reason ? { closed_reason: change.reason, closed_by: change.by, closed_at: now } : {}),
          }
        : { status: change.status, closed_reason: change.reason ?? null, closed_by: change.by, closed_at: now };
  await tx
    .updateTable('orders')
    .set({ ...set, ...accepted })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .execute();
}

export async function setLinesStatus(
  tx: Scoped,
  tenantId: string,
  orderId: string,
  from: LineStatus[],
  to: LineStatus,
) {
  await tx
    .updateTable('order_lines')
    .set({ status: to })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', 'in', from)
    .execute();
}

export async function listOrderLines(tx: Scoped, tenantId: string, orderId: string) {
  return tx
    .selectFrom('order_lines')
    .leftJoin('users', 'users.id', 'order_lines.assigned_to')
    .selectAll('order_lines')
    .select(['users.name as assignedName'])
    .where('order_lines.tenant_id', '=', tenantId)
    .where('order_lines.order_id', '=', orderId)
    .orderBy('order_lines.line_number')
    .execute();
}

export async function findOrderLine(tx: Scoped, tenantId: string, lineId: string) {
  return tx
    .selectFrom('order_lines')
    .innerJoin('orders', (join) =>
      join.onRef('orders.tenant_id', '=', 'order_lines.tenant_id').onRef('orders.id', '=', 'order_lines.order_id'),
    )
    .innerJoin('organisations', 'organisations.id', 'orders.organisation_id')
    .leftJoin('users', 'users.id', 'order_lines.assigned_to')
    .leftJoin('services', (join) =>
      join
        .onRef('services.tenant_id', '=', 'order_lines.tenant_id')
        .onRef('services.id', '=', 'order_lines.service_id'),
    )
    .selectAll('order_lines')
    .select([
      'orders.reference',
      'orders.status as orderStatus',
      'orders.organisation_id as buyerOrganisationId',
      'orders.contact_email as buyerEmail',
      'organisations.name as buyerName',
      'organisations.kind as buyerKind',
      'users.name as assignedName',
      'services.overage_policy as overagePolicy',
      'orders.accepted_on as orderAcceptedOn',
    ])
    .where('order_lines.tenant_id', '=', tenantId)
    .where('order_lines.id', '=', lineId)
    .executeTakeFirst();
}

export async function assignOrderLine(tx: Scoped, tenantId: string, lineId: string, userId: string | null) {
  await tx
    .updateTable('order_lines')
    .set({ assigned_to: userId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', lineId)
    .execute();
}

/** Lines assigned to a practitioner (or every active line when no practitioner is given). */
export async function listAssignedLines(tx: Scoped, tenantId: string, practitionerId: string | null) {
  let query = tx
    .selectFrom('order_lines')
    .innerJoin('orders', (join) =>
      join.onRef('orders.tenant_id', '=', 'order_lines.tenant_id').onRef('orders.id', '=', 'order_lines.order_id'),
    )
    .innerJoin('organisations', 'organisations.id', 'orders.organisation_id')
    .leftJoin('users', 'users.id', 'order_lines.assigned_to')
    .select([
      'order_lines.id',
      'order_lines.service_name',
      'order_lines.unit_kind',
      'order_lines.status',
      'orders.reference',
      'organisations.name as buyerName',
      'users.name as assignedName',
    ])
    .where('order_lines.tenant_id', '=', tenantId)
    .where('order_lines.status', '=', 'active');
  if (practitionerId) query = query.where('order_lines.assigned_to', '=', practitionerId);
  return query.orderBy('organisations.name').execute();
}

export async function findContactOfficer(tx: Scoped, tenantId: string, organisationId: string) {
  return tx
    .selectFrom('contact_officers')
    .innerJoin('users', 'users.id', 'contact_officers.user_id')
    .select(['users.id', 'users.name', 'users.email'])
    .where('contact_officers.tenant_id', '=', tenantId)
    .where('contact_officers.organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function listContactOfficersForBuyer(tx: Scoped) {
  return tx
    .selectFrom('contact_officers')
    .innerJoin('users', 'users.id', 'contact_officers.user_id')
    .innerJoin('tenants', 'tenants.id', 'contact_officers.tenant_id')
    .innerJoin('organisations', 'organisations.id', 'contact_officers.organisation_id')
    .select(['tenants.name as providerName', 'organisations.name as schoolName', 'users.name', 'users.email'])
    .execute();
}

export async function setContactOfficer(tx: Scoped, tenantId: string, organisationId: string, userId: string | null) {
  if (!userId) {
    await tx
      .deleteFrom('contact_officers')
      .where('tenant_id', '=', tenantId)
      .where('organisation_id', '=', organisationId)
      .execute();
    return;
  }
  await tx
    .insertInto('contact_officers')
    .values({ tenant_id: tenantId, organisation_id: organisationId, user_id: userId })
    .onConflict((oc) => oc.columns(['tenant_id', 'organisation_id']).doUpdateSet({ user_id: userId }))
    .execute();
}

/** People of an organisation with a role, for notifications (approvers of a school, say). */
export async function listOrganisationPeople(tx: Scoped, organisationId: string, roles: string[]) {
  return tx
    .selectFrom('organisation_memberships')
    .innerJoin('users', 'users.id', 'organisation_memberships.user_id')
    .select(['users.id', 'users.name', 'users.email', 'organisation_memberships.role'])
    .where('organisation_memberships.organisation_id', '=', organisationId)
    .where('organisation_memberships.role', 'in', roles as never[])
    .execute();
}

/** Orders an earlier submission of the same checkout form placed (so a resubmission places nothing). */
export async function findOrdersBySubmission(tx: Scoped, idempotencyKey: string) {
  return tx
    .selectFrom('orders')
    .select(['id', 'reference', 'tenant_id', 'submitted_total_pence'])
    .where('idempotency_key', 'like', `${escapeLike(idempotencyKey)}:%`)
    .execute();
}

export async function countOrderDeliveries(tx: Scoped, tenantId: string, orderId: string) {
  const row = await tx
    .selectFrom('deliveries')
    .innerJoin('order_lines', (join) =>
      join
        .onRef('order_lines.tenant_id', '=', 'deliveries.tenant_id')
        .onRef('order_lines.id', '=', 'deliveries.order_line_id'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deliveries.tenant_id', '=', tenantId)
    .where('order_lines.order_id', '=', orderId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function hasOrdersWith(tx: Scoped, tenantId: string) {
  const row = await tx.selectFrom('orders').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
  return Boolean(row);
}

/** Serialises submissions of the same form for the rest of the transaction. */
export async function lockSubmission(tx: Scoped, key: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(tx);
}

/** Cancels the line with the charge its own terms give (zero when the provider cancels). */
export async function cancelOrderLine(tx: Scoped, tenantId: string, lineId: string, chargePence: number) {
  await tx
    .updateTable('order_lines')
    .set({ status: 'cancelled', cancellation_charge_pence: chargePence })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', lineId)
    .execute();
}
