import path from 'node:path';
import PDFDocument from 'pdfkit';
import { formatDate } from '../calendar/contract-year';
import { formatPence } from '../money';
import { VAT_CODES } from '../vocabulary';
import {
  documentFacts,
  documentTitle,
  formatQuantity,
  lineDetails,
  remittanceReference,
  vatRateText,
  type DocumentViewData,
} from './DocumentView';

// PDF/UA needs every font embedded; the standard 14 never are. Liberation Sans ships with its licence.
const FONTS = path.join(process.cwd(), 'app', 'billing', 'fonts');
// Always by path: pdfkit caches a font under the string it was opened by, and only then (bytes, or a
// registered name for the default font, are parsed again at every switch, and tables switch for
// every cell): that made a PDF take ten times as long.
const REGULAR = path.join(FONTS, 'LiberationSans-Regular.ttf');
const BOLD = path.join(FONTS, 'LiberationSans-Bold.ttf');

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;
export type Cell = PDFKit.Mixins.CellOptions & { scope?: 'row' | 'column' };

export function heading(doc: Doc, parent: Struct, text: string, level: 'H1' | 'H2', size: number) {
  doc.moveDown(level === 'H1' ? 0 : 0.8);
  doc.font(BOLD).fontSize(size).text(text, { structParent: parent, structType: level });
  doc.font(REGULAR).fontSize(10).moveDown(0.3);
}

export function paragraph(doc: Doc, parent: Struct, text: string, options: { bold?: boolean; size?: number } = {}) {
  doc
    .font(options.bold ? BOLD : REGULAR)
    .fontSize(options.size ?? 10)
    .text(text, { structParent: parent, structType: 'P' });
  doc.font(REGULAR).fontSize(10);
}

export function table(doc: Doc, parent: Struct, rows: Cell[][], columnStyles: Array<number | string>) {
  const options = {
    structParent: parent,
    columnStyles,
    defaultStyle: { border: 0.5, borderColor: '#b1b4b6', padding: 4 },
    data: rows,
    position: { x: doc.page.margins.left },
  };
  doc.font(REGULAR).fontSize(9);
  doc.table(options as unknown as PDFKit.Mixins.TableOptionsWithData);
  doc.font(REGULAR).fontSize(10).moveDown(0.5);
  doc.x = doc.page.margins.left;
}

export const th = (text: string, scope: 'row' | 'column', align: 'left' | 'right' = 'left'): Cell => ({
  text,
  type: 'TH',
  scope,
  font: { src: BOLD },
  align: { x: align },
});
export const td = (text: string, align: 'left' | 'right' = 'left'): Cell => ({ text, align: { x: align } });

/**
 * An accessible A4 PDF to write into: tagged PDF/UA with its language and title set and shown,
 * fonts embedded; `finished` gives the bytes once `root.end()` and `doc.end()` are called.
 */
export function openTaggedPdf(info: { Title: string; Author: string; Subject: string }) {
  // @types/pdfkit lags pdfkit 0.17: it does not know the PDF/UA subset yet.
  const options = {
    size: 'A4',
    margin: 50,
    pdfVersion: '1.7',
    subset: 'PDF/UA',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    font: REGULAR,
    info,
  };
  const doc = new PDFDocument(options as unknown as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  return { doc, root, finished };
}

/**
 * The document as an accessible A4 PDF: tagged (headings, paragraphs, tables with header cells),
 * the language and title set and shown, fonts embedded. The same facts as the web page, in its order.
 */
export async function renderDocumentPdf(d: DocumentViewData): Promise<Buffer> {
  const title = documentTitle(d);
  const { doc, root, finished } = openTaggedPdf({
    Title: title,
    Author: d.supplier.name,
    Subject: `${title} to ${d.customer.name}`,
  });

  paragraph(doc, root, d.supplier.name);
  heading(doc, root, title, 'H1', 18);
  if (d.status === 'void')
    paragraph(
      doc,
      root,
      `VOID: this document was cancelled and is not to be paid${d.voidReason ? ` (${d.voidReason})` : ''}.`,
      {
        bold: true,
        size: 14,
      },
    );
  if (d.kind === 'recharge') paragraph(doc, root, 'Internal recharge — outside the scope of VAT', { bold: true });

  heading(doc, root, 'From', 'H2', 12);
  paragraph(doc, root, [d.supplier.name, ...d.supplier.address].join('\n'));
  heading(doc, root, 'To', 'H2', 12);
  paragraph(doc, root, [d.customer.name, ...d.customer.address].join('\n'));

  heading(doc, root, 'Details', 'H2', 12);
  table(
    doc,
    root,
    documentFacts(d).map((f) => [th(f.key, 'row'), td(f.value)]),
    [160, '*'],
  );

  heading(doc, root, 'Lines', 'H2', 12);
  const showVat = d.kind !== 'recharge';
  const head = showVat
    ? [
        th('Description', 'column'),
        th('Quantity', 'column', 'right'),
        th('Unit price', 'column', 'right'),
        th('VAT', 'column'),
        th('Net', 'column', 'right'),
        th('VAT amount', 'column', 'right'),
      ]
    : [
        th('Description', 'column'),
        th('Quantity', 'column', 'right'),
        th('Unit price', 'column', 'right'),
        th('Amount', 'column', 'right'),
      ];
  const body = d.lines.map((line) => {
    const details = lineDetails(line, d.kind);
    const description = [
      line.description,
      ...(details.length ? [details.join('; ')] : []),
      ...(line.reason ? [`Reason: ${line.reason}`] : []),
    ].join('\n');
    const cells = [
      td(description),
      td(formatQuantity(line.quantityHundredths), 'right'),
      td(formatPence(line.unitPricePence), 'right'),
    ];
    if (showVat) cells.push(td(`${line.vatCode} (${vatRateText(line.vatCode, line.vatRateBasisPoints)})`));
    cells.push(td(formatPence(line.netPence), 'right'));
    if (showVat) cells.push(td(formatPence(line.vatPence), 'right'));
    return cells;
  });
  table(doc, root, [head, ...body], showVat ? ['*', 55, 70, 80, 70, 70] : ['*', 60, 80, 80]);

  heading(doc, root, 'Totals', 'H2', 12);
  const totals: Cell[][] = showVat
    ? [
        [th('VAT rate', 'column'), th('Net', 'column', 'right'), th('VAT', 'column', 'right')],
        ...d.totals.byRate.map((t) => [
          th(`${t.vatCode}: ${VAT_CODES[t.vatCode]}`, 'row'),
          td(formatPence(t.netPence), 'right'),
          td(formatPence(t.vatPence), 'right'),
        ]),
        [
          th('Total excluding VAT', 'row'),
          td(formatPence(d.totals.netPence), 'right'),
          td(formatPence(d.totals.vatPence), 'right'),
        ],
        [
          th(d.kind === 'credit_note' ? 'Total credited' : 'Total due', 'row'),
          { ...td(formatPence(d.totals.totalPence), 'right'), colSpan: 2, font: { src: BOLD } },
        ],
      ]
    : [[th('Total due', 'row'), { ...td(formatPence(d.totals.totalPence), 'right'), font: { src: BOLD } }]];
  table(doc, root, totals, showVat ? ['*', 90, 90] : ['*', 90]);

  if (d.kind === 'recharge') {
    heading(doc, root, 'How to pay', 'H2', 12);
    paragraph(
      doc,
      root,
      "This is charged to the school's budget by journal: there is nothing to pay by bank transfer.",
    );
  } else if (d.kind === 'invoice') {
    heading(doc, root, 'How to pay', 'H2', 12);
    const reference = remittanceReference(d);
    if (d.remittance)
      table(
        doc,
        root,
        [
          [th('Bank', 'row'), td(d.remittance.bankName)],
          [th('Sort code', 'row'), td(d.remittance.sortCode)],
          [th('Account number', 'row'), td(d.remittance.accountNumber)],
          [th('Reference', 'row'), td(reference ? `Quote ${reference} as the reference` : 'The document number')],
        ],
        [160, '*'],
      );
    else paragraph(doc, root, `Ask ${d.supplier.name} for their bank details.`);
    if (d.dueOn) paragraph(doc, root, `Please pay by ${formatDate(d.dueOn)}.`);
  }

  root.end();
  doc.end();
  return finished;
}

export function pdfFileName(d: Pick<DocumentViewData, 'kind' | 'number' | 'id'>): string {
  return `${d.number ?? `draft-${d.id.slice(0, 8)}`}.pdf`;
}

/** The PDF as a download of its own (a resource route), never cached by a shared cache. */
export async function pdfResponse(d: DocumentViewData): Promise<Response> {
  const pdf = await renderDocumentPdf(d);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${pdfFileName(d)}"`,
      'cache-control': 'private, no-store',
    },
  });
}
