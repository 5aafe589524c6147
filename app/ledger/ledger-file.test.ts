import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  controlTotals,
  formatLedgerDate,
  ledgerFileText,
  ledgerProblems,
  ledgerRows,
  type DocumentLineFacts,
} from './ledger-file';
import type { LedgerTemplate } from './ledger-template';
import { PRESET_TEMPLATES } from './presets';

const line = (over: Partial<DocumentLineFacts> = {}): DocumentLineFacts => ({
  documentId: 'd1',
  documentNumber: 'SO-INV000001',
  documentKind: 'invoice',
  issuedOn: '2026-10-31',
  dueOn: '2026-11-30',
  customerAccount: 'C1001',
  customerName: 'Bitterne Park School',
  creditedDocument: null,
  lineNumber: 1,
  description: 'Educational psychology day',
  poNumber: 'PO-77',
  quantityHundredths: 200,
  unitPricePence: 45000,
  netPence: 90000,
  vatPence: 0,
  vatCode: 'E',
  costCentre: 'CS4410',
  subjectiveCode: '8931',
  serviceName: 'Educational psychology day',
  serviceCostCentre: 'CS4410',
  serviceSubjectiveCode: '8931',
  ...over,
});

const journal: LedgerTemplate = PRESET_TEMPLATES.journal_csv;
const batch = { reference: 'LB000007', periodStart: '2026-10-01' };

describe('ledger rows and control totals', () => {
  it('puts invoices and credit notes in one batch, credit notes negative', () => {
    const rows = ledgerRows(
      'sales',
      [
        line(),
        line({
          documentId: 'd2',
          documentNumber: 'SO-CRN000001',
          documentKind: 'credit_note',
          creditedDocument: 'SO-INV000001',
          netPence: 45000,
          quantityHundredths: 100,
        }),
      ],
      journal,
    );
    expect(rows.map((r) => [r.documentNumber, r.netPence, r.side])).toEqual([
      ['SO-CRN000001', -45000, 'debit'],
      ['SO-INV000001', 90000, 'credit'],
    ]);
    expect(controlTotals('sales', rows)).toEqual({
      documentCount: 2,
      rowCount: 2,
      netPence: 45000,
      vatPence: 0,
      grossPence: 45000,
      debitPence: 45000,
      creditPence: 90000,
    });
  });

  it('journals a recharge as one debit to the school’s budget code and a credit a line to the service', () => {
    const recharge = { documentKind: 'recharge' as const, documentNumber: 'SO-RCH000003', vatCode: 'O' };
    const rows = ledgerRows(
      'recharge_journal',
      [
        line({ ...recharge, lineNumber: 2, netPence: 12000, costCentre: 'CS4610', subjectiveCode: '8932' }),
        line({ ...recharge, lineNumber: 1, netPence: 90000 }),
      ],
      journal,
    );
    expect(rows.map((r) => [r.side, r.documentLine, r.costCentre, r.subjectiveCode, r.netPence])).toEqual([
      ['debit', null, 'C1001', '', 102000],
      ['credit', 1, 'CS4410', '8931', -90000],
      ['credit', 2, 'CS4610', '8932', -12000],
    ]);
    const totals = controlTotals('recharge_journal', rows);
    expect(totals).toMatchObject({
      documentCount: 1,
      rowCount: 3,
      netPence: 102000,
      debitPence: 102000,
      creditPence: 102000,
    });
  });

  it('balances every journal, whatever its recharges', () => {
    const facts = fc.array(
      fc.record({
        doc: fc.integer({ min: 1, max: 5 }),
        line: fc.integer({ min: 1, max: 30 }),
        net: fc.integer({ min: 1, max: 10_000_000 }),
      }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(facts, (items) => {
        const lines = items.map((i, n) =>
          line({
            documentKind: 'recharge',
            documentId: `d${i.doc}`,
            documentNumber: `SO-RCH00000${i.doc}`,
            lineNumber: n + 1,
            netPence: i.net,
          }),
        );
        const totals = controlTotals('recharge_journal', ledgerRows('recharge_journal', lines, journal));
        expect(totals.debitPence).toBe(totals.creditPence);
        expect(totals.netPence).toBe(items.reduce((s, i) => s + i.net, 0));
      }),
    );
  });
});

describe('what stops a batch', () => {
  it('names the line and the service that has no ledger codes, once a service', () => {
    const noCodes = { costCentre: null, subjectiveCode: null, serviceCostCentre: null, serviceSubjectiveCode: null };
    const problems = ledgerProblems(
      [
        line({ ...noCodes, serviceName: 'Governor clerking', lineNumber: 3 }),
        line({ ...noCodes, serviceName: 'Governor clerking', lineNumber: 4 }),
        line({ costCentre: null, serviceCostCentre: null, serviceName: 'HR advice', documentNumber: 'SO-INV000002' }),
      ],
      journal,
    );
    expect(problems).toEqual([
      'Line 3 of SO-INV000001 (and 1 more line): the service Governor clerking has no cost centre or subjective code. Add its ledger codes on the service’s page',
      'Line 1 of SO-INV000002: the service HR advice has no cost centre. Add its ledger codes on the service’s page',
    ]);
  });

  it('takes codes added to the service since the line was billed', () => {
    expect(ledgerProblems([line({ costCentre: null, subjectiveCode: null })], journal)).toEqual([]);
  });

  it('asks for the template’s codes for a line added by hand, and uses them when set', () => {
    const manual = line({
      serviceName: null,
      serviceCostCentre: null,
      serviceSubjectiveCode: null,
      costCentre: null,
      subjectiveCode: null,
      lineNumber: 2,
    });
    expect(ledgerProblems([manual], journal)).toEqual([
      'Line 2 of SO-INV000001 was added by hand and has no cost centre or subjective code. Set the codes for lines added by hand in the ledger template',
    ]);
    const withCodes = { ...journal, manualCostCentre: 'CS9999', manualSubjectiveCode: '8999' };
    expect(ledgerProblems([manual], withCodes)).toEqual([]);
    expect(ledgerRows('sales', [manual], withCodes)[0]).toMatchObject({ costCentre: 'CS9999', subjectiveCode: '8999' });
  });

  it('names a recharge’s customer with no budget code', () => {
    expect(
      ledgerProblems(
        [line({ documentKind: 'recharge', documentNumber: 'SO-RCH000001', customerAccount: null })],
        journal,
      ),
    ).toEqual([
      'SO-RCH000001: the customer Bitterne Park School has no account code (the school’s budget code). Add it on the customer’s page',
    ]);
  });
});

describe('the file', () => {
  it('writes the plain journal with a header row, CRLF records and quoting only where needed', () => {
    const text = ledgerFileText(journal, batch, ledgerRows('sales', [line({ description: 'Day, "urgent"' })], journal));
    expect(text).toBe(
      'Batch,Line,Date,Period,Document,Type,Cost centre,Subjective,Customer account,Customer,PO number,Description,VAT code,Debit,Credit,Net,VAT,Gross\r\n' +
        'LB000007,1,31/10/2026,202610,SO-INV000001,INV,CS4410,8931,C1001,Bitterne Park School,PO-77,"Day, ""urgent""",E,,900.00,900.00,0.00,900.00\r\n',
    );
  });

  it('writes a GL07 row in the preset’s columns and dates', () => {
    const gl07 = PRESET_TEMPLATES.unit4_gl07;
    const [header, row] = ledgerFileText(gl07, batch, ledgerRows('sales', [line()], gl07)).split('\r\n');
    const cells = Object.fromEntries(header!.split(',').map((h, i) => [h, row!.split(',')[i]]));
    expect(cells).toMatchObject({
      batch_id: 'LB000007',
      interface: 'BI',
      account: '8931',
      dim_1: 'CS4410',
      tax_code: 'E',
      amount: '900.00',
      trans_date: '20261031',
      period: '202610',
      ext_inv_ref: 'SO-INV000001',
      apar_type: 'R',
      apar_id: 'C1001',
      due_date: '20261130',
      ext_ref: 'PO-77',
    });
  });

  it('writes an AutoInvoice credit memo pointing at its invoice', () => {
    const oracle = PRESET_TEMPLATES.oracle_autoinvoice;
    const credit = line({
      documentKind: 'credit_note',
      documentNumber: 'SO-CRN000001',
      creditedDocument: 'SO-INV000001',
    });
    const [header, row] = ledgerFileText(oracle, batch, ledgerRows('sales', [credit], oracle)).split('\r\n');
    const cells = Object.fromEntries(header!.split(',').map((h, i) => [h, row!.split(',')[i]]));
    expect(cells).toMatchObject({
      TRX_NUMBER: 'SO-CRN000001',
      CUST_TRX_TYPE_NAME: 'CRN',
      AMOUNT: '-900.00',
      QUANTITY: '2.00',
      TRX_DATE: '2026/10/31',
      REFERENCE_LINE_ATTRIBUTE1: 'SO-INV000001',
      BILL_CUSTOMER_ACCOUNT_NUMBER: 'C1001',
      CONVERSION_TYPE: 'User',
    });
  });

  it('uses the template’s delimiter, and no header row when told', () => {
    const t: LedgerTemplate = {
      ...journal,
      delimiter: 'tab',
      headerRow: false,
      columns: [
        { header: 'Doc', source: 'document_number' },
        { header: 'Client', source: 'fixed', value: 'SC' },
        { header: 'Note', source: 'description' },
      ],
    };
    expect(ledgerFileText(t, batch, ledgerRows('sales', [line({ description: 'a\tb' })], t))).toBe(
      'SO-INV000001\tSC\t"a\tb"\r\n',
    );
  });

  it('writes dates in each format', () => {
    expect(
      (['YYYY-MM-DD', 'DD/MM/YYYY', 'YYYYMMDD', 'YYYY/MM/DD', 'DD-MON-YYYY'] as const).map((f) =>
        formatLedgerDate('2026-01-05', f),
      ),
    ).toEqual(['2026-01-05', '05/01/2026', '20260105', '2026/01/05', '05-JAN-2026']);
  });
});
