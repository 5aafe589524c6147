import { sql } from 'kysely';
import type { BankLineStatus, BankMatchHow, BankPreset } from '../tables/bank-statements';
import type { Scoped } from '../scope.server';

// A statement of 100,000 lines is written in a handful of statements: rows travel as one JSON
// parameter per chunk (json_to_recordset), lists of keys as one array parameter.

const CHUNK = 20_000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** One import at a time per tenant, so two uploads of one file cannot both add its lines. */
export async function lockBankImports(tx: Scoped, tenantId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended('bank-import:' || ${tenantId}::text, 0))`.execute(tx);
}

export interface ColumnMappingRow {
  dateColumn: string;
  amountColumn: string | null;
  creditColumn: string | null;
  debitColumn: string | null;
  referenceColumn: string;
  nameColumn: string | null;
}

export async function findColumnMapping(tx: Scoped, tenantId: string): Promise<ColumnMappingRow | null> {
  const row = await tx
    .selectFrom('bank_column_mappings')
    .select([
      'date_column as dateColumn',
      'amount_column as amountColumn',
      'credit_column as creditColumn',
      'debit_column as debitColumn',
      'reference_column as referenceColumn',
      'name_column as nameColumn',
    ])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row ?? null;
}

export async function saveColumnMapping(tx: Scoped, tenantId: string, m: ColumnMappingRow, userId: string) {
  const values = {
    date_column: m.dateColumn,
    amount_column: m.amountColumn,
    credit_column: m.creditColumn,
    debit_column: m.debitColumn,
    reference_column: m.referenceColumn,
    name_column: m.nameColumn,
    updated_by: userId,
    updated_at: new Date(),
  };
  await tx
    .insertInto('bank_column_mappings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

/** Of these fingerprints, the ones already imported. */
export async function knownFingerprints(tx: Scoped, tenantId: string, fingerprints: readonly string[]) {
  const known = new Set<string>();
  for (const part of chunks(fingerprints)) {
    const { rows } = await sql<{ fingerprint: string }>`
      select fingerprint from bank_statement_lines
       where tenant_id = ${tenantId} and fingerprint = any(${part}::text[])`.execute(tx);
    for (const r of rows) known.add(r.fingerprint);
  }
  return known;
}

/**
 * Locks every customer's money that has something owed (in one order, so two imports never
 * deadlock), then reads each final invoice and recharge still owed with its balance, in one pass.
 */
export async function listMatchableDocuments(tx: Scoped, tenantId: string) {
  await sql`
    select pg_advisory_xact_lock(hashtextextended(${tenantId}::text || o.organisation_id::text, 0))
      from (select distinct organisation_id from billing_documents
             where tenant_id = ${tenantId} and status = 'final' and kind <> 'credit_note'
             order by organisation_id) o`.execute(tx);
  const { rows } = await sql<{
    id: string;
    number: string;
    poNumber: string | null;
    organisationId: string;
    issuedOn: string;
    balancePence: number;
  }>`
    with allocated as (
      select document_id, sum(amount_pence) as pence from payment_allocations
       where tenant_id = ${tenantId} group by document_id
    ),
    credited as (
      select credits_document_id as document_id, sum(total_pence) as pence from billing_documents
       where tenant_id = ${tenantId} and kind = 'credit_note' and status = 'final' group by credits_document_id
    )
    select * from (
      select d.id, d.number, d.po_number as "poNumber", d.organisation_id as "organisationId",
             d.issued_on::text as "issuedOn",
             (d.total_pence - coalesce(a.pence, 0) - coalesce(c.pence, 0))::bigint as "balancePence"
        from billing_documents d
        left join allocated a on a.document_id = d.id
        left join credited c on c.document_id = d.id
       where d.tenant_id = ${tenantId} and d.status = 'final' and d.kind <> 'credit_note') x
     where x."balancePence" > 0`.execute(tx);
  return rows;
}

export async function listMatchableCustomers(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('customer_accounts as ca')
    .innerJoin('organisations as o', 'o.id', 'ca.organisation_id')
    .select(['ca.organisation_id as organisationId', 'ca.account_code as accountCode', 'o.name'])
    .where('ca.tenant_id', '=', tenantId)
    .execute();
}

export async function insertBankStatement(
  tx: Scoped,
  s: {
    tenantId: string;
    id: string;
    preset: BankPreset;
    fileName: string;
    account: string;
    firstOn: string | null;
    lastOn: string | null;
    linesInFile: number;
    linesNew: number;
    linesMatched: number;
    importedBy: string | null;
  },
) {
  await tx
    .insertInto('bank_statements')
    .values({
      tenant_id: s.tenantId,
      id: s.id,
      preset: s.preset,
      file_name: s.fileName,
      account: s.account,
      first_on: s.firstOn,
      last_on: s.lastOn,
      lines_in_file: s.linesInFile,
      lines_new: s.linesNew,
      lines_matched: s.linesMatched,
      imported_by: s.importedBy,
    })
    .execute();
}

export interface BankPaymentWrite {
  id: string;
  organisationId: string;
  receivedOn: string;
  amountPence: number;
  reference: string;
  /** From the statement line, so the same bank line never becomes two payments. */
  externalId: string;
}

export async function insertBankPayments(
  tx: Scoped,
  tenantId: string,
  recordedBy: string | null,
  rows: readonly BankPaymentWrite[],
) {
  for (const part of chunks(rows)) {
    await sql`
      insert into payments (tenant_id, id, organisation_id, received_on, amount_pence, method, reference, external_id, recorded_by)
      select ${tenantId}::uuid, r.id, r.organisation_id, r.received_on, r.amount_pence, 'bank_transfer', r.reference,
             r.external_id, ${recordedBy}::uuid
        from json_to_recordset(${JSON.stringify(
          part.map((p) => ({
            id: p.id,
            organisation_id: p.organisationId,
            received_on: p.receivedOn,
            amount_pence: p.amountPence,
            reference: p.reference,
            external_id: p.externalId,
          })),
        )}::json) as r(id uuid, organisation_id uuid, received_on date, amount_pence bigint, reference text, external_id text)`.execute(
      tx,
    );
  }
}

export async function insertBankAllocations(
  tx: Scoped,
  tenantId: string,
  allocatedBy: string | null,
  rows: Readonly<Array<{ paymentId: string; documentId: string; amountPence: number }>>,
) {
  for (const part of chunks(rows)) {
    await sql`
      insert into payment_allocations (tenant_id, payment_id, document_id, amount_pence, allocated_by)
      select ${tenantId}::uuid, r.payment_id, r.document_id, r.amount_pence, ${allocatedBy}::uuid
        from json_to_recordset(${JSON.stringify(
          part.map((a) => ({ payment_id: a.paymentId, document_id: a.documentId, amount_pence: a.amountPence })),
        )}::json) as r(payment_id uuid, document_id uuid, amount_pence bigint)`.execute(tx);
  }
}

export interface BankLineWrite {
  lineNumber: number;
  fingerprint: string;
  account: string;
  bookedOn: string;
  amountPence: number;
  reference: string;
  payerName: string;
  description: string;
  status: BankLineStatus;
  matchedHow: BankMatchHow | null;
  matchReason: string | null;
  paymentId: string | null;
}

export async function insertBankLines(
  tx: Scoped,
  tenantId: string,
  statementId: string,
  decidedBy: string | null,
  rows: readonly BankLineWrite[],
) {
  for (const part of chunks(rows)) {
    await sql`
      insert into bank_statement_lines (tenant_id, statement_id, line_number, fingerprint, account, booked_on,
        amount_pence, reference, payer_name, description, status, matched_how, match_reason, payment_id,
        decided_by, decided_at)
      select ${tenantId}::uuid, ${statementId}::uuid, r.line_number, r.fingerprint, r.account, r.booked_on,
             r.amount_pence, r.reference, r.payer_name, r.description, r.status, r.matched_how, r.match_reason,
             r.payment_id, case when r.payment_id is null then null else ${decidedBy}::uuid end,
             case when r.payment_id is null then null else now() end
        from json_to_recordset(${JSON.stringify(
          part.map((l) => ({
            line_number: l.lineNumber,
            fingerprint: l.fingerprint,
            account: l.account,
            booked_on: l.bookedOn,
            amount_pence: l.amountPence,
            reference: l.reference,
            payer_name: l.payerName,
            description: l.description,
            status: l.status,
            matched_how: l.matchedHow,
            match_reason: l.matchReason,
            payment_id: l.paymentId,
          })),
        )}::json) as r(line_number integer, fingerprint text, account text, booked_on date, amount_pence bigint,
                       reference text, payer_name text, description text, status text, matched_how text,
                       match_reason text, payment_id uuid)`.execute(tx);
  }
}

/** Many audit events at once (a statement's automatic matches), each as insertAuditEvent writes one. */
export async function insertAuditEvents(
  tx: Scoped,
  tenantId: string,
  actorUserId: string | null,
  events: Readonly<Array<{ action: string; subjectType: string; subjectId: string; detail: Record<string, unknown> }>>,
) {
  for (const part of chunks(events)) {
    await sql`
      insert into audit_events (tenant_id, actor_user_id, action, subject_type, subject_id, detail)
      select ${tenantId}::uuid, ${actorUserId}::uuid, r.action, r.subject_type, r.subject_id, r.detail
        from json_to_recordset(${JSON.stringify(
          part.map((e) => ({
            action: e.action,
            subject_type: e.subjectType,
            subject_id: e.subjectId,
            detail: e.detail,
          })),
        )}::json) as r(action text, subject_type text, subject_id text, detail jsonb)`.execute(tx);
  }
}

/** The latest imports, newest first, with how many of their lines still wait for a person. */
export async function listBankStatements(tx: Scoped, tenantId: string, limit: number) {
  const { rows } = await sql<{
    id: string;
    preset: BankPreset;
    fileName: string;
    account: string;
    firstOn: string | null;
    lastOn: string | null;
    linesInFile: number;
    linesNew: number;
    linesMatched: number;
    linesWaiting: number;
    importedAt: Date;
    importedByName: string | null;
  }>`
    select s.id, s.preset, s.file_name as "fileName", s.account, s.first_on::text as "firstOn",
           s.last_on::text as "lastOn", s.lines_in_file as "linesInFile", s.lines_new as "linesNew",
           s.lines_matched as "linesMatched",
           (select count(*) from bank_statement_lines l
             where l.tenant_id = s.tenant_id and l.statement_id = s.id and l.status = 'unmatched')::bigint
             as "linesWaiting",
           s.imported_at as "importedAt", u.name as "importedByName"
      from bank_statements s
      left join users u on u.id = s.imported_by
     where s.tenant_id = ${tenantId}
     order by s.imported_at desc, s.id
     limit ${limit}`.execute(tx);
  return rows;
}

export async function findBankStatement(tx: Scoped, tenantId: string, statementId: string) {
  return tx
    .selectFrom('bank_statements as s')
    .leftJoin('users as u', 'u.id', 's.imported_by')
    .select([
      's.id',
      's.preset',
      's.file_name as fileName',
      's.account',
      sql<string | null>`s.first_on::text`.as('firstOn'),
      sql<string | null>`s.last_on::text`.as('lastOn'),
      's.lines_in_file as linesInFile',
      's.lines_new as linesNew',
      's.lines_matched as linesMatched',
      's.imported_at as importedAt',
      'u.name as importedByName',
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('s.id', '=', statementId)
    .executeTakeFirst();
}

/** A bank line as written, with where it is and what became of it. */
export interface BankLineRow extends BankLineWrite {
  id: string;
  statementId: string;
  customerName: string | null;
  /** The documents the line's payment went to: "TST-INV000001 £120.00; …". */
  paidDocuments: Array<{ id: string; number: string; amountPence: number }>;
  decidedByName: string | null;
}

const LINE_SELECT = sql`
  l.id, l.statement_id as "statementId", l.line_number as "lineNumber", l.fingerprint, l.account,
  l.booked_on::text as "bookedOn", l.amount_pence as "amountPence", l.reference, l.payer_name as "payerName",
  l.description, l.status, l.matched_how as "matchedHow", l.match_reason as "matchReason",
  l.payment_id as "paymentId", o.name as "customerName", u.name as "decidedByName",
  coalesce((select json_agg(json_build_object('id', d.id, 'number', d.number, 'amountPence', a.amount_pence)
                            order by d.issued_on, d.number)
              from payment_allocations a
              join billing_documents d on d.tenant_id = a.tenant_id and d.id = a.document_id
             where a.tenant_id = l.tenant_id and a.payment_id = l.payment_id), '[]'::json) as "paidDocuments"`;

const LINE_FROM = sql`
  from bank_statement_lines l
  left join payments p on p.tenant_id = l.tenant_id and p.id = l.payment_id
  left join organisations o on o.id = p.organisation_id
  left join users u on u.id = l.decided_by`;

/** A page of a statement's lines in file order, and how many it has. */
export async function listStatementLines(
  tx: Scoped,
  tenantId: string,
  statementId: string,
  offset: number,
  limit: number,
) {
  const { rows } = await sql<BankLineRow>`
    select ${LINE_SELECT} ${LINE_FROM}
     where l.tenant_id = ${tenantId} and l.statement_id = ${statementId}
     order by l.line_number, l.id
     limit ${limit} offset ${offset}`.execute(tx);
  return rows;
}

/** The credit lines waiting for a person, oldest first. */
export async function listWaitingLines(tx: Scoped, tenantId: string, limit: number) {
  const { rows } = await sql<BankLineRow>`
    select ${LINE_SELECT} ${LINE_FROM}
     where l.tenant_id = ${tenantId} and l.status = 'unmatched'
     order by l.booked_on, l.line_number, l.id
     limit ${limit}`.execute(tx);
  return rows;
}

export async function countWaitingLines(tx: Scoped, tenantId: string) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::bigint as n from bank_statement_lines where tenant_id = ${tenantId} and status = 'unmatched'`.execute(
    tx,
  );
  return Number(rows[0]?.n ?? 0);
}

/** One line; locked for this transaction when it is about to be decided. */
export async function findBankLine(tx: Scoped, tenantId: string, lineId: string, lock = false) {
  if (lock)
    await sql`select 1 from bank_statement_lines where tenant_id = ${tenantId} and id = ${lineId} for update`.execute(
      tx,
    );
  const { rows } = await sql<BankLineRow>`
    select ${LINE_SELECT} ${LINE_FROM}
     where l.tenant_id = ${tenantId} and l.id = ${lineId}`.execute(tx);
  return rows[0];
}

/** The one change a line allows: a waiting line matched or marked not ours (the database checks it). */
export async function decideBankLine(
  tx: Scoped,
  tenantId: string,
  lineId: string,
  change: { status: 'matched' | 'not_ours'; paymentId: string | null; reason: string; decidedBy: string },
) {
  await tx
    .updateTable('bank_statement_lines')
    .set({
      status: change.status,
      matched_how: change.status === 'matched' ? 'by_hand' : null,
      match_reason: change.reason,
      payment_id: change.paymentId,
      decided_by: change.decidedBy,
      decided_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', lineId)
    .where('status', '=', 'unmatched')
    .execute();
}

/** The tenant's invoice prefix, so a reference without it ("INV000012") still names the document. */
export async function findInvoicePrefix(tx: Scoped, tenantId: string) {
  const row = await tx.selectFrom('tenants').select('invoice_prefix').where('id', '=', tenantId).executeTakeFirst();
  return row?.invoice_prefix ?? '';
}
