import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchCreditLines, type MatchableDocument } from './match-lines';

const doc = (
  n: number,
  organisationId: string,
  balancePence: number,
  poNumber: string | null = null,
): MatchableDocument => ({
  id: `doc-${n}`,
  number: `TST-INV${String(n).padStart(6, '0')}`,
  poNumber,
  organisationId,
  issuedOn: `2026-01-${String(n).padStart(2, '0')}`,
  balancePence,
});
const customers = [
  { organisationId: 'org-a', accountCode: 'ALPHA01', name: 'Alpha Primary School' },
  { organisationId: 'org-b', accountCode: 'BETA02', name: 'Beta Academy' },
];
const credit = (amountPence: number, reference: string, payerName = '') => ({
  amountPence,
  reference,
  payerName,
  description: '',
});

describe('matching credit lines', () => {
  const docs = [doc(1, 'org-a', 12000), doc(2, 'org-a', 12000, 'PO-7781'), doc(3, 'org-b', 5000)];

  it('matches by document number and amount, one payment across several documents, and part payments', () => {
    const [one, several, part, spaced] = matchCreditLines(
      [
        credit(12000, 'TST-INV000001'),
        credit(17000, 'INV2 TST INV 000002 / TST-INV000003'),
        credit(2000, 'tst-inv000003'),
        credit(3000, 'TST INV000003'),
      ],
      docs,
      customers,
      'TST-',
    );
    expect(one).toEqual({
      matched: true,
      organisationId: 'org-a',
      allocations: [{ documentId: 'doc-1', amountPence: 12000 }],
      reason: 'Document number in the reference: TST-INV000001, the £120.00 owed',
    });
    // Documents of two customers in one reference: a person decides.
    expect(several).toMatchObject({ matched: false, reason: expect.stringMatching(/more than one customer/) });
    expect(part).toEqual({
      matched: true,
      organisationId: 'org-b',
      allocations: [{ documentId: 'doc-3', amountPence: 2000 }],
      reason: 'Document number in the reference: TST-INV000003, a part payment of the £50.00 owed',
    });
    // The earlier line paid part of it: what is left is the rest.
    expect(spaced).toMatchObject({ matched: true, allocations: [{ documentId: 'doc-3', amountPence: 3000 }] });
  });

  it('pays several documents of one customer when the amount is their total, and refuses more than is owed', () => {
    const [both, over, again] = matchCreditLines(
      [credit(24000, 'TST-INV000001 TST-INV000002'), credit(6000, 'INV000003'), credit(100, 'TST-INV000001')],
      docs,
      customers,
      'TST-',
    );
    expect(both).toMatchObject({
      matched: true,
      allocations: [
        { documentId: 'doc-1', amountPence: 12000 },
        { documentId: 'doc-2', amountPence: 12000 },
      ],
      reason: 'Document number in the reference: TST-INV000001, TST-INV000002, £240.00, the total owed on them',
    });
    expect(over).toEqual({
      matched: false,
      reason: 'Document number in the reference names TST-INV000003, but £60.00 is more than the £50.00 owed',
    });
    expect(again).toEqual({
      matched: false,
      reason: 'Document number in the reference names TST-INV000001, already paid in full',
    });
  });

  it('matches by PO number, then by account code or payer name with the amount, else leaves the line waiting', () => {
    const [po, code, codeNoAmount, name, nothing] = matchCreditLines(
      [
        credit(12000, 'PO-7781'),
        credit(12000, 'ALPHA01 MARCH'),
        credit(999, 'BETA02'),
        credit(5000, 'SCHOOL FUND', 'BETA ACADEMY'),
        credit(5000, 'THANK YOU'),
      ],
      docs,
      customers,
      'TST-',
    );
    expect(po).toMatchObject({ matched: true, allocations: [{ documentId: 'doc-2' }] });
    expect(code).toMatchObject({ matched: true, allocations: [{ documentId: 'doc-1' }] });
    expect(codeNoAmount).toEqual({
      matched: false,
      reason:
        'Customer account BETA02 in the reference (Beta Academy), but no document of theirs owes £9.99 and they owe £50.00 in all',
    });
    expect(name).toMatchObject({
      matched: true,
      organisationId: 'org-b',
      reason: expect.stringMatching(/^The payer’s name/),
    });
    expect(nothing).toEqual({
      matched: false,
      reason: 'No document number, PO number or customer account code in the reference',
    });
  });
});

describe('whatever the statement says', () => {
  it('never allocates more than a line pays or a document owes, and a match pays exactly the line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 6 }),
        fc.array(
          fc.record({
            amountPence: fc.integer({ min: 1, max: 120_000 }),
            docs: fc.subarray([1, 2, 3, 4, 5, 6]),
            code: fc.boolean(),
          }),
          { maxLength: 12 },
        ),
        (balances, raw) => {
          const documents = balances.map((b, i) => doc(i + 1, i % 2 ? 'org-b' : 'org-a', b));
          const lines = raw.map((l) =>
            credit(l.amountPence, `${l.docs.map((n) => `TST-INV00000${n}`).join(' ')}${l.code ? ' ALPHA01' : ''}`),
          );
          const paid = new Map<string, number>();
          matchCreditLines(lines, documents, customers, 'TST-').forEach((m, i) => {
            if (!m.matched) return;
            expect(m.allocations.reduce((s, a) => s + a.amountPence, 0)).toBe(lines[i]!.amountPence);
            for (const a of m.allocations) {
              expect(a.amountPence).toBeGreaterThan(0);
              paid.set(a.documentId, (paid.get(a.documentId) ?? 0) + a.amountPence);
            }
          });
          for (const d of documents) expect(paid.get(d.id) ?? 0).toBeLessThanOrEqual(d.balancePence);
        },
      ),
    );
  });
});
