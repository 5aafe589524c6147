import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import { documentFacts } from './payments';
import { isRenewableLine } from './renewals';

/**
 * What waits for someone, kind by kind: each query counts every item (count(*) over ()) and
 * returns the first few, so a home page is a handful of statements however long the queue.
 * Every query runs in the caller's scope: a provider's (tenantId given) or a buyer's, where
 * row-level security limits the rows to the buyer's own organisations.
 */
export interface Queue<T> {
  count: number;
  first: T[];
}

function queueOf<T extends { total: number | string }>(rows: T[]): Queue<Omit<T, 'total'>> {
  return {
    count: rows.length ? Number(rows[0]!.total) : 0,
    first: rows.map(({ total: _total, ...rest }) => rest),
  };
}

export interface OrderItem {
  id: string;
  slug: string;
  providerName: string;
  reference: string;
  buyerName: string;
  submittedAt: Date;
}

/** Orders in some statuses, oldest first; a buyer's approvals leave out the orders they placed themselves. */
export async function ordersInStatus(
  tx: Scoped,
  filter: {
    tenantId?: string;
    status: Array<'awaiting_approval' | 'awaiting_provider' | 'accepted'>;
    proposedBy?: 'buyer' | 'provider';
    notSubmittedBy?: string;
  },
  limit: number,
): Promise<Queue<OrderItem>> {
  const { rows } = await sql<OrderItem & { total: number }>`
    select o.id, t.slug, t.name as "providerName", o.reference, g.name as "buyerName",
           o.submitted_at as "submittedAt", count(*) over () as total
      from orders o
      join tenants t on t.id = o.tenant_id
      join organisations g on g.id = o.organisation_id
     where o.status in (${sql.join(filter.status)})
       ${filter.tenantId ? sql`and o.tenant_id = ${filter.tenantId}` : sql``}
       ${filter.proposedBy ? sql`and o.proposed_by = ${filter.proposedBy}` : sql``}
       ${filter.notSubmittedBy ? sql`and o.submitted_by <> ${filter.notSubmittedBy}` : sql``}
     order by o.submitted_at, o.reference
     limit ${limit}`.execute(tx);
  return queueOf(rows);
}

export interface DeliveryItem {
  id: string;
  slug: string;
  providerName: string;
  lineId: string;
  orderId: string;
  reference: string;
  serviceName: string;
  buyerName: string;
  deliveredOn: string;
  confirmBy: string;
  disputeReason: string | null;
}

/** Delivery records in one state (logged: to confirm; disputed: to resolve), oldest first. */
export async function deliveriesInStatus(
  tx: Scoped,
  filter: { tenantId?: string; status: 'logged' | 'disputed'; practitionerId?: string },
  limit: number,
): Promise<Queue<DeliveryItem>> {
  const { rows } = await sql<DeliveryItem & { total: number }>`
    select d.id, t.slug, t.name as "providerName", l.id as "lineId", o.id as "orderId", o.reference,
           l.service_name as "serviceName", g.name as "buyerName", d.delivered_on::text as "deliveredOn",
           d.confirm_by::text as "confirmBy", d.dispute_reason as "disputeReason", count(*) over () as total
      from deliveries d
      join order_lines l on l.tenant_id = d.tenant_id and l.id = d.order_line_id
      join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
      join tenants t on t.id = d.tenant_id
      join organisations g on g.id = o.organisation_id
     where d.status = ${filter.status}
       ${filter.tenantId ? sql`and d.tenant_id = ${filter.tenantId}` : sql``}
       ${filter.practitionerId ? sql`and d.practitioner_id = ${filter.practitionerId}` : sql``}
     order by d.delivered_on, d.logged_at, d.id
     limit ${limit}`.execute(tx);
  return queueOf(rows);
}

export interface RenewalItem {
  windowId: string;
  slug: string;
  providerName: string;
  yearKind: 'academic' | 'financial';
  yearStart: string;
  closesOn: string;
  /** Last year's annual lines nobody has answered in this window. */
  unanswered: number;
  /** The organisations those lines were bought for. */
  organisations: number;
}

/**
 * Buy-back windows open today with lines still unanswered: last year's annual services (the same
 * lines the renewals page lists) with no response in the window.
 */
export async function openRenewalsUnanswered(tx: Scoped, tenantId: string | null, today: string) {
  const { rows } = await sql<RenewalItem>`
    select w.id as "windowId", t.slug, t.name as "providerName", w.year_kind as "yearKind",
           w.year_start::text as "yearStart", w.closes_on::text as "closesOn",
           count(*)::int as unanswered, count(distinct orders.organisation_id)::int as organisations
      from renewal_windows w
      join tenants t on t.id = w.tenant_id
      join order_lines on order_lines.tenant_id = w.tenant_id
                      and order_lines.year_kind = w.year_kind
                      and order_lines.year_start = (w.year_start - interval '1 year')::date
      join orders on orders.tenant_id = order_lines.tenant_id and orders.id = order_lines.order_id
     where w.opens_on <= ${today} and w.closes_on >= ${today}
       ${tenantId ? sql`and w.tenant_id = ${tenantId}` : sql``}
       and order_lines.status in ('active', 'completed')
       and ${isRenewableLine}
       and orders.agreement_id is null
       and not exists (select 1 from renewal_responses r
                        where r.tenant_id = w.tenant_id and r.window_id = w.id
                          and r.previous_line_id = order_lines.id)
     group by w.id, t.slug, t.name, w.year_kind, w.year_start, w.closes_on
     order by w.closes_on, t.name`.execute(tx);
  return rows;
}

export interface DocumentItem {
  id: string;
  number: string | null;
  kind: 'invoice' | 'recharge' | 'credit_note';
  customerName: string;
  dueOn: string | null;
  /** For a draft, its lines' total; for a final document, what is still owed. */
  pence: number;
}

/** Draft billing documents, oldest first, with their lines' total. */
export async function draftDocuments(tx: Scoped, tenantId: string, limit: number): Promise<Queue<DocumentItem>> {
  const { rows } = await sql<DocumentItem & { total: number }>`
    select d.id, d.number, d.kind, coalesce(d.customer_name, g.name) as "customerName", d.due_on::text as "dueOn",
           coalesce((select sum(l.net_pence + l.vat_pence) from billing_document_lines l
                      where l.tenant_id = d.tenant_id and l.document_id = d.id), 0)::bigint as pence,
           count(*) over () as total
      from billing_documents d
      join organisations g on g.id = d.organisation_id
     where d.tenant_id = ${tenantId} and d.status = 'draft'
     order by d.created_at, d.id
     limit ${limit}`.execute(tx);
  return queueOf(rows.map((r) => ({ ...r, pence: Number(r.pence) })));
}

/** Final invoices and recharges past their due date with something still owed, most overdue first. */
export async function overdueDocuments(
  tx: Scoped,
  tenantId: string,
  today: string,
  limit: number,
): Promise<Queue<DocumentItem>> {
  const { rows } = await sql<DocumentItem & { total: number }>`
    select f.id, f.number, f.kind, coalesce(d.customer_name, g.name) as "customerName", f."dueOn",
           (f."totalPence" - f."allocatedPence" - f."creditedPence")::bigint as pence,
           count(*) over () as total
      from (${documentFacts(tenantId)} and d.due_on < ${today}) f
      join billing_documents d on d.tenant_id = ${tenantId} and d.id = f.id
      join organisations g on g.id = d.organisation_id
     where f."totalPence" - f."allocatedPence" - f."creditedPence" > 0
     order by f."dueOn", f.number
     limit ${limit}`.execute(tx);
  return queueOf(rows.map((r) => ({ ...r, pence: Number(r.pence) })));
}

export interface PaymentItem {
  id: string;
  customerName: string;
  receivedOn: string;
  reference: string;
  unallocatedPence: number;
}

/** Payments with money not yet allocated to any document, oldest first. */
export async function unallocatedPayments(tx: Scoped, tenantId: string, limit: number): Promise<Queue<PaymentItem>> {
  const { rows } = await sql<PaymentItem & { total: number }>`
    select x.*, count(*) over () as total from (
      select p.id, g.name as "customerName", p.received_on::text as "receivedOn", p.reference, p.recorded_at,
             (p.amount_pence - coalesce((select sum(a.amount_pence) from payment_allocations a
                                          where a.tenant_id = p.tenant_id and a.payment_id = p.id), 0))::bigint
               as "unallocatedPence"
        from payments p
        join organisations g on g.id = p.organisation_id
       where p.tenant_id = ${tenantId}) x
     where x."unallocatedPence" > 0
     order by x."receivedOn", x.recorded_at, x.id
     limit ${limit}`.execute(tx);
  return queueOf(
    rows.map(({ id, customerName, receivedOn, reference, unallocatedPence, total }) => ({
      id,
      customerName,
      receivedOn,
      reference,
      unallocatedPence: Number(unallocatedPence),
      total,
    })),
  );
}
