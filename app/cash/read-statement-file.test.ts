import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintLines } from './fingerprint';
import { readStatementFile } from './read-statement-file';
import { problemText, type StatementRead } from './statement-line';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(path.join(__dirname, '../../test/fixtures/bank-statements', name)));
const bytes = (text: string) => new TextEncoder().encode(text);
const lines = (read: StatementRead) => {
  if (!read.ok) throw new Error(read.problems.map(problemText).join('\n'));
  return read.lines;
};
const problems = (read: StatementRead) => (read.ok ? [] : read.problems.map(problemText));

describe('bank statement presets', () => {
  it('reads a Lloyds Commercial Banking Online CSV with a BOM and CRLF line ends, signed amounts', () => {
    const read = lines(readStatementFile(fixture('lloyds-bom-crlf.csv'), 'lloyds', null));
    expect(read.map((l) => [l.lineNumber, l.bookedOn, l.amountPence, l.reference, l.payerName])).toEqual([
      [2, '2026-03-02', 12000, 'TST-INV000001', 'ALPHA PRIMARY SCH'],
      [3, '2026-03-02', 100000, 'UNKNOWN 123', 'ALPHA PRIMARY SCH'],
      [4, '2026-03-03', -4550, 'STATIONERY', 'OFFICE SUPPLIES LTD'],
    ]);
    expect(read[0]!.account).toBe('30-00-00 12345678');
    expect(read[0]!.description).toBe('BGC BANK GIRO CREDIT');
  });

  it('reads a Barclays.Net CSV in Windows-1252 with dd/MM/yy dates, keeping the é in a name', () => {
    const read = lines(readStatementFile(fixture('barclays-windows-1252.csv'), 'barclays', null));
    expect(read.map((l) => [l.bookedOn, l.amountPence, l.payerName])).toEqual([
      ['2026-03-04', 5000, 'Ecole Sainte-Thérèse'],
      ['2026-03-05', 7000, 'Ecole Sainte-Thérèse'],
    ]);
  });

  it('reads a NatWest Bankline CSV with split debit and credit columns', () => {
    const read = lines(readStatementFile(fixture('natwest-crlf.csv'), 'natwest', null));
    expect(read.map((l) => [l.bookedOn, l.amountPence, l.reference, l.payerName])).toEqual([
      ['2026-03-06', 24000, 'TST-INV000001 TST-INV000002', 'ALPHA PRIMARY SCH'],
      ['2026-03-06', -50000, 'MARCH', 'PAYROLL'],
    ]);
  });

  it('reads a camt.053 statement: CRDT and DBIT entries, remittance information, debtor and line of each entry', () => {
    const read = lines(readStatementFile(fixture('camt053.xml'), 'camt053', null));
    expect(
      read.map((l) => [l.lineNumber, l.bookedOn, l.amountPence, l.reference, l.payerName, l.bankReference]),
    ).toEqual([
      [8, '2026-03-07', 12000, 'TST-INV000001', 'Alpha Primary School', 'BANKREF0001'],
      [20, '2026-03-07', -1999, '', '', 'BANKREF0002'],
    ]);
    expect(read[0]!.account).toBe('GB33BUKB20201555555555');
  });

  it('reads a CSV in the tenant’s own column mapping', () => {
    const text = 'Value date;x\nignored\n';
    expect(problems(readStatementFile(bytes(text), 'mapping', null))).toEqual([
      'Set your column mapping before importing a statement with it.',
    ]);
    const read = lines(
      readStatementFile(bytes('When,In,Out,Ref\r\n2026-03-02,12.00,,ABC\r\n02/03/2026,,3.00,DEF\r\n'), 'mapping', {
        dateColumn: 'when',
        amountColumn: null,
        creditColumn: 'In',
        debitColumn: 'Out',
        referenceColumn: 'Ref',
        nameColumn: null,
      }),
    );
    expect(read.map((l) => [l.lineNumber, l.amountPence, l.reference])).toEqual([
      [2, 1200, 'ABC'],
      [3, -300, 'DEF'],
    ]);
  });
});

describe('bad statements', () => {
  const lloyds = (rows: string[]) =>
    bytes(
      ['Post Date,Sort Code,Account Number,Name,Type,Amount,Customer Reference,Detail,Balance', ...rows].join('\n'),
    );

  it('names the missing columns and the columns the file has', () => {
    expect(problems(readStatementFile(bytes('Day,Money,Words\n01/01/2026,1,x\n'), 'lloyds', null))).toEqual([
      'Line 1: The file has no “Post Date”, “Amount” or “Customer Reference” column, so it is not a statement in the columns of Lloyds Commercial Banking Online. Its columns are: Day, Money, Words. Choose the bank the file came from, or set your column mapping to its columns.',
    ]);
  });

  it('names each line with a bad date or amount', () => {
    expect(
      problems(
        readStatementFile(
          lloyds(['31/02/2026,,,A,BGC,12.00,R,,', '01/03/2026,,,B,BGC,twelve,R,,', ',,,C,BGC,1.00,R,,']),
          'lloyds',
          null,
        ),
      ),
    ).toEqual([
      'Line 2: the date “31/02/2026” is not a real date: write dates like 31/12/2026, 31/12/26 or 2026-12-31',
      'Line 3: the amount “twelve” is not an amount in pounds and pence, like 1250.00 or -1250.00',
      'Line 4: the date is missing',
    ]);
  });

  it('refuses a negative payment in a credit column', () => {
    const text = 'Date,Narrative #1,Narrative #2,Type,Debit,Credit\n06/03/2026,A,REF,BAC,,-20.00\n';
    expect(problems(readStatementFile(bytes(text), 'natwest', null))).toEqual([
      'Line 2: the credit amount -£20.00 is negative: money paid in is a positive amount in the credit column',
    ]);
  });

  it('refuses a binary file, UTF-16 without a BOM, unreadable characters, and XML given as CSV', () => {
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
    expect(problems(readStatementFile(binary, 'lloyds', null))[0]).toMatch(/binary data/);
    const utf16 = new Uint8Array(Buffer.from('Post Date,Amount\n01/01/2026,1.00\n', 'utf16le'));
    expect(problems(readStatementFile(utf16, 'lloyds', null))[0]).toMatch(/UTF-16 without a byte order mark/);
    const damaged = bytes('Post Date,Amount,Customer Reference\n01/01/2026,1.00,A\n02/01/2026,2.00,B\uFFFD\n');
    expect(problems(readStatementFile(damaged, 'lloyds', null))).toEqual([
      'Line 3: the line has characters that cannot be read, so the file is in the wrong encoding or damaged: save it as “CSV UTF-8” or export it from your bank again',
    ]);
    expect(problems(readStatementFile(fixture('camt053.xml'), 'lloyds', null))[0]).toMatch(/choose “camt.053 XML”/);
    expect(problems(readStatementFile(fixture('lloyds-bom-crlf.csv'), 'camt053', null))[0]).toMatch(/not XML/);
  });

  it('names the line and entry of a bad camt.053 entry, and of XML that is not well formed', () => {
    const xml = new TextDecoder().decode(fixture('camt053.xml'));
    const bad = xml.replace('<Amt Ccy="GBP">120.00</Amt>', '<Amt Ccy="EUR">-120.00</Amt>');
    expect(problems(readStatementFile(bytes(bad), 'camt053', null))).toEqual([
      'Line 8: entry 1: the amount -120.00 is negative: camt.053 amounts are positive, with CRDT or DBIT saying which way the money went',
      'Line 8: entry 1: the amount is in EUR: only pounds sterling (GBP) can be imported',
    ]);
    expect(problems(readStatementFile(bytes(xml.replace('</Ntry>', '')), 'camt053', null))[0]).toMatch(
      /^Line \d+: the file is not well-formed XML/,
    );
  });
});

describe('fingerprints', () => {
  it('are the same for the same line in any file, and tell identical lines apart by their order', () => {
    const line = {
      lineNumber: 2,
      account: '30-00-00 12345678',
      bookedOn: '2026-03-02',
      amountPence: 5000,
      reference: 'SUBS',
      payerName: 'A',
      description: '',
      bankReference: '',
    };
    const [a, b, c] = fingerprintLines([line, { ...line, lineNumber: 3 }, { ...line, amountPence: 5001 }]);
    expect(a).not.toBe(b);
    expect(fingerprintLines([{ ...line, lineNumber: 40, reference: ' subs ' }])[0]).toBe(a);
    expect(c).not.toBe(a);
  });
});
