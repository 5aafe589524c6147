import { sql } from 'kysely';
import type { DocumentKind, PaymentMethod, VatCode } from '../schema';
import type { Scoped } from '../scope.server';

/**
 * Money for one customer changes one step at a time: the same lock the allocation trigger takes,
 * so a refund, a credit note and an allocation for the customer never pass their checks together.
 */
export async function lockCustomerMoney(tx: Scoped, tenantId: string, organisationId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${tenantId}::text || ${organisationId}::text, 0))`.execute(
    tx,
  );
}

/** The accounts a payment can come from, by name. */
export async function listPayerAccounts(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('customer_accounts')
    .innerJoin('organisations', 'organisations.id', 'customer_accounts.organisation_id')
    .select(['customer_accounts.id', 'customer_accounts.organisation_id as organisationId', 'organisations.name'])
    .where('customer_accounts.tenant_id', '=', tenantId)
    .orderBy('organisations.name')
    .orderBy('customer_accounts.id')
    .execute();
}

export interface DocumentFacts {
  id: string;
  kind: DocumentKind;
  number: string;
  issuedOn: string;
  dueOn: string | null;
  totalPence: number;
  allocatedPence: number;
  creditedPence: number;
}

/** A final invoice or recharge with what has been paid and credited against it. */
export const documentFacts = (tenantId: string) => sql<DocumentFacts>`
  select d.id, d.kind, d.number, d.issued_on::text as "issuedOn", d.due_on::text as "dueOn",
         d.total_pence as "totalPence",
         coalesce((select sum(a.amount_pence) from payment_allocations a
                    where a.tenant_id = d.tenant_id and a.document_id = d.id), 0)::bigint as "allocatedPence",
         coalesce((select sum(c.total_pence) from billing_documents c
                    where c.tenant_id = d.tenant_id and c.credits_document_id = d.id and c.status = 'final'), 0)::bigint
           as "creditedPence"
    from billing_documents d
   where d.tenant_id = ${tenantId} and d.status = 'final' and d.kind <> 'credit_note'`;

/** The customer's final invoices and recharges with something still owed, oldest first. */
export async function listOpenDocuments(tx: Scoped, tenantId: string, organisationId: string) {
  const { rows } = await sql<DocumentFacts>`
    select * from (${documentFacts(tenantId)} and d.organisation_id = ${organisationId}) f
     where f."totalPence" - f."allocatedPence" - f."creditedPence" > 0
     order by f."issuedOn", f.number`.execute(tx);
  return rows;
}

export async function insertPayment(
  tx: Scoped,
  p: {
    tenantId: string;
    organisationId: string;
    receivedOn: string;
    amountPence: number;
    method: PaymentMethod;
    reference: string;
    recordedBy: string;
  },
) {
  const { id } = await tx
    .insertInto('payments')
    .values({
      tenant_id: p.tenantId,
      organisation_id: p.organisationId,
      received_on: p.receivedOn,
      amount_pence: p.amountPence,
      method: p.method,
      reference: p.reference,
      recorded_by: p.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertAllocation(
  tx: Scoped,
  a: { tenantId: string; paymentId: string; documentId: string; amountPence: number; allocatedBy: string },
) {
  const { id } = await tx
    .insertInto('payment_allocations')
    .values({
      tenant_id: a.tenantId,
      payment_id: a.paymentId,
      document_id: a.documentId,
      amount_pence: a.amountPence,
      allocated_by: a.allocatedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertCreditRefund(
  tx: Scoped,
  r: {
    tenantId: string;
    organisationId: string;
    refundedOn: string;
    amountPence: number;
    reference: string;
    recordedBy: string;
  },
) {
  const { id } = await tx
    .insertInto('credit_refunds')
    .values({
      tenant_id: r.tenantId,
      organisation_id: r.organisationId,
      refunded_on: r.refundedOn,
      amount_pence: r.amountPence,
      reference: r.reference,
      recorded_by: r.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A payment with its payer's account and how much of it is allocated. */
export async function findPayment(tx: Scoped, tenantId: string, paymentId: string) {
  return tx
    .selectFrom('payments as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .innerJoin('customer_accounts as ca', (join) =>
      join.onRef('ca.tenant_id', '=', 'p.tenant_id').onRef('ca.organisation_id', '=', 'p.organisation_id'),
    )
    .leftJoin('users as u', 'u.id', 'p.recorded_by')
    .select([
      'p.id',
      'p.organisation_id as organisationId',
      'ca.id as accountId',
      'o.name as customerName',
      sql<string>`p.received_on::text`.as('receivedOn'),
      'p.amount_pence as amountPence',
      'p.method',
      'p.reference',
      'u.name as recordedByName',
      sql<number>`coalesce((select sum(a.amount_pence) from payment_allocations a
                             where a.tenant_id = p.tenant_id and a.payment_id = p.id), 0)::bigint`.as('allocatedPence'),
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', paymentId)
    .executeTakeFirst();
}

export async function listPaymentAllocations(tx: Scoped, tenantId: string, paymentId: string) {
  return tx
    .selectFrom('payment_allocations as a')
    .innerJoin('billing_documents as d', (join) =>
      join.onRef('d.tenant_id', '=', 'a.tenant_id').onRef('d.id', '=', 'a.document_id'),
    )
    .leftJoin('users as u', 'u.id', 'a.allocated_by')
    .select(['a.id', 'a.document_id as documentId', 'd.number', 'd.kind', 'a.amount_pence as amountPence'])
    .select(['a.allocated_at as allocatedAt', 'u.name as allocatedByName'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.payment_id', '=', paymentId)
    .orderBy('a.allocated_at')
    .orderBy('a.id')
    .execute();
}

/** The latest payments, newest first, each with how much of it is allocated. */
export async function listPayments(tx: Scoped, tenantId: string, limit: number) {
  return tx
    .selectFrom('payments as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'o.name as customerName',
      sql<string>`p.received_on::text`.as('receivedOn'),
      'p.amount_pence as amountPence',
      'p.method',
      'p.reference',
      sql<number>`coalesce((select sum(a.amount_pence) from payment_allocations a
                             where a.tenant_id = p.tenant_id and a.payment_id = p.id), 0)::bigint`.as('allocatedPence'),
    ])
    .where('p.tenant_id', '=', tenantId)
    .orderBy('p.received_on', 'desc')
    .orderBy('p.recorded_at', 'desc')
    .limit(limit)
    .execute();
}

/** The customer's payments with something left to allocate, oldest first. */
export async function listPaymentsWithUnallocated(tx: Scoped, tenantId: string, organisationId: string) {
  const { rows } = await sql<{ id: string; receivedOn: string; reference: string; unallocatedPence: number }>`
    select * from (
      select p.id, p.received_on::text as "receivedOn", p.reference, p.recorded_at,
             (p.amount_pence - coalesce((select sum(a.amount_pence) from payment_allocations a
                                          where a.tenant_id = p.tenant_id and a.payment_id = p.id), 0))::bigint
               as "unallocatedPence"
        from payments p
       where p.tenant_id = ${tenantId} and p.organisation_id = ${organisationId}) x
     where x."unallocatedPence" > 0
     order by x."receivedOn", x.recorded_at, x.id`.execute(tx);
  return rows.map(({ id, receivedOn, reference, unallocatedPence }) => ({
    id,
    receivedOn,
    reference,
    unallocatedPence,
  }));
}

export interface CustomerMoneyRow {
  tenantId: string;
  providerName: string;
  providerSlug: string;
  organisationId: string;
  customerName: string;
  /** The provider's account for the customer (null where the scope cannot read accounts). */
  accountId: string | null;
  /** What is owed on final invoices and recharges. */
  owedPence: number;
  /** Of that, what is past its due date. */
  overduePence: number;
  paidInPence: number;
  allocatedPence: number;
  /** Credit notes that took back more than was still unpaid: the excess is the customer's. */
  creditedBeyondUnpaidPence: number;
  refundedPence: number;
}

/**
 * Each customer's money in one statement: owed and overdue on final documents, payments in and
 * allocated, credit notes beyond what was unpaid, refunds. Filtered by provider and customer when
 * given; a buyer's scope shows only its own organisations through row-level security.
 */
export async function listCustomerMoney(
  tx: Scoped,
  filter: { tenantId?: string; organisationId?: string },
  today: string,
): Promise<CustomerMoneyRow[]> {
  const tenant = filter.tenantId ?? null;
  const organisation = filter.organisationId ?? null;
  const { rows } = await sql<CustomerMoneyRow>`
    with allocated_to_documents as (
      select a.tenant_id, a.document_id, sum(a.amount_pence) as pence
        from payment_allocations a
       where (${tenant}::uuid is null or a.tenant_id = ${tenant}::uuid)
       group by a.tenant_id, a.document_id
    ),
    credited_to_documents as (
      select c.tenant_id, c.credits_document_id as document_id, sum(c.total_pence) as pence
        from billing_documents c
       where c.kind = 'credit_note' and c.status = 'final'
         and (${tenant}::uuid is null or c.tenant_id = ${tenant}::uuid)
         and (${organisation}::uuid is null or c.organisation_id = ${organisation}::uuid)
       group by c.tenant_id, c.credits_document_id
    ),
    allocated_from_payments as (
      select a.tenant_id, a.payment_id, sum(a.amount_pence) as pence
        from payment_allocations a
       where (${tenant}::uuid is null or a.tenant_id = ${tenant}::uuid)
       group by a.tenant_id, a.payment_id
    ),
    docs as (
      select d.tenant_id, d.organisation_id, d.total_pence, d.due_on,
             coalesce(al.pence, 0) as allocated, coalesce(cr.pence, 0) as credited
        from billing_documents d
        left join allocated_to_documents al on al.tenant_id = d.tenant_id and al.document_id = d.id
        left join credited_to_documents cr on cr.tenant_id = d.tenant_id and cr.document_id = d.id
       where d.status = 'final' and d.kind <> 'credit_note'
         and (${tenant}::uuid is null or d.tenant_id = ${tenant}::uuid)
         and (${organisation}::uuid is null or d.organisation_id = ${organisation}::uuid)
    ),
    by_docs as (
      select tenant_id, organisation_id,
             sum(greatest(0, total_pence - allocated - credited)) as owed,
             sum(greatest(0, total_pence - allocated - credited)) filter (where due_on < ${today}::date) as overdue,
             sum(greatest(0, allocated + credited - total_pence)) as beyond
        from docs group by tenant_id, organisation_id
    ),
    by_payments as (
      select p.tenant_id, p.organisation_id, sum(p.amount_pence) as paid_in, coalesce(sum(ap.pence), 0) as allocated
        from payments p
        left join allocated_from_payments ap on ap.tenant_id = p.tenant_id and ap.payment_id = p.id
       where (${tenant}::uuid is null or p.tenant_id = ${tenant}::uuid)
         and (${organisation}::uuid is null or p.organisation_id = ${organisation}::uuid)
       group by p.tenant_id, p.organisation_id
    ),
    by_refunds as (
      select r.tenant_id, r.organisation_id, sum(r.amount_pence) as refunded
        from credit_refunds r
       where (${tenant}::uuid is null or r.tenant_id = ${tenant}::uuid)
         and (${organisation}::uuid is null or r.organisation_id = ${organisation}::uuid)
       group by r.tenant_id, r.organisation_id
    ),
    customers as (
      select tenant_id, organisation_id from by_docs
      union select tenant_id, organisation_id from by_payments
      union select tenant_id, organisation_id from by_refunds
    )
    select c.tenant_id as "tenantId", t.name as "providerName", t.slug as "providerSlug", c.organisation_id as "organisationId",
           o.name as "customerName", ca.id as "accountId",
           coalesce(bd.owed, 0)::bigint as "owedPence",
           coalesce(bd.overdue, 0)::bigint as "overduePence",
           coalesce(bp.paid_in, 0)::bigint as "paidInPence",
           coalesce(bp.allocated, 0)::bigint as "allocatedPence",
           coalesce(bd.beyond, 0)::bigint as "creditedBeyondUnpaidPence",
           coalesce(br.refunded, 0)::bigint as "refundedPence"
      from customers c
      join tenants t on t.id = c.tenant_id
      join organisations o on o.id = c.organisation_id
      left join customer_accounts ca on ca.tenant_id = c.tenant_id and ca.organisation_id = c.organisation_id
      left join by_docs bd on bd.tenant_id = c.tenant_id and bd.organisation_id = c.organisation_id
      left join by_payments bp on bp.tenant_id = c.tenant_id and bp.organisation_id = c.organisation_id
      left join by_refunds br on br.tenant_id = c.tenant_id and br.organisation_id = c.organisation_id
     order by t.name, c.tenant_id, o.name, c.organisation_id`.execute(tx);
  return rows;
}

export type StatementEntryKind = DocumentKind | 'payment' | 'refund';

export interface StatementEntryRow {
  tenantId: string;
  providerName: string;
  organisationId: string;
  customerName: string;
  kind: StatementEntryKind;
  id: string;
  on: string;
  reference: string;
  /** Credits: which document a credit note takes back from. */
  creditsNumber: string | null;
  dueOn: string | null;
  amountPence: number;
}

/**
 * Everything on a statement of account, in the order it happened: final documents (void ones
 * never counted), payments received and credit refunded.
 */
export async function listStatementEntries(
  tx: Scoped,
  filter: { tenantId?: string; organisationId?: string },
): Promise<StatementEntryRow[]> {
  const tenant = filter.tenantId ?? null;
  const organisation = filter.organisationId ?? null;
  const { rows } = await sql<StatementEntryRow>`
    with entries as (
      select d.tenant_id, d.organisation_id, d.kind, d.id, d.issued_on as on_day, d.number as reference,
             c.number as credits_number, d.due_on, d.total_pence as amount, d.finalised_at as at
        from billing_documents d
        left join billing_documents c on c.tenant_id = d.tenant_id and c.id = d.credits_document_id
       where d.status = 'final'
         and (${tenant}::uuid is null or d.tenant_id = ${tenant}::uuid)
         and (${organisation}::uuid is null or d.organisation_id = ${organisation}::uuid)
      union all
      select p.tenant_id, p.organisation_id, 'payment', p.id, p.received_on, p.reference, null, null,
             p.amount_pence, p.recorded_at
        from payments p
       where (${tenant}::uuid is null or p.tenant_id = ${tenant}::uuid)
         and (${organisation}::uuid is null or p.organisation_id = ${organisation}::uuid)
      union all
      select r.tenant_id, r.organisation_id, 'refund', r.id, r.refunded_on, r.reference, null, null,
             r.amount_pence, r.recorded_at
        from credit_refunds r
       where (${tenant}::uuid is null or r.tenant_id = ${tenant}::uuid)
         and (${organisation}::uuid is null or r.organisation_id = ${organisation}::uuid)
    )
    select e.tenant_id as "tenantId", t.name as "providerName", e.organisation_id as "organisationId",
           o.name as "customerName", e.kind, e.id, e.on_day::text as "on", e.reference,
           e.credits_number as "creditsNumber", e.due_on::text as "dueOn", e.amount::bigint as "amountPence"
      from entries e
      join tenants t on t.id = e.tenant_id
      join organisations o on o.id = e.organisation_id
     order by t.name, e.tenant_id, o.name, e.organisation_id, e.on_day, e.at, e.id`.execute(tx);
  return rows;
}

export interface CreditableLineRow {
  id: string;
  lineNumber: number;
  description: string;
  quantityHundredths: number;
  unitPricePence: number;
  netPence: number;
  vatCode: VatCode;
  vatRateBasisPoints: number;
  vatPence: number;
  costCentre: string | null;
  subjectiveCode: string | null;
  /** What credit notes (drafts in flight and final ones) have taken back from this line so far. */
  creditedNetPence: number;
  creditedVatPence: number;
}

/**
 * The document to credit, locked for this transaction so two credit notes against it are taken
 * one after the other; undefined when it is not the tenant's.
 */
export async function findDocumentForCredit(tx: Scoped, tenantId: string, documentId: string, lock: boolean) {
  let query = tx
    .selectFrom('billing_documents')
    .select(['id', 'kind', 'status', 'number', 'organisation_id as organisationId', 'customer_name as customerName'])
    .select(['issued_on as issuedOn', 'total_pence as totalPence', 'po_number as poNumber'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listCreditableLines(tx: Scoped, tenantId: string, documentId: string) {
  const { rows } = await sql<CreditableLineRow>`
    select l.id, l.line_number as "lineNumber", l.description, l.quantity_hundredths as "quantityHundredths",
           l.unit_price_pence as "unitPricePence", l.net_pence as "netPence", l.vat_code as "vatCode",
           l.vat_rate_basis_points as "vatRateBasisPoints", l.vat_pence as "vatPence",
           l.cost_centre as "costCentre", l.subjective_code as "subjectiveCode",
           coalesce(cr.net, 0)::bigint as "creditedNetPence", coalesce(cr.vat, 0)::bigint as "creditedVatPence"
      from billing_document_lines l
      left join lateral (
        select sum(cl.net_pence) as net, sum(cl.vat_pence) as vat
          from billing_document_lines cl
          join billing_documents cn on cn.tenant_id = cl.tenant_id and cn.id = cl.document_id
         where cl.tenant_id = l.tenant_id and cl.credits_line_id = l.id and cn.status <> 'void') cr on true
     where l.tenant_id = ${tenantId} and l.document_id = ${documentId}
     order by l.line_number`.execute(tx);
  return rows;
}

/** The final credit notes raised against a document, oldest first. */
export async function listCreditNotesAgainst(tx: Scoped, tenantId: string, documentId: string) {
  return tx
    .selectFrom('billing_documents')
    .select(['id', 'number', 'status', 'issued_on as issuedOn', 'total_pence as totalPence', 'reason'])
    .where('tenant_id', '=', tenantId)
    .where('credits_document_id', '=', documentId)
    .where('status', '<>', 'void')
    .orderBy('created_at')
    .execute();
}
