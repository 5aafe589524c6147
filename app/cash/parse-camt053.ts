import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MAX_PROBLEMS, type StatementLine, type StatementProblem, type StatementRead } from './statement-line';
import { parseStatementDate } from './statement-values';

type Node = Record<string, unknown>;

const ARRAYS = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

const asNode = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const asList = (v: unknown): Node[] => (Array.isArray(v) ? v.map(asNode) : v ? [asNode(v)] : []);
const textOf = (v: unknown): string =>
  typeof v === 'string'
    ? v.trim()
    : typeof v === 'number'
      ? String(v)
      : typeof asNode(v)['#text'] === 'string'
        ? String(asNode(v)['#text']).trim()
        : '';
const at = (n: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, p) => asNode(v)[p], n);

/** The line each <Ntry> starts on, in document order, so problems point into the file. */
function entryLines(xml: string): number[] {
  const lines: number[] = [];
  const tag = /<(?:[A-Za-z0-9_]+:)?Ntry[\s>]/g;
  let line = 1;
  let from = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    for (let i = xml.indexOf('\n', from); i !== -1 && i < m.index; i = xml.indexOf('\n', i + 1)) line++;
    from = m.index;
    lines.push(line);
  }
  return lines;
}

const AMOUNT = /^\d+(\.\d{1,2})?$/;

/**
 * Reads an ISO 20022 camt.053 (Bank to Customer Statement, 001.02 and later) file: each entry
 * (Ntry) is a line, with Amt and its Ccy, CdtDbtInd CRDT/DBIT, BookgDt, AcctSvcrRef, the
 * remittance information (RmtInf Ustrd / Strd CdtrRefInf Ref, EndToEndId) and the debtor's name.
 */
export function parseCamt053(xml: string): StatementRead {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return {
      ok: false,
      problems: [{ line: valid.err.line, message: `the file is not well-formed XML (${valid.err.msg})` }],
    };
  const doc = asNode(parser.parse(xml));
  const root = asNode(doc.Document);
  const statements = asList(at(root, 'BkToCstmrStmt', 'Stmt'));
  if (statements.length === 0)
    return {
      ok: false,
      problems: [
        {
          line: null,
          message:
            'The file is XML but not a camt.053 bank statement (it has no Document/BkToCstmrStmt/Stmt): export the statement as camt.053, or choose the bank’s CSV',
        },
      ],
    };
  const starts = entryLines(xml);
  const lines: StatementLine[] = [];
  const problems: StatementProblem[] = [];
  let entryIndex = 0;
  let fileAccount = '';
  for (const stmt of statements) {
    const account = textOf(at(stmt, 'Acct', 'Id', 'IBAN')) || textOf(at(stmt, 'Acct', 'Id', 'Othr', 'Id'));
    fileAccount ||= account;
    for (const entry of asList(stmt.Ntry)) {
      const line = starts[entryIndex] ?? null;
      entryIndex++;
      const fail = (message: string) => problems.push({ line, message: `entry ${entryIndex}: ${message}` });
      const amt = entry.Amt;
      const amountText = textOf(amt);
      const currency = String(asNode(amt)['@_Ccy'] ?? '').trim();
      const direction = textOf(entry.CdtDbtInd);
      const dateText =
        textOf(at(entry, 'BookgDt', 'Dt')) || textOf(at(entry, 'BookgDt', 'DtTm')) || textOf(at(entry, 'ValDt', 'Dt'));
      const bookedOn = parseStatementDate(dateText);
      let pence: number | null = null;
      if (amountText.startsWith('-'))
        fail(
          `the amount ${amountText} is negative: camt.053 amounts are positive, with CRDT or DBIT saying which way the money went`,
        );
      else if (!AMOUNT.test(amountText)) fail(`the amount “${amountText}” is not an amount like 1250.00`);
      else {
        const [whole, fraction = ''] = amountText.split('.');
        pence = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
      }
      if (currency !== 'GBP')
        fail(`the amount is in ${currency || 'no currency'}: only pounds sterling (GBP) can be imported`);
      if (direction !== 'CRDT' && direction !== 'DBIT') fail(`CdtDbtInd is “${direction}”: it must be CRDT or DBIT`);
      if (!bookedOn)
        fail(dateText ? `the booking date “${dateText}” is not a real date` : 'the entry has no booking date');
      if (problems.length >= MAX_PROBLEMS) break;
      if (pence === null || !bookedOn || (direction !== 'CRDT' && direction !== 'DBIT') || currency !== 'GBP') continue;
      if (pence === 0) continue;
      const details = asList(entry.NtryDtls).flatMap((d) => asList(d.TxDtls));
      const references = details.flatMap((tx) => [
        ...asList(at(tx, 'RmtInf', 'Strd')).map((s) => textOf(at(s, 'CdtrRefInf', 'Ref'))),
        ...((at(tx, 'RmtInf', 'Ustrd') as unknown[] | undefined) ?? []).map(textOf),
        textOf(at(tx, 'Refs', 'EndToEndId')).replace(/^NOTPROVIDED$/, ''),
      ]);
      const payer = details
        .map((tx) => textOf(at(tx, 'RltdPties', 'Dbtr', 'Nm')) || textOf(at(tx, 'RltdPties', 'Dbtr', 'Pty', 'Nm')))
        .find(Boolean);
      lines.push({
        lineNumber: line ?? entryIndex,
        account,
        bookedOn,
        amountPence: direction === 'CRDT' ? pence : -pence,
        reference: [...new Set(references.filter(Boolean))].join(' ').slice(0, 200),
        payerName: (payer ?? '').slice(0, 200),
        description: textOf(entry.AddtlNtryInf).slice(0, 500),
        bankReference: textOf(entry.AcctSvcrRef),
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (lines.length === 0)
    return { ok: false, problems: [{ line: null, message: 'The statement has no entries with money paid in or out' }] };
  return { ok: true, lines, account: fileAccount };
}
