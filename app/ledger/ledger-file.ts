import type { UnbatchedLine } from '../../db/queries/ledger';
import type { LedgerBatchKind } from '../../db/tables/ledger-export';
import { penceToPoundsText } from '../money';
import { LEDGER_DELIMITERS, type LedgerSource, type LedgerTemplate } from './ledger-template';

/** One line of a final document as the export reads it, codes not yet resolved. */
export type DocumentLineFacts = UnbatchedLine;

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

/** A row for a document line (written out in full: spreading objects costs seconds over a national month). */
function lineRow(l: DocumentLineFacts, template: LedgerTemplate, side: LedgerRow['side'], sign: 1 | -1): LedgerRow {
  const codes = resolveCodes(l, template);
  return {
    documentNumber: l.documentNumber,
    documentKind: l.documentKind,
    documentLine: l.lineNumber,
    documentDate: l.issuedOn,
    dueDate: l.dueOn,
    customerAccount: l.customerAccount ?? '',
    customerName: l.customerName,
    poNumber: l.poNumber ?? '',
    description: l.description,
    costCentre: codes.costCentre,
    subjectiveCode: codes.subjectiveCode,
    vatCode: l.vatCode,
    side,
    netPence: sign * l.netPence,
    vatPence: sign * l.vatPence,
    quantityHundredths: l.quantityHundredths,
    unitPricePence: l.unitPricePence,
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
    for (const l of sorted)
      rows.push(
        l.documentKind === 'credit_note' ? lineRow(l, template, 'debit', -1) : lineRow(l, template, 'credit', 1),
      );
    return rows;
  }
  for (let i = 0; i < sorted.length;) {
    let j = i;
    let net = 0;
    let vat = 0;
    for (; j < sorted.length && sorted[j]!.documentId === sorted[i]!.documentId; j++) {
      net += sorted[j]!.netPence;
      vat += sorted[j]!.vatPence;
    }
    const first = sorted[i]!;
    rows.push({
      documentNumber: first.documentNumber,
      documentKind: first.documentKind,
      documentLine: null,
      documentDate: first.issuedOn,
      dueDate: first.dueOn,
      customerAccount: first.customerAccount ?? '',
      customerName: first.customerName,
      poNumber: first.poNumber ?? '',
      description: `Recharge ${first.documentNumber}: ${first.customerName}`,
      costCentre: first.customerAccount ?? '',
      subjectiveCode: '',
      vatCode: first.vatCode,
      side: 'debit',
      netPence: net,
      vatPence: vat,
      quantityHundredths: null,
      unitPricePence: null,
      creditedDocument: first.creditedDocument ?? '',
    });
    for (; i < j; i++) rows.push(lineRow(sorted[i]!, template, 'credit', -1));
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

type Cell = (row: LedgerRow, sequence: number) => string;

/** A month's documents share a few dozen dates: each is written once. */
function dates(of: (row: LedgerRow) => string | null, template: LedgerTemplate): Cell {
  const written = new Map<string | null, string>();
  return (row) => {
    const iso = of(row);
    let text = written.get(iso);
    if (text === undefined) written.set(iso, (text = formatLedgerDate(iso, template.dateFormat)));
    return text;
  };
}

const amount = (pence: number | null) => (pence === null ? '' : penceToPoundsText(pence));

/** What a source writes, chosen once a column rather than once a cell. */
function cellOf(
  source: LedgerSource,
  batch: { reference: string; periodStart: string },
  template: LedgerTemplate,
): Cell {
  switch (source) {
    case 'batch_id':
      return () => batch.reference;
    case 'line_sequence':
      return (_, sequence) => String(sequence);
    case 'document_number':
      return (r) => r.documentNumber;
    case 'document_line':
      return (r) => (r.documentLine === null ? '' : String(r.documentLine));
    case 'document_type':
      return (r) => DOCUMENT_TYPES[r.documentKind];
    case 'document_date':
      return dates((r) => r.documentDate, template);
    case 'due_date':
      return dates((r) => r.dueDate, template);
    case 'period': {
      const period = batch.periodStart.slice(0, 4) + batch.periodStart.slice(5, 7);
      return () => period;
    }
    case 'customer_account':
      return (r) => r.customerAccount;
    case 'customer_name':
      return (r) => r.customerName;
    case 'po_number':
      return (r) => r.poNumber;
    case 'description':
      return (r) => r.description;
    case 'cost_centre':
      return (r) => r.costCentre;
    case 'subjective_code':
      return (r) => r.subjectiveCode;
    case 'vat_code':
      return (r) => r.vatCode;
    case 'net_amount':
      return (r) => amount(r.netPence);
    case 'vat_amount':
      return (r) => amount(r.vatPence);
    case 'gross_amount':
      return (r) => amount(r.netPence + r.vatPence);
    case 'debit_amount':
      return (r) => (r.side === 'debit' ? amount(Math.abs(r.netPence)) : '');
    case 'credit_amount':
      return (r) => (r.side === 'credit' ? amount(Math.abs(r.netPence)) : '');
    case 'quantity':
      return (r) => (r.quantityHundredths === null ? '' : (r.quantityHundredths / 100).toFixed(2));
    case 'unit_price':
      return (r) => amount(r.unitPricePence);
    case 'credited_document':
      return (r) => r.creditedDocument;
  }
}

/**
 * A cell quoted only when it must be (it holds the delimiter, a quotation mark or a line break);
 * text is never altered otherwise, so the ledger loads exactly the document's words.
 */
function quoter(delimiter: string): (value: string) => string {
  const special = new RegExp(`["\\r\\n${delimiter === '|' ? '\\|' : delimiter}]`);
  return (value) => (special.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
}

/** The file: UTF-8 text, CRLF after every record, header row when the template says so. */
export function ledgerFileText(
  template: LedgerTemplate,
  batch: { reference: string; periodStart: string },
  rows: readonly LedgerRow[],
): string {
  const delimiter = LEDGER_DELIMITERS[template.delimiter].character;
  const quote = quoter(delimiter);
  const cells: Cell[] = template.columns.map((c) => {
    if (c.source !== 'fixed') return cellOf(c.source, batch, template);
    const fixed = quote(c.value);
    return () => fixed;
  });
  const fixedColumns = template.columns.map((c) => c.source === 'fixed');
  let out = template.headerRow ? template.columns.map((c) => quote(c.header)).join(delimiter) + '\r\n' : '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let line = '';
    for (let c = 0; c < cells.length; c++) {
      if (c > 0) line += delimiter;
      const value = cells[c]!(row, i + 1);
      line += fixedColumns[c] ? value : quote(value);
    }
    out += line + '\r\n';
  }
  return out;
}
