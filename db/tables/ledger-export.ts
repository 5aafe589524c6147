import type { ColumnType, Generated } from 'kysely';

/** Kysely types for the tables made by migration 0027; db/schema.ts's Database includes them. */

type InstantDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type LedgerPreset = 'unit4_gl07' | 'oracle_autoinvoice' | 'journal_csv';
export type LedgerDelimiter = 'comma' | 'semicolon' | 'pipe' | 'tab';
export type LedgerDateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'YYYYMMDD' | 'YYYY/MM/DD' | 'DD-MON-YYYY';
export type LedgerBatchKind = 'sales' | 'recharge_journal';

/** One column of a ledger file: its header and where its value comes from (or a fixed value). */
export interface LedgerColumnRecord {
  header: string;
  source: string;
  value?: string;
}

export interface LedgerTemplatesTable {
  tenant_id: string;
  preset: LedgerPreset;
  delimiter: LedgerDelimiter;
  date_format: LedgerDateFormat;
  header_row: Generated<boolean>;
  columns: Json<LedgerColumnRecord[]>;
  manual_cost_centre: string | null;
  manual_subjective_code: string | null;
  updated_by: string | null;
  updated_at: InstantDefault;
}

export interface LedgerBatchesTable {
  tenant_id: string;
  id: Generated<string>;
  number: number;
  reference: string;
  kind: LedgerBatchKind;
  period_start: string;
  period_end: string;
  document_count: number;
  row_count: number;
  net_pence: number;
  vat_pence: number;
  gross_pence: number;
  debit_pence: number;
  credit_pence: number;
  template: Json<unknown>;
  file_name: string;
  file_text: string;
  file_sha256: string;
  exported_by: string | null;
  exported_at: InstantDefault;
}

export interface LedgerBatchDocumentsTable {
  tenant_id: string;
  batch_id: string;
  document_id: string;
}

export interface LedgerExportTables {
  ledger_templates: LedgerTemplatesTable;
  ledger_batches: LedgerBatchesTable;
  ledger_batch_documents: LedgerBatchDocumentsTable;
}
