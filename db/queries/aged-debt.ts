import { sql, type RawBuilder } from 'kysely';
import { AGE_BUCKETS, type AgeBucket, type AgedAmounts } from '../../app/debt/age-buckets';
import type { Scoped } from '../scope.server';

/**
 * The tenant's invoices and recharges with something still owed as of a date, each with what is
 * owed and how many days past its due date it is (a document without a due date is due on issue).
 * Counted: documents final (void ones never) and issued by then, less the credit notes issued by
 * then and the payments received by then that are allocated to them (an allocation counts from
 * its payment's date, as a ledger dates it). One set-based statement, whatever the number of
 * customers.
 */
export function openDocumentsAsOf(tenantId: string, asOf: string, organisationId: string | null = null) {
  // Every allocation is summed per document in one pass, then those of payments received after the
  // date are given back: far fewer rows to join to their payments than all of them.
  return sql`
    select d.tenant_id, d.id, d.organisation_id, d.kind, d.number, d.issued_on, d.due_on, d.total_pence,
           d.billing_contact_email,
           (d.total_pence - coalesce(paid.pence, 0) + coalesce(paid_later.pence, 0) - coalesce(credited.pence, 0))
             as outstanding,
           (${asOf}::date - coalesce(d.due_on, d.issued_on))::integer as days_past_due
      from billing_documents d
      left join (
        select a.document_id, sum(a.amount_pence)::bigint as pence
          from payment_allocations a
         where a.tenant_id = ${tenantId}::uuid
         group by a.document_id
      ) paid on paid.document_id = d.id
      left join (
        select a.document_id, sum(a.amount_pence)::bigint as pence
          from payments p
          join payment_allocations a on a.tenant_id = p.tenant_id and a.payment_id = p.id
         where p.tenant_id = ${tenantId}::uuid and p.received_on > ${asOf}::date
           and (${organisationId}::uuid is null or p.organisation_id = ${organisationId}::uuid)
         group by a.document_id
      ) paid_later on paid_later.document_id = d.id
      left join (
        select c.credits_document_id as document_id, sum(c.total_pence)::bigint as pence
          from billing_documents c
         where c.tenant_id = ${tenantId}::uuid and c.kind = 'credit_note' and c.status = 'final'
           and c.issued_on <= ${asOf}::date
           and (${organisationId}::uuid is null or c.organisation_id = ${organisationId}::uuid)
         group by c.credits_document_id
      ) credited on credited.document_id = d.id
     where d.tenant_id = ${tenantId}::uuid and d.status = 'final' and d.kind <> 'credit_note'
       and d.issued_on <= ${asOf}::date
       and (${organisationId}::uuid is null or d.organisation_id = ${organisationId}::uuid)
       and d.total_pence - coalesce(paid.pence, 0) + coalesce(paid_later.pence, 0) - coalesce(credited.pence, 0) > 0`;
}

/** The age rule of app/debt/age-buckets.ts as a condition on `days_past_due`. */
function inBucket(b: AgeBucket): RawBuilder<unknown> {
  if (b.fromDays === null) return sql`days_past_due <= ${sql.lit(b.toDays)}`;
  if (b.toDays === null) return sql`days_past_due >= ${sql.lit(b.fromDays)}`;
  return sql`days_past_due between ${sql.lit(b.fromDays)} and ${sql.lit(b.toDays)}`;
}

const bucketSums = sql.join(
  AGE_BUCKETS.map((b) => sql`coalesce(sum(outstanding) filter (where ${inBucket(b)}), 0)::bigint as ${sql.ref(b.key)}`),
);

export interface AgedDebtRow extends AgedAmounts {
  organisationId: string;
  accountId: string;
  customerName: string;
  accountCode: string | null;
  totalPence: number;
  documents: number;
  /** The most days past due of the customer's open documents (zero or less: none overdue). */
  oldestDaysPastDue: number;
}

/**
 * Aged debt for every customer of the tenant that owes something as of `asOf` (an ISO date), in
 * one query, by customer name; or for one customer. For the page, the CSV and `bench:finance`.
 */
export async function listAgedDebt(
  tx: Scoped,
  tenantId: string,
  asOf: string,
  organisationId: string | null = null,
): Promise<AgedDebtRow[]> {
  const { rows } = await sql<AgedDebtRow>`
    with open_documents as (${openDocumentsAsOf(tenantId, asOf, organisationId)}),
    by_customer as (
      select organisation_id, ${bucketSums},
             sum(outstanding)::bigint as total, count(*)::integer as documents,
             max(days_past_due)::integer as oldest
        from open_documents group by organisation_id
    )
    select b.organisation_id as "organisationId", ca.id as "accountId", o.name as "customerName",
           ca.account_code as "accountCode",
           ${sql.join(AGE_BUCKETS.map((bucket) => sql`b.${sql.ref(bucket.key)}`))},
           b.total as "totalPence", b.documents, b.oldest as "oldestDaysPastDue"
      from by_customer b
      join customer_accounts ca on ca.tenant_id = ${tenantId}::uuid and ca.organisation_id = b.organisation_id
      join organisations o on o.id = b.organisation_id
     order by o.name, b.organisation_id`.execute(tx);
  return rows;
}
