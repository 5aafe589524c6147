import type { LedgerBatchKind } from '../../db/tables/ledger-export';
import { penceToPoundsText } from '../money';
import { LEDGER_DELIMITERS, type LedgerSource, type LedgerTemplate } from './ledger-template';

/** One line of a final document as the export reads it, codes not yet resolved. */
export interface DocumentLineFacts {
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

/** A row of the file, with everything a column can take. */
export interface LedgerRow {
  documentNumber: string;
  documentKind: DocumentLineFacts['documentKind'];
  documentLine: number | null;
  documentDate: string;
  dueDate: string | null;
  customerAccount: string;
  customerName: string;
  poNumber: string;
  description: string;
  costCentre: string;
  subjectiveCode: string;
  vatCode: string;
  side: 'debit' | 'credit';
  /** Signed: minus for a credit note, and for a journal's credit row. */
  netPence: number;
  vatPence: number;
  quantityHundredths: number | null;
  unitPricePence: number | null;
  creditedDocument: string;
}

export interface ControlTotals {
  documentCount: number;
  rowCount: number;
  netPence: number;
  vatPence: number;
  grossPence: number;
  debitPence: number;
  creditPence: number;
}

const MAX_PROBLEMS = 20;

/**
 * Why these lines cannot go to the ledger yet, each naming the line and what to do: a service with
 * no cost centre or subjective code, a hand-added line with no codes in the template, a customer
 * with no account code. Empty when all is well.
 */
export function ledgerProblems(lines: readonly DocumentLineFacts[], template: LedgerTemplate): string[] {
  const byService = new Map<string, { first: DocumentLineFacts; more: number }>();
  const manual: DocumentLineFacts[] = [];
  const customers = new Map<string, DocumentLineFacts>();
  for (const l of lines) {
    const codes = resolveCodes(l, template);
    if (!codes.costCentre || !codes.subjectiveCode) {
      if (l.serviceName === null) manual.push(l);
      else {
        const seen = byService.get(l.serviceName);
        if (seen) seen.more++;
        else byService.set(l.serviceName, { first: l, more: 0 });
      }
    }
    if (!l.customerAccount && !customers.has(l.customerName)) customers.set(l.customerName, l);
  }
  const problems: string[] = [];
  for (const [name, { first, more }] of byService)
    problems.push(
      `Line ${first.lineNumber} of ${first.documentNumber}${more ? ` (and ${more} more ${more === 1 ? 'line' : 'lines'})` : ''}: ` +
        `the service ${name} has no ${missingWords(first, template)}. Add its ledger codes on the service’s page`,
    );
  for (const l of manual)
    problems.push(
      `Line ${l.lineNumber} of ${l.documentNumber} was added by hand and has no ${missingWords(l, template)}. ` +
        'Set the codes for lines added by hand in the ledger template',
    );
  for (const l of customers.values())
    problems.push(
      `${l.documentNumber}: the customer ${l.customerName} has no account code${l.documentKind === 'recharge' ? ' (the school’s budget code)' : ''}. ` +
        'Add it on the customer’s page',
    );
  if (problems.length > MAX_PROBLEMS)
    return [...problems.slice(0, MAX_PROBLEMS), `And ${problems.length - MAX_PROBLEMS} more problems like these`];
  return problems;
}

function missingWords(l: DocumentLineFacts, template: LedgerTemplate): string {
  const codes = resolveCodes(l, template);
  if (!codes.costCentre && !codes.subjectiveCode) return 'cost centre or subjective code';
  return codes.costCentre ? 'subjective code' : 'cost centre';
}

/** The line's own codes, else its service's (added since), else for a hand-added line the template's. */
function resolveCodes(l: DocumentLineFacts, template: LedgerTemplate) {
  const manual = l.serviceName === null;
  return {
    costCentre: l.costCentre || l.serviceCostCentre || (manual ? template.manualCostCentre : null) || '',
    subjectiveCode:
      l.subjectiveCode || l.serviceSubjectiveCode || (manual ? template.manualSubjectiveCode : null) || '',
  };
}

function baseRow(l: DocumentLineFacts) {
  return {
    documentNumber: l.documentNumber,
    documentKind: l.documentKind,
    documentDate: l.issuedOn,
    dueDate: l.dueOn,
    customerAccount: l.customerAccount ?? '',
    customerName: l.customerName,
    poNumber: l.poNumber ?? '',
    creditedDocument: l.creditedDocument ?? '',
  };
}

/**
 * The rows of a batch, in document number and line order. Sales: one income row a line, credit
 * notes negative. Recharge journal: for each recharge, one debit row to the school's budget code for
 * the whole recharge, then one credit row a line to the service's income codes, so it balances.
 */
export function ledgerRows(
  kind: LedgerBatchKind,
  lines: readonly DocumentLineFacts[],
  template: LedgerTemplate,
): LedgerRow[] {
  const sorted = [...lines].sort((a, b) => compare(a.documentNumber, b.documentNumber) || a.lineNumber - b.lineNumber);
  const rows: LedgerRow[] = [];
  if (kind === 'sales') {
    for (const l of sorted) {
      const sign = l.documentKind === 'credit_note' ? -1 : 1;
      const codes = resolveCodes(l, template);
      rows.push({
        ...baseRow(l),
        documentLine: l.lineNumber,
        description: l.description,
        ...codes,
        vatCode: l.vatCode,
        side: sign > 0 ? 'credit' : 'debit',
        netPence: sign * l.netPence,
        vatPence: sign * l.vatPence,
        quantityHundredths: l.quantityHundredths,
        unitPricePence: l.unitPricePence,
      });
    }
    return rows;
  }
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.documentId === sorted[i]!.documentId) j++;
    const documentLines = sorted.slice(i, j);
    const first = documentLines[0]!;
    rows.push({
      ...baseRow(first),
      documentLine: null,
      description: `Recharge ${first.documentNumber}: ${first.customerName}`,
      costCentre: first.customerAccount ?? '',
      subjectiveCode: '',
      vatCode: first.vatCode,
      side: 'debit',
      netPence: documentLines.reduce((s, l) => s + l.netPence, 0),
      vatPence: documentLines.reduce((s, l) => s + l.vatPence, 0),
      quantityHundredths: null,
      unitPricePence: null,
    });
    for (const l of documentLines)
      rows.push({
        ...baseRow(l),
        documentLine: l.lineNumber,
        description: l.description,
        ...resolveCodes(l, template),
        vatCode: l.vatCode,
        side: 'credit',
        netPence: -l.netPence,
        vatPence: -l.vatPence,
        quantityHundredths: l.quantityHundredths,
        unitPricePence: l.unitPricePence,
      });
    i = j;
  }
  return rows;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The batch's control totals. Sales: documents, and net, VAT and gross with credit notes taken
 * off. Journal: the recharges' totals, and debits equal to credits.
 */
export function controlTotals(kind: LedgerBatchKind, rows: readonly LedgerRow[]): ControlTotals {
  const documents = new Set<string>();
  let net = 0;
  let vat = 0;
  let debit = 0;
  let credit = 0;
  for (const r of rows) {
    documents.add(r.documentNumber);
    if (r.side === 'debit') debit += Math.abs(r.netPence);
    else credit += Math.abs(r.netPence);
    if (kind === 'sales' || r.side === 'debit') {
      net += r.netPence;
      vat += r.vatPence;
    }
  }
  return {
    documentCount: documents.size,
    rowCount: rows.length,
    netPence: net,
    vatPence: vat,
    grossPence: net + vat,
    debitPence: debit,
    creditPence: credit,
  };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function formatLedgerDate(iso: string | null, format: LedgerTemplate['dateFormat']): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-') as [string, string, string];
  switch (format) {
    case 'YYYY-MM-DD':
      return iso;
    case 'DD/MM/YYYY':
      return `${d}/${m}/${y}`;
    case 'YYYYMMDD':
      return `${y}${m}${d}`;
    case 'YYYY/MM/DD':
      return `${y}/${m}/${d}`;
    case 'DD-MON-YYYY':
      return `${d}-${MONTHS[Number(m) - 1]}-${y}`;
  }
}

const DOCUMENT_TYPES = { invoice: 'INV', credit_note: 'CRN', recharge: 'RCH' } as const;

function cellOf(
  source: LedgerSource,
  row: LedgerRow,
  sequence: number,
  batch: { reference: string; periodStart: string },
  template: LedgerTemplate,
): string {
  const amount = (pence: number | null) => (pence === null ? '' : penceToPoundsText(pence));
  switch (source) {
    case 'batch_id':
      return batch.reference;
    case 'line_sequence':
      return String(sequence);
    case 'document_number':
      return row.documentNumber;
    case 'document_line':
      return row.documentLine === null ? '' : String(row.documentLine);
    case 'document_type':
      return DOCUMENT_TYPES[row.documentKind];
    case 'document_date':
      return formatLedgerDate(row.documentDate, template.dateFormat);
    case 'due_date':
      return formatLedgerDate(row.dueDate, template.dateFormat);
    case 'period':
      return batch.periodStart.slice(0, 4) + batch.periodStart.slice(5, 7);
    case 'customer_account':
      return row.customerAccount;
    case 'customer_name':
      return row.customerName;
    case 'po_number':
      return row.poNumber;
    case 'description':
      return row.description;
    case 'cost_centre':
      return row.costCentre;
    case 'subjective_code':
      return row.subjectiveCode;
    case 'vat_code':
      return row.vatCode;
    case 'net_amount':
      return amount(row.netPence);
    case 'vat_amount':
      return amount(row.vatPence);
    case 'gross_amount':
      return amount(row.netPence + row.vatPence);
    case 'debit_amount':
      return row.side === 'debit' ? amount(Math.abs(row.netPence)) : '';
    case 'credit_amount':
      return row.side === 'credit' ? amount(Math.abs(row.netPence)) : '';
    case 'quantity':
      return row.quantityHundredths === null ? '' : (row.quantityHundredths / 100).toFixed(2);
    case 'unit_price':
      return amount(row.unitPricePence);
    case 'credited_document':
      return row.creditedDocument;
  }
}

/**
 * A cell quoted only when it must be (it holds the delimiter, a quotation mark or a line break);
 * text is never altered otherwise, so the ledger loads exactly the document's words.
 */
function quote(value: string, delimiter: string): string {
  if (value.includes(delimiter) || /["\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** The file: UTF-8 text, CRLF after every record, header row when the template says so. */
export function ledgerFileText(
  template: LedgerTemplate,
  batch: { reference: string; periodStart: string },
  rows: readonly LedgerRow[],
): string {
  const delimiter = LEDGER_DELIMITERS[template.delimiter].character;
  const out: string[] = [];
  if (template.headerRow) out.push(template.columns.map((c) => quote(c.header, delimiter)).join(delimiter));
  rows.forEach((row, index) => {
    out.push(
      template.columns
        .map((c) =>
          quote(c.source === 'fixed' ? c.value : cellOf(c.source, row, index + 1, batch, template), delimiter),
        )
        .join(delimiter),
    );
  });
  return out.map((line) => `${line}\r\n`).join('');
}
