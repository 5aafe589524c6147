import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

/** The councils that are tenants here and customers of this tenant: those it may net with. */
export async function listPartnerCouncils(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('tenants as t')
    .innerJoin('customer_accounts as c', (join) =>
      join.onRef('c.organisation_id', '=', 't.organisation_id').on('c.tenant_id', '=', tenantId),
    )
    .select(['t.id', 't.slug', 't.name'])
    .where('t.id', '<>', tenantId)
    .orderBy('t.name')
    .execute();
}

export interface StatementRow {
  /** 'ours': this tenant invoiced the partner; 'theirs': the partner invoiced this tenant. */
  side: 'ours' | 'theirs';
  documentId: string;
  number: string;
  kind: 'invoice' | 'recharge';
  issuedOn: string;
  dueOn: string | null;
  totalPence: number;
  paidPence: number;
  creditedPence: number;
  outstandingPence: number;
}

/** Every document each side invoiced the other in the period (the database checks who may ask). */
export async function netSettlementStatement(tx: Scoped, partnerTenantId: string, from: string, to: string) {
  const { rows } = await sql<StatementRow>`
    select side, document_id as "documentId", number, kind, issued_on::text as "issuedOn", due_on::text as "dueOn",
           total_pence::bigint as "totalPence", paid_pence::bigint as "paidPence",
           credited_pence::bigint as "creditedPence", outstanding_pence::bigint as "outstandingPence"
      from net_settlement_statement(${partnerTenantId}::uuid, ${from}::date, ${to}::date)`.execute(tx);
  return rows.map((r) => ({
    ...r,
    totalPence: Number(r.totalPence),
    paidPence: Number(r.paidPence),
    creditedPence: Number(r.creditedPence),
    outstandingPence: Number(r.outstandingPence),
  }));
}

/** Records the netting on both sides at once; returns the settlement's id. */
export async function settleByNetting(
  tx: Scoped,
  partnerTenantId: string,
  from: string,
  to: string,
  amountPence: number,
): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    select settle_by_netting(${partnerTenantId}::uuid, ${from}::date, ${to}::date, ${amountPence}::bigint) as id`.execute(
    tx,
  );
  return rows[0]!.id;
}

/** This tenant's settlements by netting, newest first, with whichever council settled. */
export async function listNetSettlements(tx: Scoped, tenantId: string, partnerTenantId?: string) {
  let query = tx
    .selectFrom('net_settlements as s')
    .innerJoin('tenants as p', 'p.id', 's.partner_tenant_id')
    .innerJoin('tenants as by', 'by.id', 's.settled_by_tenant_id')
    .leftJoin('users as u', 'u.id', 's.settled_by')
    .select([
      's.id',
      's.reference',
      's.amount_pence as amountPence',
      sql<string>`s.period_start::text`.as('periodStart'),
      sql<string>`s.period_end::text`.as('periodEnd'),
      's.payment_id as paymentId',
      's.settled_at as settledAt',
      'p.name as partnerName',
      'by.name as settledByCouncil',
      'u.name as settledByName',
    ])
    .where('s.tenant_id', '=', tenantId);
  if (partnerTenantId) query = query.where('s.partner_tenant_id', '=', partnerTenantId);
  return query.orderBy('s.settled_at', 'desc').orderBy('s.id').execute();
}
