import type {
  LedgerBatchKind,
  LedgerColumnRecord,
  LedgerDateFormat,
  LedgerDelimiter,
  LedgerPreset,
} from '../../db/tables/ledger-export';

/** Where a ledger file's column takes its value from, and what a person reads about it. */
export const LEDGER_SOURCES = {
  batch_id: 'The batch reference, e.g. LB000007',
  line_sequence: 'The row number in the file, from 1',
  document_number: 'The invoice, credit note or recharge number',
  document_line: 'The line number on the document (blank on a journal’s debit row)',
  document_type: 'INV, CRN or RCH',
  document_date: 'The date the document was issued',
  due_date: 'The date payment is due',
  period: 'The batch’s accounting period, as YYYYMM',
  customer_account: 'The customer’s account code (for a recharge, the school’s budget code)',
  customer_name: 'The customer’s name as on the document',
  po_number: 'The customer’s purchase order number',
  description: 'The line’s description',
  cost_centre: 'The cost centre (the service’s; on a journal’s debit row, the school’s budget code)',
  subjective_code: 'The subjective (income) code of the service',
  vat_code: 'S, Z, E or O',
  net_amount: 'Net amount in pounds: minus for a credit note, and for a journal’s credit row',
  vat_amount: 'VAT in pounds, signed as the net amount',
  gross_amount: 'Net plus VAT in pounds, signed as the net amount',
  debit_amount: 'The net amount on a debit row, otherwise blank',
  credit_amount: 'The net amount on a credit row, otherwise blank',
  quantity: 'The quantity on the line',
  unit_price: 'The unit price in pounds',
  credited_document: 'For a credit note, the number of the document it credits',
} as const;

export type LedgerSource = keyof typeof LEDGER_SOURCES;
export const LEDGER_SOURCE_NAMES = Object.keys(LEDGER_SOURCES) as LedgerSource[];

export type LedgerColumn =
  { header: string; source: LedgerSource } | { header: string; source: 'fixed'; value: string };

export interface LedgerTemplate {
  preset: LedgerPreset;
  delimiter: LedgerDelimiter;
  dateFormat: LedgerDateFormat;
  headerRow: boolean;
  columns: LedgerColumn[];
  /** Codes for lines added by hand (no service): without them such a line cannot be exported. */
  manualCostCentre: string | null;
  manualSubjectiveCode: string | null;
}

export const LEDGER_PRESETS: Record<LedgerPreset, string> = {
  unit4_gl07: 'Unit4 (Agresso) GL07 batch input',
  oracle_autoinvoice: 'Oracle Fusion AutoInvoice (RA_INTERFACE_LINES_ALL)',
  journal_csv: 'Plain journal CSV',
};

export const LEDGER_DELIMITERS: Record<LedgerDelimiter, { label: string; character: string }> = {
  comma: { label: 'Comma (,)', character: ',' },
  semicolon: { label: 'Semicolon (;)', character: ';' },
  pipe: { label: 'Vertical bar (|)', character: '|' },
  tab: { label: 'Tab', character: '\t' },
};

export const LEDGER_DATE_FORMATS: Record<LedgerDateFormat, string> = {
  'YYYY-MM-DD': '2026-10-31',
  'DD/MM/YYYY': '31/10/2026',
  YYYYMMDD: '20261031',
  'YYYY/MM/DD': '2026/10/31',
  'DD-MON-YYYY': '31-OCT-2026',
};

export const LEDGER_BATCH_KINDS: Record<LedgerBatchKind, { label: string; button: string; documents: string }> = {
  sales: {
    label: 'Invoices and credit notes',
    button: 'Export invoices and credit notes',
    documents: 'invoices and credit notes',
  },
  recharge_journal: { label: 'Recharge journal', button: 'Export recharge journal', documents: 'recharges' },
};

/** A template as stored (jsonb columns) read back as one the file builder takes. */
export function templateFromRecord(r: {
  preset: LedgerPreset;
  delimiter: LedgerDelimiter;
  date_format: LedgerDateFormat;
  header_row: boolean;
  columns: LedgerColumnRecord[];
  manual_cost_centre: string | null;
  manual_subjective_code: string | null;
}): LedgerTemplate {
  return {
    preset: r.preset,
    delimiter: r.delimiter,
    dateFormat: r.date_format,
    headerRow: r.header_row,
    columns: r.columns.map((c) =>
      c.source === 'fixed'
        ? { header: c.header, source: 'fixed', value: c.value ?? '' }
        : { header: c.header, source: c.source as LedgerSource },
    ),
    manualCostCentre: r.manual_cost_centre,
    manualSubjectiveCode: r.manual_subjective_code,
  };
}

/** The columns as a person edits them: one a line, `Header = source` or `Header = "fixed value"`. */
export function columnsText(columns: readonly LedgerColumn[]): string {
  return columns
    .map((c) => (c.source === 'fixed' ? `${c.header} = "${c.value}"` : `${c.header} = ${c.source}`))
    .join('\n');
}
