import type { LedgerPreset } from '../../db/tables/ledger-export';
import type { LedgerColumn, LedgerSource, LedgerTemplate } from './ledger-template';

const from = (header: string, source: LedgerSource): LedgerColumn => ({ header, source });
const fixed = (header: string, value: string): LedgerColumn => ({ header, source: 'fixed', value });

/**
 * Starting points, not rules: each council configures its ledger's loader its own way, so a preset
 * is copied into the tenant's template and edited there (fixed values such as the GL07 client).
 */
export const PRESET_TEMPLATES: Record<LedgerPreset, LedgerTemplate> = {
  // Unit4 ERP GL07 batch input (acrbatchinput), with the customer fields of an AR invoice.
  unit4_gl07: {
    preset: 'unit4_gl07',
    delimiter: 'comma',
    dateFormat: 'YYYYMMDD',
    headerRow: true,
    manualCostCentre: null,
    manualSubjectiveCode: null,
    columns: [
      from('batch_id', 'batch_id'),
      fixed('interface', 'BI'),
      fixed('voucher_type', 'TS'),
      fixed('trans_type', 'GL'),
      fixed('client', ''),
      from('account', 'subjective_code'),
      from('dim_1', 'cost_centre'),
      fixed('dim_2', ''),
      fixed('dim_3', ''),
      fixed('dim_4', ''),
      fixed('dim_5', ''),
      fixed('dim_6', ''),
      fixed('dim_7', ''),
      from('tax_code', 'vat_code'),
      fixed('tax_system', ''),
      fixed('currency', 'GBP'),
      from('cur_amount', 'net_amount'),
      from('amount', 'net_amount'),
      from('description', 'description'),
      from('trans_date', 'document_date'),
      from('voucher_date', 'document_date'),
      from('period', 'period'),
      from('ext_inv_ref', 'document_number'),
      from('sequence_no', 'line_sequence'),
      fixed('apar_type', 'R'),
      from('apar_id', 'customer_account'),
      from('apar_name', 'customer_name'),
      from('due_date', 'due_date'),
      from('ext_ref', 'po_number'),
    ],
  },
  // Oracle Fusion Receivables AutoInvoice interface lines; a credit memo names its invoice.
  oracle_autoinvoice: {
    preset: 'oracle_autoinvoice',
    delimiter: 'comma',
    dateFormat: 'YYYY/MM/DD',
    headerRow: true,
    manualCostCentre: null,
    manualSubjectiveCode: null,
    columns: [
      fixed('INTERFACE_LINE_CONTEXT', 'TRADED'),
      from('INTERFACE_LINE_ATTRIBUTE1', 'document_number'),
      from('INTERFACE_LINE_ATTRIBUTE2', 'document_line'),
      from('INTERFACE_LINE_ATTRIBUTE3', 'batch_id'),
      fixed('BATCH_SOURCE_NAME', 'TRADED SERVICES'),
      from('CUST_TRX_TYPE_NAME', 'document_type'),
      fixed('TERM_NAME', '30 NET'),
      from('TRX_DATE', 'document_date'),
      from('GL_DATE', 'document_date'),
      from('TRX_NUMBER', 'document_number'),
      from('BILL_CUSTOMER_ACCOUNT_NUMBER', 'customer_account'),
      fixed('LINE_TYPE', 'LINE'),
      from('DESCRIPTION', 'description'),
      fixed('CURRENCY_CODE', 'GBP'),
      from('AMOUNT', 'net_amount'),
      from('QUANTITY', 'quantity'),
      from('UNIT_SELLING_PRICE', 'unit_price'),
      from('TAX_CLASSIFICATION_CODE', 'vat_code'),
      fixed('CONVERSION_TYPE', 'User'),
      fixed('CONVERSION_RATE', '1'),
      from('PURCHASE_ORDER', 'po_number'),
      from('REFERENCE_LINE_ATTRIBUTE1', 'credited_document'),
      from('ATTRIBUTE1', 'cost_centre'),
      from('ATTRIBUTE2', 'subjective_code'),
    ],
  },
  journal_csv: {
    preset: 'journal_csv',
    delimiter: 'comma',
    dateFormat: 'DD/MM/YYYY',
    headerRow: true,
    manualCostCentre: null,
    manualSubjectiveCode: null,
    columns: [
      from('Batch', 'batch_id'),
      from('Line', 'line_sequence'),
      from('Date', 'document_date'),
      from('Period', 'period'),
      from('Document', 'document_number'),
      from('Type', 'document_type'),
      from('Cost centre', 'cost_centre'),
      from('Subjective', 'subjective_code'),
      from('Customer account', 'customer_account'),
      from('Customer', 'customer_name'),
      from('PO number', 'po_number'),
      from('Description', 'description'),
      from('VAT code', 'vat_code'),
      from('Debit', 'debit_amount'),
      from('Credit', 'credit_amount'),
      from('Net', 'net_amount'),
      from('VAT', 'vat_amount'),
      from('Gross', 'gross_amount'),
    ],
  },
};

/** What a tenant that has saved no template exports with. */
export const DEFAULT_TEMPLATE = PRESET_TEMPLATES.journal_csv;
