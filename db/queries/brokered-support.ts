import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import type { BrokeredFundedBy } from '../tables/brokered-support';

/**
 * Brokered school-to-school support (migration 0036). The brokering council reads its own
 * brokerages through row-level security; everything in the supporting provider's tenant is reached
 * only through the database's security definer functions, which check who asks.
 */

export interface BrokerageOffer {
  supportingTenantId: string;
  providerName: string;
  providerKind: string;
  serviceId: string;
  serviceCode: string;
  serviceName: string;
  customerClass: string;
  publishedRatePence: number | null;
}

/** Other providers' published day services, with the day rate published for the payer's class. */
export async function brokerageOffers(
  tx: Scoped,
  urn: number,
  academicYear: number,
  fundedBy: BrokeredFundedBy,
): Promise<BrokerageOffer[]> {
  const { rows } = await sql<BrokerageOffer>`
    select supporting_tenant_id as "supportingTenantId", provider_name as "providerName",
           provider_kind as "providerKind", service_id as "serviceId", service_code as "serviceCode",
           service_name as "serviceName", customer_class as "customerClass",
           published_rate_pence as "publishedRatePence"
      from brokerage_offers(${urn}::integer, ${academicYear}::smallint, ${fundedBy}::text)`.execute(tx);
  return rows;
}

export interface BrokerSupportCall {
  urn: number;
  academicYear: number;
  supportingTenantId: string;
  serviceId: string;
  daysHundredths: number;
  dayRatePence: number;
  fundedBy: BrokeredFundedBy;
  reason: string;
  contactName: string;
  contactEmail: string;
  working: string;
  /** One per form shown: submitting it twice brokers once. */
  key: string;
}

/** Places the order with the supporting provider and records the brokerage, in the caller's transaction. */
export async function callBrokerSupport(tx: Scoped, c: BrokerSupportCall) {
  const { rows } = await sql<{
    brokerageId: string;
    reference: string;
    orderId: string;
    orderLineId: string;
    orderReference: string;
  }>`
    select brokerage_id as "brokerageId", reference, order_id as "orderId", order_line_id as "orderLineId",
           order_reference as "orderReference"
      from broker_support(${c.urn}::integer, ${c.academicYear}::smallint, ${c.supportingTenantId}::uuid,
                          ${c.serviceId}::uuid, ${c.daysHundredths}::integer, ${c.dayRatePence}::integer,
                          ${c.fundedBy}::text, ${c.reason}::text, ${c.contactName}::text, ${c.contactEmail}::text,
                          ${c.working}::text, ${c.key}::uuid)`.execute(tx);
  return rows[0]!;
}

export interface BrokerageRow {
  id: string;
  reference: string;
  urn: number;
  schoolName: string;
  academicYear: number;
  supportingTenantId: string;
  providerName: string;
  serviceId: string;
  serviceName: string;
  daysHundredths: number;
  dayRatePence: number;
  fundedBy: BrokeredFundedBy;
  reason: string;
  orderReference: string;
  brokeredByName: string | null;
  brokeredAt: Date;
  lineStatus: string | null;
  confirmedHundredths: number;
  awaitingHundredths: number;
  feedbackCount: number;
  ratingSum: number;
  /** When someone of the council withdrew it (its order cancelled by them); null otherwise. */
  withdrawnAt: Date | null;
  withdrawnByName: string | null;
  withdrawnReason: string | null;
  cancellationChargePence: number;
}

function brokerages(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('brokered_supports as b')
    .innerJoin('schools as s', 's.urn', 'b.urn')
    .innerJoin('tenants as t', 't.id', 'b.supporting_tenant_id')
    .leftJoin('users as u', 'u.id', 'b.brokered_by')
    .leftJoin(
      sql<{
        brokerage_id: string;
        line_status: string;
        confirmed_hundredths: number;
        awaiting_hundredths: number;
        feedback_count: number;
        rating_sum: number;
        withdrawn_at: Date | null;
        withdrawn_by: string | null;
        withdrawn_reason: string | null;
        cancellation_charge_pence: string | number | null;
      }>`brokered_support_progress()`.as('p'),
      'p.brokerage_id',
      'b.id',
    )
    .leftJoin('users as w', 'w.id', 'p.withdrawn_by')
    .select([
      'b.id',
      'b.reference',
      'b.urn',
      's.name as schoolName',
      'b.academic_year as academicYear',
      'b.supporting_tenant_id as supportingTenantId',
      't.name as providerName',
      'b.service_id as serviceId',
      'b.service_name as serviceName',
      'b.days_hundredths as daysHundredths',
      'b.day_rate_pence as dayRatePence',
      'b.funded_by as fundedBy',
      'b.reason',
      'b.order_reference as orderReference',
      'u.name as brokeredByName',
      'b.brokered_at as brokeredAt',
      'p.line_status as lineStatus',
      sql<number>`coalesce(p.confirmed_hundredths, 0)`.as('confirmedHundredths'),
      sql<number>`coalesce(p.awaiting_hundredths, 0)`.as('awaitingHundredths'),
      sql<number>`coalesce(p.feedback_count, 0)`.as('feedbackCount'),
      sql<number>`coalesce(p.rating_sum, 0)`.as('ratingSum'),
      'p.withdrawn_at as withdrawnAt',
      'w.name as withdrawnByName',
      'p.withdrawn_reason as withdrawnReason',
      sql<number>`coalesce(p.cancellation_charge_pence, 0)::integer`.as('cancellationChargePence'),
    ])
    .where('b.tenant_id', '=', tenantId);
}

/** The council's brokerages for an academic year (or one school's), newest first. */
export async function listBrokerages(
  tx: Scoped,
  tenantId: string,
  filter: { academicYear?: number; urn?: number },
): Promise<BrokerageRow[]> {
  let q = brokerages(tx, tenantId);
  if (filter.academicYear !== undefined) q = q.where('b.academic_year', '=', filter.academicYear);
  if (filter.urn !== undefined) q = q.where('b.urn', '=', filter.urn);
  return q.orderBy('b.brokered_at', 'desc').orderBy('b.reference', 'desc').execute();
}

export async function findBrokerage(tx: Scoped, tenantId: string, id: string): Promise<BrokerageRow | undefined> {
  return brokerages(tx, tenantId).where('b.id', '=', id).executeTakeFirst();
}

export interface OrderBrokerage {
  councilName: string;
  schoolName: string;
  urn: number;
  reference: string;
  fundedBy: BrokeredFundedBy;
  reason: string;
}

/** For the supporting provider: the council that brokered one of its orders, and for which school. */
export async function findOrderBrokerage(tx: Scoped, orderId: string): Promise<OrderBrokerage | undefined> {
  const { rows } = await sql<OrderBrokerage>`
    select council_name as "councilName", school_name as "schoolName", urn, reference, funded_by as "fundedBy", reason
      from order_brokerage(${orderId}::uuid)`.execute(tx);
  return rows[0];
}

/** For one of the council's school-funded brokerages, the school's business managers and approvers. */
export async function listBrokerageSchoolContacts(tx: Scoped, brokerageId: string) {
  const { rows } = await sql<{ name: string; email: string }>`
    select name, email from brokerage_school_contacts(${brokerageId}::uuid)`.execute(tx);
  return rows;
}

/** Where a supporting provider takes new orders (the tenants list is readable to every tenant). */
export async function findProviderContact(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('tenants')
    .select(['slug', 'name', 'contact_email as contactEmail'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
}

export interface BrokerageWithdrawalTerms {
  orderStatus: string;
  lineStatus: string;
  startsOn: string | null;
  yearStart: string;
  yearKind: 'academic' | 'financial';
  noticeDays: number | null;
  latePercent: number;
  agreedTotalPence: number;
  deliveryRecords: number;
}

/** The brokerage's order and line as they stand, for withdrawing it (a manager of the council only). */
export async function findWithdrawalTerms(
  tx: Scoped,
  brokerageId: string,
): Promise<BrokerageWithdrawalTerms | undefined> {
  const { rows } = await sql<BrokerageWithdrawalTerms>`
    select order_status as "orderStatus", line_status as "lineStatus", to_char(starts_on, 'YYYY-MM-DD') as "startsOn",
           to_char(year_start, 'YYYY-MM-DD') as "yearStart", year_kind as "yearKind", notice_days as "noticeDays",
           late_percent as "latePercent", agreed_total_pence::integer as "agreedTotalPence",
           delivery_records as "deliveryRecords"
      from brokerage_withdrawal_terms(${brokerageId}::uuid)`.execute(tx);
  return rows[0];
}

/** Cancels the brokerage's order in the provider's tenant, at the charge the person was shown. */
export async function callWithdrawBrokerage(
  tx: Scoped,
  c: { brokerageId: string; reason: string; today: string; chargePence: number; working: string[] },
) {
  const { rows } = await sql<{
    orderId: string;
    orderReference: string;
    supportingTenantId: string;
    accepted: boolean;
    chargePence: number;
  }>`
    select order_id as "orderId", order_reference as "orderReference", supporting_tenant_id as "supportingTenantId",
           accepted, charge_pence::integer as "chargePence"
      from withdraw_brokerage(${c.brokerageId}::uuid, ${c.reason}::text, ${c.today}::date, ${c.chargePence}::bigint,
                              ${c.working}::text[])`.execute(tx);
  return rows[0]!;
}
