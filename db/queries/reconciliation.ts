import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

/** What a reconciliation covers: a period (both days included) and optional filters. */
export interface ReconciliationScope {
  from: string;
  to: string;
  /** The day overdue is judged on (normally today). */
  asOf: string;
  serviceId?: string;
  organisationId?: string;
  practitionerId?: string;
  agreementId?: string;
}

/**
 * One cell of the reconciliation: the money of one service, customer, practitioner and agreement.
 * Every view and filter is a grouping or a selection of these cells, so every view adds up to the
 * same totals.
 */
export interface ReconciliationCell {
  serviceId: string | null;
  organisationId: string;
  practitionerId: string | null;
  agreementId: string | null;
  agreedPence: number;
  deliveredConfirmedPence: number;
  deliveredCorrectedPence: number;
  deliveredDisputedPence: number;
  deliveredAwaitingPence: number;
  invoicedPence: number;
  rechargedPence: number;
  creditedPence: number;
  paidPence: number;
}

/**
 * Where every line of the period sits on each dimension. The customer is the organisation the work
 * is for (the school, even when its trust is billed), or the billed organisation for a manual line;
 * the practitioner is whoever delivered a record, else whoever the line is assigned to.
 */
const lineDims = (tenantId: string) => sql`
  select l.id as line_id, l.service_id, o.organisation_id, o.agreement_id, l.assigned_to,
         l.total_pence, l.allowance_hundredths, l.status, l.year_start, l.cancellation_charge_pence
    from order_lines l
    join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
   where l.tenant_id = ${tenantId}`;

const filters = (s: ReconciliationScope) => sql`
  (${s.serviceId ?? null}::uuid is null or service_id = ${s.serviceId ?? null}::uuid)
  and (${s.organisationId ?? null}::uuid is null or organisation_id = ${s.organisationId ?? null}::uuid)
  and (${s.practitionerId ?? null}::uuid is null or practitioner_id = ${s.practitionerId ?? null}::uuid)
  and (${s.agreementId ?? null}::uuid is null or agreement_id = ${s.agreementId ?? null}::uuid)`;

/**
 * Agreed: what the lines whose contract year overlaps the period are worth (a cancelled line its
 * cancellation charge). Delivered: the records dated in the period at the line's agreed rate per
 * unit (lines not priced per unit have no delivered value), by state; a record superseded by its
 * correction counts once, as the correction. Invoiced, recharged, credited and paid: the final
 * documents whose tax point is in the period, with the credit notes and payments against them to
 * date; a document's payments are shared over its lines by what is left on each after credit, in
 * whole pence that add up exactly (each line takes the floor of its running share, less the lines
 * before it).
 */
export async function listReconciliationCells(tx: Scoped, tenantId: string, s: ReconciliationScope) {
  const { rows } = await sql<ReconciliationCell>`
    with line_dims as (${lineDims(tenantId)}),
    agreed as (
      select service_id, organisation_id, assigned_to as practitioner_id, agreement_id,
             sum(case when status = 'cancelled' then cancellation_charge_pence else total_pence end) as agreed
        from line_dims
       where status in ('active','completed','cancelled')
         and year_start <= ${s.to}::date and (year_start + interval '1 year')::date > ${s.from}::date
       group by 1, 2, 3, 4),
    delivered as (
      select ld.service_id, ld.organisation_id, d.practitioner_id, ld.agreement_id, d.status,
             d.corrects_delivery_id is not null as is_correction,
             case when ld.allowance_hundredths > 0
                  then round(d.units_hundredths::numeric * ld.total_pence / ld.allowance_hundredths)
                  else 0 end as value
        from deliveries d
        join line_dims ld on ld.line_id = d.order_line_id
       where d.tenant_id = ${tenantId} and d.delivered_on between ${s.from}::date and ${s.to}::date
         and d.status in ('logged','confirmed','disputed')),
    delivered_cells as (
      select service_id, organisation_id, practitioner_id, agreement_id,
             coalesce(sum(value) filter (where status = 'confirmed' and not is_correction), 0) as confirmed,
             coalesce(sum(value) filter (where status = 'confirmed' and is_correction), 0) as corrected,
             coalesce(sum(value) filter (where status = 'disputed'), 0) as disputed,
             coalesce(sum(value) filter (where status = 'logged'), 0) as awaiting
        from delivered group by 1, 2, 3, 4),
    billed as (
      select bl.id, bl.document_id, bl.line_number, bd.kind,
             bl.net_pence + bl.vat_pence as gross,
             ld.service_id, coalesce(ld.organisation_id, bd.organisation_id) as organisation_id,
             coalesce(dl.practitioner_id, ld.assigned_to) as practitioner_id, ld.agreement_id
        from billing_documents bd
        join billing_document_lines bl on bl.tenant_id = bd.tenant_id and bl.document_id = bd.id
        left join line_dims ld on ld.line_id = bl.order_line_id
        left join deliveries dl on dl.tenant_id = bl.tenant_id and dl.id = bl.delivery_id
       where bd.tenant_id = ${tenantId} and bd.status = 'final' and bd.kind in ('invoice','recharge')
         and bd.tax_point between ${s.from}::date and ${s.to}::date),
    credited as (
      select cl.credits_line_id as line_id, sum(cl.net_pence + cl.vat_pence) as credited
        from billing_document_lines cl
        join billing_documents cn on cn.tenant_id = cl.tenant_id and cn.id = cl.document_id
       where cl.tenant_id = ${tenantId} and cn.kind = 'credit_note' and cn.status = 'final'
         and cl.credits_line_id in (select id from billed)
       group by 1),
    paid as (
      select document_id, sum(amount_pence) as paid
        from payment_allocations
       where tenant_id = ${tenantId} and document_id in (select document_id from billed)
       group by 1),
    weighted as (
      select b.*, coalesce(c.credited, 0) as credited, coalesce(p.paid, 0) as doc_paid,
             b.gross - coalesce(c.credited, 0) as weight
        from billed b
        left join credited c on c.line_id = b.id
        left join paid p on p.document_id = b.document_id),
    running as (
      select w.*,
             sum(weight) over (partition by document_id order by line_number) as upto,
             sum(weight) over (partition by document_id) as whole
        from weighted w),
    billed_cells as (
      select service_id, organisation_id, practitioner_id, agreement_id,
             coalesce(sum(gross) filter (where kind = 'invoice'), 0) as invoiced,
             coalesce(sum(gross) filter (where kind = 'recharge'), 0) as recharged,
             sum(credited) as credited,
             sum(case when whole > 0
                      then floor(doc_paid::numeric * upto / whole) - floor(doc_paid::numeric * (upto - weight) / whole)
                      else 0 end) as paid
        from running group by 1, 2, 3, 4),
    cells as (
      select service_id, organisation_id, practitioner_id, agreement_id,
             agreed, 0 as confirmed, 0 as corrected, 0 as disputed, 0 as awaiting,
             0 as invoiced, 0 as recharged, 0 as credited, 0 as paid from agreed
      union all
      select service_id, organisation_id, practitioner_id, agreement_id,
             0, confirmed, corrected, disputed, awaiting, 0, 0, 0, 0 from delivered_cells
      union all
      select service_id, organisation_id, practitioner_id, agreement_id,
             0, 0, 0, 0, 0, invoiced, recharged, credited, paid from billed_cells)
    select service_id as "serviceId", organisation_id as "organisationId",
           practitioner_id as "practitionerId", agreement_id as "agreementId",
           sum(agreed)::bigint as "agreedPence",
           sum(confirmed)::bigint as "deliveredConfirmedPence",
           sum(corrected)::bigint as "deliveredCorrectedPence",
           sum(disputed)::bigint as "deliveredDisputedPence",
           sum(awaiting)::bigint as "deliveredAwaitingPence",
           sum(invoiced)::bigint as "invoicedPence",
           sum(recharged)::bigint as "rechargedPence",
           sum(credited)::bigint as "creditedPence",
           sum(paid)::bigint as "paidPence"
      from cells
     where ${filters(s)}
     group by 1, 2, 3, 4`.execute(tx);
  return rows.map((r) => ({
    ...r,
    agreedPence: Number(r.agreedPence),
    deliveredConfirmedPence: Number(r.deliveredConfirmedPence),
    deliveredCorrectedPence: Number(r.deliveredCorrectedPence),
    deliveredDisputedPence: Number(r.deliveredDisputedPence),
    deliveredAwaitingPence: Number(r.deliveredAwaitingPence),
    invoicedPence: Number(r.invoicedPence),
    rechargedPence: Number(r.rechargedPence),
    creditedPence: Number(r.creditedPence),
    paidPence: Number(r.paidPence),
  }));
}

/** A thing to look at, with where to look at it. */
export interface ReconciliationException {
  kind: 'delivered_not_billed' | 'billed_not_delivered' | 'disputed_billed' | 'overdue' | 'unallocated_cash';
  /** What the link opens: an order line, a document or a payment. */
  target: 'line' | 'document' | 'payment';
  targetId: string;
  customerName: string;
  what: string;
  on: string;
  amountPence: number;
}

const EXCEPTION_LIMIT = 200;

/**
 * The exceptions of the period, each naming its customer, what it is and how much: delivered but
 * not billed (a confirmed record on a line billed in arrears, on no final document); billed but not
 * delivered (a final document's line for a record later voided or corrected away, or an instalment
 * of work bought by the unit whose period has ended with nothing delivered in it); disputed delivery
 * already billed; overdue documents; and payments not fully allocated.
 */
export async function listReconciliationExceptions(
  tx: Scoped,
  tenantId: string,
  s: ReconciliationScope,
): Promise<ReconciliationException[]> {
  const { rows } = await sql<ReconciliationException & { amountPence: string | number }>`
    with line_dims as (${lineDims(tenantId)}),
    final_lines as (
      select bl.*, bd.organisation_id as billed_organisation_id, bd.number, bd.tax_point
        from billing_document_lines bl
        join billing_documents bd on bd.tenant_id = bl.tenant_id and bd.id = bl.document_id
       where bl.tenant_id = ${tenantId} and bd.status = 'final' and bd.kind in ('invoice','recharge')),
    found as (
      select 'delivered_not_billed' as kind, 'line' as target, ld.line_id as target_id,
             ld.organisation_id, ld.service_id, d.practitioner_id, ld.agreement_id,
             'Delivered on ' || to_char(d.delivered_on, 'FMDD Mon YYYY') || ', not on any invoice or recharge' as what,
             d.delivered_on as on_day,
             case when ld.allowance_hundredths > 0
                  then round(d.units_hundredths::numeric * ld.total_pence / ld.allowance_hundredths) else 0 end as amount
        from deliveries d
        join line_dims ld on ld.line_id = d.order_line_id
        join order_lines l on l.tenant_id = d.tenant_id and l.id = d.order_line_id
       where d.tenant_id = ${tenantId} and d.status = 'confirmed'
         and d.delivered_on between ${s.from}::date and ${s.to}::date
         and l.billing_plan in ('arrears_monthly','arrears_termly','as_delivered')
         and not exists (select 1 from final_lines f where f.delivery_id = d.id)
      union all
      select 'billed_not_delivered', 'document', f.document_id, coalesce(ld.organisation_id, f.billed_organisation_id),
             ld.service_id, d.practitioner_id, ld.agreement_id,
             f.number || ' bills a record that was then ' || d.status, f.tax_point, f.net_pence + f.vat_pence
        from final_lines f
        join deliveries d on d.tenant_id = f.tenant_id and d.id = f.delivery_id
        left join line_dims ld on ld.line_id = f.order_line_id
       where d.status in ('voided','corrected') and f.tax_point between ${s.from}::date and ${s.to}::date
      union all
      select 'billed_not_delivered', 'document', f.document_id, ld.organisation_id, ld.service_id, ld.assigned_to,
             ld.agreement_id,
             f.number || ' bills ' || to_char(f.period_start, 'FMDD Mon YYYY') || ' to '
               || to_char(f.period_end, 'FMDD Mon YYYY') || ', with nothing delivered then',
             f.tax_point, f.net_pence + f.vat_pence
        from final_lines f
        join line_dims ld on ld.line_id = f.order_line_id
       where f.charge_kind = 'instalment' and ld.allowance_hundredths is not null
         and f.period_end < ${s.asOf}::date and f.tax_point between ${s.from}::date and ${s.to}::date
         and not exists (select 1 from deliveries d where d.tenant_id = f.tenant_id and d.order_line_id = f.order_line_id
                           and d.status = 'confirmed' and d.delivered_on between f.period_start and f.period_end)
      union all
      select 'disputed_billed', 'document', f.document_id, coalesce(ld.organisation_id, f.billed_organisation_id),
             ld.service_id, d.practitioner_id, ld.agreement_id,
             f.number || ' bills a record the school disputes: ' || coalesce(d.dispute_reason, ''),
             d.delivered_on, f.net_pence + f.vat_pence
        from final_lines f
        join deliveries d on d.tenant_id = f.tenant_id and d.id = f.delivery_id
        left join line_dims ld on ld.line_id = f.order_line_id
       where d.status = 'disputed'
      union all
      select 'overdue', 'document', x.id, x.organisation_id, null, null, null,
             x.number || ' was due on ' || to_char(x.due_on, 'FMDD Mon YYYY'), x.due_on, x.owed
        from (select d.id, d.organisation_id, d.number, d.due_on,
                     d.total_pence
                     - coalesce((select sum(a.amount_pence) from payment_allocations a
                                  where a.tenant_id = d.tenant_id and a.document_id = d.id), 0)
                     - coalesce((select sum(c.total_pence) from billing_documents c
                                  where c.tenant_id = d.tenant_id and c.credits_document_id = d.id and c.status = 'final'), 0)
                       as owed
                from billing_documents d
               where d.tenant_id = ${tenantId} and d.status = 'final' and d.kind in ('invoice','recharge')
                 and d.tax_point between ${s.from}::date and ${s.to}::date and d.due_on < ${s.asOf}::date) x
       where x.owed > 0
      union all
      select 'unallocated_cash', 'payment', p.id, p.organisation_id, null, null, null,
             'Received ' || to_char(p.received_on, 'FMDD Mon YYYY')
               || case when p.reference <> '' then ', reference ' || p.reference else '' end || ', not yet allocated',
             p.received_on,
             p.amount_pence - coalesce((select sum(a.amount_pence) from payment_allocations a
                                         where a.tenant_id = p.tenant_id and a.payment_id = p.id), 0)
        from payments p
       where p.tenant_id = ${tenantId} and p.received_on between ${s.from}::date and ${s.to}::date)
    select f.kind, f.target, f.target_id as "targetId", o.name as "customerName", f.what,
           f.on_day::text as "on", f.amount::bigint as "amountPence"
      from found f
      join organisations o on o.id = f.organisation_id
     where f.amount <> 0 and ${filters(s)}
     order by f.kind, f.on_day, o.name, f.target_id
     limit ${EXCEPTION_LIMIT}`.execute(tx);
  return rows.map((r) => ({ ...r, amountPence: Number(r.amountPence) }));
}

/** The names the views show: services, customers, practitioners and agreements of the tenant. */
export async function reconciliationNames(tx: Scoped, tenantId: string) {
  // One after another: a transaction is one connection.
  const services = await tx
    .selectFrom('services')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  const customers = await tx
    .selectFrom('customer_accounts')
    .innerJoin('organisations', 'organisations.id', 'customer_accounts.organisation_id')
    .select(['organisations.id', 'organisations.name'])
    .where('customer_accounts.tenant_id', '=', tenantId)
    .orderBy('organisations.name')
    .execute();
  const practitioners = await tx
    .selectFrom('tenant_memberships')
    .innerJoin('users', 'users.id', 'tenant_memberships.user_id')
    .select(['users.id', 'users.name'])
    .where('tenant_memberships.tenant_id', '=', tenantId)
    .where('tenant_memberships.role', 'in', ['practitioner', 'service_manager', 'admin'])
    .distinct()
    .orderBy('users.name')
    .execute();
  const agreements = await tx
    .selectFrom('agreements')
    .select(['id', sql<string>`reference || ' ' || title`.as('name')])
    .where('tenant_id', '=', tenantId)
    .orderBy('reference')
    .execute();
  return { services, customers, practitioners, agreements };
}
