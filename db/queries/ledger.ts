import { sql } from 'kysely';
import type { DocumentKind } from '../schema';
import type { Scoped } from '../scope.server';
import type {
  LedgerBatchKind,
  LedgerColumnRecord,
  LedgerDateFormat,
  LedgerDelimiter,
  LedgerPreset,
} from '../tables/ledger-export';

export async function findLedgerTemplate(tx: Scoped, tenantId: string) {
  return tx.selectFrom('ledger_templates').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export interface LedgerTemplateValues {
  preset: LedgerPreset;
  delimiter: LedgerDelimiter;
  dateFormat: LedgerDateFormat;
  headerRow: boolean;
  columns: LedgerColumnRecord[];
  manualCostCentre: string | null;
  manualSubjectiveCode: string | null;
}

export async function saveLedgerTemplate(tx: Scoped, tenantId: string, t: LedgerTemplateValues, userId: string) {
  const values = {
    preset: t.preset,
    delimiter: t.delimiter,
    date_format: t.dateFormat,
    header_row: t.headerRow,
    columns: JSON.stringify(t.columns),
    manual_cost_centre: t.manualCostCentre,
    manual_subjective_code: t.manualSubjectiveCode,
    updated_by: userId,
    updated_at: sql<Date>`now()`,
  };
  await tx
    .insertInto('ledger_templates')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

/** One batch at a time per tenant, so two exports never reach for the same documents. */
export async function lockLedgerBatches(tx: Scoped, tenantId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended('ledger-batch:' || ${tenantId}::text, 0))`.execute(tx);
}

export interface UnbatchedLine {
  documentId: string;
  documentNumber: string;
  documentKind: 'invoice' | 'credit_note' | 'recharge';
  issuedOn: string;
  dueOn: string | null;
  customerAccount: string | null;
  customerName: string;
  creditedDocument: string | null;
  lineNumber: number;
  description: string;
  poNumber: string | null;
  quantityHundredths: number;
  unitPricePence: number;
  netPence: number;
  vatPence: number;
  vatCode: string;
  /** The line's own codes (copied from the service when it was billed). */
  costCentre: string | null;
  subjectiveCode: string | null;
  /** The service the line is for, null for a line added by hand, with its codes now. */
  serviceName: string | null;
  serviceCostCentre: string | null;
  serviceSubjectiveCode: string | null;
}

/**
 * Every line of the tenant's final documents of these kinds issued in the period and in no batch
 * yet, with the service each line is for (a credit line's through the line it credits): one query.
 */
export async function listUnbatchedLines(
  tx: Scoped,
  tenantId: string,
  kinds: readonly DocumentKind[],
  period: { start: string; end: string },
): Promise<UnbatchedLine[]> {
  const { rows } = await sql<UnbatchedLine>`
    select d.id as "documentId", d.number as "documentNumber", d.kind as "documentKind",
           to_char(d.issued_on, 'YYYY-MM-DD') as "issuedOn", to_char(d.due_on, 'YYYY-MM-DD') as "dueOn",
           coalesce(d.account_code, a.account_code) as "customerAccount", d.customer_name as "customerName",
           cd.number as "creditedDocument",
           l.line_number as "lineNumber", l.description, coalesce(l.po_number, d.po_number) as "poNumber",
           l.quantity_hundredths as "quantityHundredths", l.unit_price_pence as "unitPricePence",
           l.net_pence as "netPence", l.vat_pence as "vatPence", l.vat_code as "vatCode",
           l.cost_centre as "costCentre", l.subjective_code as "subjectiveCode",
           s.name as "serviceName", s.cost_centre as "serviceCostCentre", s.subjective_code as "serviceSubjectiveCode"
      from billing_documents d
      join billing_document_lines l on l.tenant_id = d.tenant_id and l.document_id = d.id
      left join customer_accounts a on a.tenant_id = d.tenant_id and a.organisation_id = d.organisation_id
      left join billing_documents cd on cd.tenant_id = d.tenant_id and cd.id = d.credits_document_id
      left join billing_document_lines cl on cl.tenant_id = l.tenant_id and cl.id = l.credits_line_id
      left join order_lines ol on ol.tenant_id = l.tenant_id and ol.id = coalesce(l.order_line_id, cl.order_line_id)
      left join services s on s.tenant_id = ol.tenant_id and s.id = ol.service_id
     where d.tenant_id = ${tenantId}
       and d.status = 'final'
       and d.kind in (${sql.join(kinds)})
       and d.issued_on between ${period.start} and ${period.end}
       and not exists (select 1 from ledger_batch_documents b where b.tenant_id = d.tenant_id and b.document_id = d.id)
     order by d.number, l.line_number`.execute(tx);
  return rows;
}

export interface NewLedgerBatch {
  number: number;
  reference: string;
  kind: LedgerBatchKind;
  periodStart: string;
  periodEnd: string;
  documentCount: number;
  rowCount: number;
  netPence: number;
  vatPence: number;
  grossPence: number;
  debitPence: number;
  creditPence: number;
  template: unknown;
  fileName: string;
  fileText: string;
  fileSha256: string;
  exportedBy: string;
}

/** The number the next batch takes (under lockLedgerBatches, so no two batches take one). */
export async function nextLedgerBatchNumber(tx: Scoped, tenantId: string): Promise<number> {
  const { last } = await tx
    .selectFrom('ledger_batches')
    .select((eb) => eb.fn.coalesce(eb.fn.max('number'), eb.lit(0)).as('last'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(last) + 1;
}

/** Writes the batch and claims its documents: a document in another batch breaks the key (23505). */
export async function insertLedgerBatch(tx: Scoped, tenantId: string, b: NewLedgerBatch, documentIds: string[]) {
  const { id } = await tx
    .insertInto('ledger_batches')
    .values({
      tenant_id: tenantId,
      number: b.number,
      reference: b.reference,
      kind: b.kind,
      period_start: b.periodStart,
      period_end: b.periodEnd,
      document_count: b.documentCount,
      row_count: b.rowCount,
      net_pence: b.netPence,
      vat_pence: b.vatPence,
      gross_pence: b.grossPence,
      debit_pence: b.debitPence,
      credit_pence: b.creditPence,
      template: JSON.stringify(b.template),
      file_name: b.fileName,
      file_text: b.fileText,
      file_sha256: b.fileSha256,
      exported_by: b.exportedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into ledger_batch_documents (tenant_id, batch_id, document_id)
    select ${tenantId}::uuid, ${id}::uuid, unnest(${`{${documentIds.join(',')}}`}::uuid[])`.execute(tx);
  return id;
}

const BATCH_SUMMARY = [
  'b.id',
  'b.number',
  'b.reference',
  'b.kind',
  'b.period_start',
  'b.period_end',
  'b.document_count',
  'b.row_count',
  'b.net_pence',
  'b.vat_pence',
  'b.gross_pence',
  'b.debit_pence',
  'b.credit_pence',
  'b.file_name',
  'b.file_sha256',
  'b.exported_at',
  'u.name as exported_by_name',
] as const;

export async function listLedgerBatches(tx: Scoped, tenantId: string, limit = 100) {
  return tx
    .selectFrom('ledger_batches as b')
    .leftJoin('users as u', 'u.id', 'b.exported_by')
    .select(BATCH_SUMMARY)
    .where('b.tenant_id', '=', tenantId)
    .orderBy('b.number', 'desc')
    .limit(limit)
    .execute();
}

export async function findLedgerBatch(tx: Scoped, tenantId: string, batchId: string) {
  return tx
    .selectFrom('ledger_batches as b')
    .leftJoin('users as u', 'u.id', 'b.exported_by')
    .select(BATCH_SUMMARY)
    .where('b.tenant_id', '=', tenantId)
    .where('b.id', '=', batchId)
    .executeTakeFirst();
}

export async function findLedgerBatchFile(tx: Scoped, tenantId: string, batchId: string) {
  return tx
    .selectFrom('ledger_batches')
    .select(['file_name', 'file_text', 'file_sha256'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', batchId)
    .executeTakeFirst();
}

export async function listLedgerBatchDocuments(tx: Scoped, tenantId: string, batchId: string) {
  return tx
    .selectFrom('ledger_batch_documents as bd')
    .innerJoin('billing_documents as d', (j) =>
      j.onRef('d.tenant_id', '=', 'bd.tenant_id').onRef('d.id', '=', 'bd.document_id'),
    )
    .select([
      'd.id',
      'd.number',
      'd.kind',
      'd.issued_on',
      'd.customer_name',
      'd.net_pence',
      'd.vat_pence',
      'd.total_pence',
    ])
    .where('bd.tenant_id', '=', tenantId)
    .where('bd.batch_id', '=', batchId)
    .orderBy('d.number')
    .execute();
}
