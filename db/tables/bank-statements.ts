import type { ColumnType, Generated } from 'kysely';

/** Kysely types for the tables made by migration 0026; db/schema.ts's Database includes them. */

type InstantDefault = ColumnType<Date, Date | string | undefined, Date | string>;

export type BankPreset = 'lloyds' | 'barclays' | 'natwest' | 'camt053' | 'mapping';
export type BankLineStatus = 'matched' | 'unmatched' | 'not_ours' | 'debit';
export type BankMatchHow = 'automatic' | 'by_hand';

export interface BankColumnMappingsTable {
  tenant_id: string;
  date_column: string;
  amount_column: string | null;
  credit_column: string | null;
  debit_column: string | null;
  reference_column: string;
  name_column: string | null;
  updated_by: string | null;
  updated_at: InstantDefault;
}

export interface BankStatementsTable {
  tenant_id: string;
  id: Generated<string>;
  preset: BankPreset;
  file_name: Generated<string>;
  account: Generated<string>;
  first_on: ColumnType<string | null, string | null, string | null>;
  last_on: ColumnType<string | null, string | null, string | null>;
  lines_in_file: number;
  lines_new: number;
  lines_matched: number;
  imported_by: string | null;
  imported_at: InstantDefault;
}

export interface BankStatementLinesTable {
  tenant_id: string;
  id: Generated<string>;
  statement_id: string;
  line_number: number;
  fingerprint: string;
  account: Generated<string>;
  booked_on: ColumnType<string, string, string>;
  amount_pence: ColumnType<number, number | bigint, number | bigint>;
  reference: Generated<string>;
  payer_name: Generated<string>;
  description: Generated<string>;
  status: BankLineStatus;
  matched_how: BankMatchHow | null;
  match_reason: string | null;
  payment_id: string | null;
  decided_by: string | null;
  decided_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface BankStatementTables {
  bank_column_mappings: BankColumnMappingsTable;
  bank_statements: BankStatementsTable;
  bank_statement_lines: BankStatementLinesTable;
}
