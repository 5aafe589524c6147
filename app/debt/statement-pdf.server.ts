import { openTaggedPdf, heading, paragraph, table, td, th, type Cell } from '../billing/document-pdf.server';
import { formatDate } from '../calendar/contract-year';
import { formatPence } from '../money';
import { balanceWords, details, KIND_WORDS } from '../payments/StatementTable';
import { AGE_BUCKETS } from './age-buckets';
import type { StatementDownload } from './statement-download.server';

/**
 * A customer's statement of account as an accessible A4 PDF (tagged, like the invoices): the
 * entries with the balance after each, the totals, what is owed by age and how to pay.
 */
export async function renderStatementPdf(s: StatementDownload): Promise<Buffer> {
  const title = `Statement of account: ${s.account.name}`;
  const { doc, root, finished } = openTaggedPdf({ Title: title, Author: s.provider.name, Subject: title });

  paragraph(doc, root, [s.provider.name, ...s.provider.address].join('\n'));
  heading(doc, root, 'Statement of account', 'H1', 18);
  paragraph(doc, root, `${s.account.name}\nAs at ${formatDate(s.today)}`);

  heading(doc, root, 'Entries', 'H2', 12);
  if (s.lines.length === 0) paragraph(doc, root, 'Nothing has been invoiced, paid or refunded yet.');
  else
    table(
      doc,
      root,
      [
        [
          th('Date', 'column'),
          th('Entry', 'column'),
          th('Details', 'column'),
          th('Charged', 'column', 'right'),
          th('Paid or credited', 'column', 'right'),
          th('Balance', 'column', 'right'),
        ],
        ...s.lines.map((line): Cell[] => [
          td(formatDate(line.on)),
          td(KIND_WORDS[line.kind]),
          td(details(line)),
          td(line.debitPence ? formatPence(line.debitPence) : '', 'right'),
          td(line.creditPence ? formatPence(line.creditPence) : '', 'right'),
          td(balanceWords(line.balancePence), 'right'),
        ]),
      ],
      [70, 80, '*', 65, 65, 80],
    );

  heading(doc, root, 'Summary', 'H2', 12);
  table(
    doc,
    root,
    [
      [th('Owed on documents', 'row'), td(formatPence(s.money.owedPence), 'right')],
      [th('Of which overdue', 'row'), td(formatPence(s.money.overduePence), 'right')],
      [th('Credit held', 'row'), td(formatPence(s.money.creditHeldPence), 'right')],
      [th('Balance', 'row'), td(balanceWords(s.money.netPence), 'right')],
    ],
    [200, 120],
  );

  heading(doc, root, 'Owed by age', 'H2', 12);
  table(
    doc,
    root,
    [
      [...AGE_BUCKETS.map((b) => th(b.label, 'column', 'right')), th('Total owed', 'column', 'right')],
      [...AGE_BUCKETS.map((b) => td(formatPence(s.ages[b.key]), 'right')), td(formatPence(s.ages.totalPence), 'right')],
    ],
    ['*', '*', '*', '*', '*', '*'],
  );

  if (s.money.owedPence > 0) {
    heading(doc, root, 'How to pay', 'H2', 12);
    if (s.provider.bank)
      table(
        doc,
        root,
        [
          [th('Bank', 'row'), td(s.provider.bank.name)],
          [th('Sort code', 'row'), td(s.provider.bank.sortCode)],
          [th('Account number', 'row'), td(s.provider.bank.accountNumber)],
          [th('Reference', 'row'), td('The number of each invoice you are paying')],
        ],
        [160, '*'],
      );
    else paragraph(doc, root, `Ask ${s.provider.name} for their bank details.`);
  }

  root.end();
  doc.end();
  return finished;
}
