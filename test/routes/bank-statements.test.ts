import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { importBankStatement } from '../../app/cash/import-statement.server';
import * as linePage from '../../app/routes/t.$tenant.finance.bank-lines.$lineId';
import * as statementPage from '../../app/routes/t.$tenant.finance.bank-statements.$statementId';
import * as indexPage from '../../app/routes/t.$tenant.finance.bank-statements._index';
import * as mappingPage from '../../app/routes/t.$tenant.finance.bank-statements.mapping';
import { withTenant } from '../../db/scope.server';
import {
  asUser,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';
import { finalDocument } from '../setup/payments';
import { routeData } from '../setup/route-data';

useToday('2026-03-09');

const remix = routeData();

function render(page: ComponentType, loaderData: unknown, actionData?: unknown): string {
  remix.loaderData = JSON.parse(JSON.stringify(loaderData));
  remix.actionData = actionData === undefined ? undefined : JSON.parse(JSON.stringify(actionData));
  return renderToStaticMarkup(createElement(page));
}

const fixture = (name: string) =>
  new Uint8Array(readFileSync(path.join(__dirname, '../fixtures/bank-statements', name)));
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

let alpha: TestTenant;
let beta: TestTenant;
let alphaFinance: Browser;
let betaFinance: Browser;
let ctx: TenantContext;

/** The upload form as a browser posts it: multipart, with the CSRF token. */
function upload(
  fields: Record<string, string>,
  file: { name: string; bytes: Uint8Array } | null,
  browser = alphaFinance,
  slug = 'alpha',
) {
  const form = new FormData();
  form.set('csrf', browser.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new File([file.bytes.slice().buffer as ArrayBuffer], file.name));
  return respond(() =>
    indexPage.action(
      args(
        new Request(`http://localhost/t/${slug}/finance/bank-statements`, {
          method: 'POST',
          body: form,
          headers: { cookie: browser.cookie },
        }),
        { tenant: slug },
      ),
    ),
  );
}

async function count(table: 'payments' | 'payment_allocations' | 'bank_statements' | 'bank_statement_lines') {
  const { n } = await (
    await ownerDb()
  )
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function lines() {
  return (await ownerDb())
    .selectFrom('bank_statement_lines')
    .select(['id', 'line_number', 'status', 'matched_how', 'match_reason', 'payment_id', 'amount_pence'])
    .orderBy('booked_on')
    .orderBy('line_number')
    .execute();
}

async function allocationsOf(paymentId: string) {
  return (await ownerDb())
    .selectFrom('payment_allocations as a')
    .innerJoin('billing_documents as d', 'd.id', 'a.document_id')
    .select(['d.number', 'a.amount_pence'])
    .where('a.payment_id', '=', paymentId)
    .orderBy('d.number')
    .execute();
}

const statementIdFrom = (location: string | null) => /bank-statements\/([0-9a-f-]{36})/.exec(location ?? '')![1]!;
const errorsOf = (r: { value?: unknown }) => (r.value as { errors: Array<{ field?: string; message: string }> }).errors;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  betaFinance = await asUser(beta.financeId, `tenant:${beta.id}`);
  ctx = await requireTenantMember(get('/t/alpha', alphaFinance), 'alpha', 'finance.manage');
});

describe('importing a bank statement', () => {
  it('matches a credit by document number and amount, queues what it cannot match, ignores debits, and shows why', async () => {
    const invoice = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]); // £120.00
    expect(invoice.number).toBe('TST-INV000001');
    const imported = await upload({ preset: 'lloyds' }, { name: 'lloyds.csv', bytes: fixture('lloyds-bom-crlf.csv') });
    expect(imported.status).toBe(302);
    const statementId = statementIdFrom(imported.response!.headers.get('location'));

    const stored = await lines();
    expect(stored.map((l) => [l.line_number, l.status, l.matched_how, l.amount_pence])).toEqual([
      [2, 'matched', 'automatic', 12000],
      [3, 'unmatched', null, 100000],
      [4, 'debit', null, -4550],
    ]);
    expect(stored[0]!.match_reason).toBe('Document number in the reference: TST-INV000001, the £120.00 owed');
    expect(stored[1]!.match_reason).toBe('No document number, PO number or customer account code in the reference');
    const payment = await (
      await ownerDb()
    )
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', stored[0]!.payment_id!)
      .executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ method: 'bank_transfer', amount_pence: 12000, received_on: '2026-03-02' });
    expect(payment.external_id).toMatch(/^bank:/);
    expect(await allocationsOf(payment.id)).toEqual([{ number: 'TST-INV000001', amount_pence: 12000 }]);

    const view = await statementPage.loader(
      args(get(`/t/alpha/finance/bank-statements/${statementId}`, alphaFinance), { tenant: 'alpha', statementId }),
    );
    expect(view.statement).toMatchObject({
      linesInFile: 3,
      linesNew: 3,
      linesMatched: 1,
      account: '30-00-00 12345678',
    });
    const html = render(statementPage.default, view);
    expect(html).toContain('Matched automatically');
    expect(html).toContain('Document number in the reference: TST-INV000001, the £120.00 owed');
    expect(html).toContain('Money out (ignored)');
    expect(html).toContain('<caption');

    const overview = await indexPage.loader(
      args(get('/t/alpha/finance/bank-statements', alphaFinance), { tenant: 'alpha' }),
    );
    expect(overview.waitingCount).toBe(1);
    const index = render(indexPage.default, overview);
    expect(index).toContain('Which bank or format is the statement?');
    expect(index).toContain('Column mapping you set');
    expect(index).toContain('Statement file');
    expect(index).toContain(`/t/alpha/finance/bank-lines/${stored[1]!.id}`);
  });

  it('records nothing twice: the same file again, or a statement that overlaps it', async () => {
    await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const file = { name: 'lloyds.csv', bytes: fixture('lloyds-bom-crlf.csv') };
    expect((await upload({ preset: 'lloyds' }, file)).status).toBe(302);
    const again = await upload({ preset: 'lloyds' }, file);
    expect(again.status).toBe(302);
    expect(again.response!.headers.get('location')).toBe('/t/alpha/finance/bank-statements?already=3');
    expect([await count('bank_statements'), await count('bank_statement_lines'), await count('payments')]).toEqual([
      1, 3, 1,
    ]);

    // The next statement repeats the last day and adds a line, with LF line ends and no BOM this time.
    const text = new TextDecoder().decode(fixture('lloyds-bom-crlf.csv')).replace(/\r\n/g, '\n');
    const overlapping = `${text.split('\n').slice(0, 1).join('\n')}\n${text.split('\n').slice(3, 4).join('\n')}\n10/03/2026,30-00-00,12345678,ALPHA PRIMARY SCH,FPI,5.00,DONATION,FASTER PAYMENT,0\n`;
    const result = await importBankStatement(ctx, {
      preset: 'lloyds',
      fileName: 'next.csv',
      bytes: new TextEncoder().encode(overlapping),
    });
    expect(result).toMatchObject({ ok: true, linesInFile: 2, linesNew: 1, linesMatched: 0, linesWaiting: 1 });
    expect(await count('bank_statement_lines')).toBe(4);
  });

  it('matches part payments in Windows-1252 and one payment covering several invoices', async () => {
    const first = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const second = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const parts = await importBankStatement(ctx, {
      preset: 'barclays',
      fileName: 'barclays.csv',
      bytes: fixture('barclays-windows-1252.csv'),
    });
    expect(parts).toMatchObject({ ok: true, linesMatched: 2 });
    const [part, rest] = await lines();
    expect(part!.match_reason).toBe(
      'Document number in the reference: TST-INV000001, a part payment of the £120.00 owed',
    );
    expect(rest!.match_reason).toBe('Document number in the reference: TST-INV000001, the £70.00 owed');
    const payer = await (
      await ownerDb()
    )
      .selectFrom('bank_statement_lines')
      .select('payer_name')
      .executeTakeFirstOrThrow();
    expect(payer.payer_name).toBe('Ecole Sainte-Thérèse');

    // TST-INV000001 is paid now; the NatWest line names it and TST-INV000002 for £240: more than is owed.
    const natwest = await importBankStatement(ctx, {
      preset: 'natwest',
      fileName: 'n.csv',
      bytes: fixture('natwest-crlf.csv'),
    });
    expect(natwest).toMatchObject({ ok: true, linesMatched: 0, linesWaiting: 1 });
    expect((await lines()).find((l) => l.amount_pence === 24000)!.match_reason).toBe(
      'Document number in the reference names TST-INV000002, but £240.00 is more than the £120.00 owed',
    );
    const third = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const several = await importBankStatement(ctx, {
      preset: 'natwest',
      fileName: 'n2.csv',
      bytes: new TextEncoder().encode(
        'Date,Narrative #1,Narrative #2,Type,Debit,Credit\n07/03/2026,ALPHA PRIMARY SCH,TST-INV000002 TST-INV000003,BAC,,240.00\n',
      ),
    });
    expect(several).toMatchObject({ ok: true, linesMatched: 1 });
    const line = (await lines()).find((l) => l.amount_pence === 24000 && l.status === 'matched')!;
    expect(await allocationsOf(line.payment_id!)).toEqual([
      { number: second.number, amount_pence: 12000 },
      { number: third.number, amount_pence: 12000 },
    ]);
    expect(first.number).toBe('TST-INV000001');
  });

  it('imports camt.053 XML', async () => {
    await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const result = await upload({ preset: 'camt053' }, { name: 'statement.xml', bytes: fixture('camt053.xml') });
    expect(result.status).toBe(302);
    expect((await lines()).map((l) => [l.status, l.amount_pence])).toEqual([
      ['matched', 12000],
      ['debit', -1999],
    ]);
  });

  it('says what is wrong with a bad file, on which line, and saves nothing', async () => {
    await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const noPreset = await upload({}, null);
    expect(noPreset.status).toBe(400);
    expect(errorsOf(noPreset).map((e) => e.field)).toEqual(['preset', 'file']);

    const unknownColumns = await upload(
      { preset: 'natwest' },
      { name: 'l.csv', bytes: fixture('lloyds-bom-crlf.csv') },
    );
    expect(unknownColumns.status).toBe(400);
    expect(errorsOf(unknownColumns)[0]!.message).toMatch(
      /^Line 1: The file has no “Date”, “Credit”, “Debit” or “Narrative #2” column, so it is not a statement in the columns of NatWest Bankline\. Its columns are: Post Date, Sort Code/,
    );

    const badLines = await upload(
      { preset: 'lloyds' },
      {
        name: 'bad.csv',
        bytes: new TextEncoder().encode(
          'Post Date,Name,Amount,Customer Reference\n02/03/2026,A,120.00,TST-INV000001\n30/02/2026,B,1.00,X\n03/03/2026,C,1.0.0,Y\n',
        ),
      },
    );
    expect(badLines.status).toBe(400);
    expect(errorsOf(badLines).map((e) => e.message)).toEqual([
      'Line 3: the date “30/02/2026” is not a real date: write dates like 31/12/2026, 31/12/26 or 2026-12-31',
      'Line 4: the amount “1.0.0” is not an amount in pounds and pence, like 1250.00 or -1250.00',
    ]);
    const binary = await upload(
      { preset: 'lloyds' },
      { name: 'x.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]) },
    );
    expect(binary.status).toBe(400);
    expect(errorsOf(binary)[0]!.message).toMatch(/binary data/);
    const negative = await upload(
      { preset: 'natwest' },
      {
        name: 'n.csv',
        bytes: new TextEncoder().encode('Date,Narrative #1,Narrative #2,Debit,Credit\n06/03/2026,A,B,,-20.00\n'),
      },
    );
    expect(errorsOf(negative)[0]!.message).toBe(
      'Line 2: the credit amount -£20.00 is negative: money paid in is a positive amount in the credit column',
    );
    expect([await count('bank_statements'), await count('bank_statement_lines'), await count('payments')]).toEqual([
      0, 0, 0,
    ]);
  });
});

describe('the column mapping', () => {
  it('is set once per tenant, refuses an incomplete mapping, and is used by later imports', async () => {
    const save = (fields: Record<string, string>) =>
      respond(() =>
        mappingPage.action(
          args(post('/t/alpha/finance/bank-statements/mapping', fields, alphaFinance), { tenant: 'alpha' }),
        ),
      );
    const incomplete = await save({
      dateColumn: 'When',
      amountStyle: 'split',
      creditColumn: 'In',
      referenceColumn: '',
    });
    expect(incomplete.status).toBe(400);
    expect(errorsOf(incomplete)).toEqual([
      { field: 'referenceColumn', message: 'Enter the heading of the reference column' },
      { field: 'debitColumn', message: 'Enter the heading of the debit (money out) column' },
    ]);
    const saved = await save({
      dateColumn: 'When',
      amountStyle: 'split',
      creditColumn: 'In',
      debitColumn: 'Out',
      referenceColumn: 'Ref',
    });
    expect(saved.status).toBe(302);
    const page = await mappingPage.loader(
      args(get('/t/alpha/finance/bank-statements/mapping', alphaFinance), { tenant: 'alpha' }),
    );
    expect(page.mapping).toMatchObject({
      dateColumn: 'When',
      creditColumn: 'In',
      debitColumn: 'Out',
      amountColumn: null,
    });
    expect(render(mappingPage.default, page)).toContain('value="Out"');

    await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const imported = await upload(
      { preset: 'mapping' },
      { name: 'own.csv', bytes: new TextEncoder().encode('When,In,Out,Ref\r\n02/03/26,120.00,,TST-INV000001\r\n') },
    );
    expect(imported.status).toBe(302);
    expect((await lines())[0]!.status).toBe('matched');

    // Beta has no mapping of its own.
    const betaImport = await upload(
      { preset: 'mapping' },
      { name: 'own.csv', bytes: new TextEncoder().encode('When,In,Out,Ref\r\n02/03/26,1.00,,X\r\n') },
      betaFinance,
      'beta',
    );
    expect(errorsOf(betaImport)[0]!.message).toBe('Set your column mapping before importing a statement with it.');
  });
});

describe('matching a waiting line by hand', () => {
  async function waitingLine(reference: string, pounds: string) {
    const result = await importBankStatement(ctx, {
      preset: 'lloyds',
      fileName: 'w.csv',
      bytes: new TextEncoder().encode(
        `Post Date,Name,Amount,Customer Reference\n04/03/2026,SCHOOL,${pounds},${reference}\n`,
      ),
    });
    expect(result).toMatchObject({ ok: true, linesWaiting: 1 });
    return (await lines()).find((l) => l.status === 'unmatched')!.id;
  }
  const account = async () =>
    (
      await (
        await ownerDb()
      )
        .selectFrom('customer_accounts')
        .select('id')
        .where('tenant_id', '=', alpha.id)
        .executeTakeFirstOrThrow()
    ).id;
  const postLine = (lineId: string, fields: Record<string, string>, browser = alphaFinance, slug = 'alpha') =>
    respond(() =>
      linePage.action(args(post(`/t/${slug}/finance/bank-lines/${lineId}`, fields, browser), { tenant: slug, lineId })),
    );

  it('splits the money across invoices, refuses an overpayment, and decides a line only once', async () => {
    const a = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]); // £120
    const b = await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 5000 }]); // £60
    const lineId = await waitingLine('SCHOOL FUNDS', '150.00');
    const accountId = await account();

    const page = await linePage.loader(
      args(get(`/t/alpha/finance/bank-lines/${lineId}?account=${accountId}`, alphaFinance), {
        tenant: 'alpha',
        lineId,
      }),
    );
    expect(page.open.map((d) => d.number)).toEqual([a.number, b.number]);
    const html = render(linePage.default, page);
    expect(html).toContain('Which customer paid?');
    expect(html).toContain('Mark as not ours');
    expect(html).toContain(`Amount to allocate to ${a.number}, in pounds`);

    const over = await postLine(lineId, {
      intent: 'match',
      accountId,
      [`allocate-${a.id}`]: '130.00',
      [`allocate-${b.id}`]: '20.00',
    });
    expect(over.status).toBe(400);
    expect(errorsOf(over)[0]).toEqual({
      field: `allocate-${a.id}`,
      message: `£130.00 is more than the £120.00 owed on ${a.number}: allocate at most £120.00, or choose “Keep the rest as credit on the account”`,
    });
    const negative = await postLine(lineId, { intent: 'match', accountId, [`allocate-${a.id}`]: '-5' });
    expect(negative.status).toBe(400);
    expect([await count('payments'), await count('payment_allocations')]).toEqual([0, 0]);

    const split = await postLine(lineId, {
      intent: 'match',
      accountId,
      [`allocate-${a.id}`]: '100.00',
      [`allocate-${b.id}`]: '50.00',
    });
    expect(split.status).toBe(302);
    const line = (await lines()).find((l) => l.id === lineId)!;
    expect(line).toMatchObject({ status: 'matched', matched_how: 'by_hand' });
    expect(await allocationsOf(line.payment_id!)).toEqual([
      { number: a.number, amount_pence: 10000 },
      { number: b.number, amount_pence: 5000 },
    ]);
    const again = await postLine(lineId, { intent: 'not_ours' });
    expect(again.status).toBe(409);
    expect(await count('payments')).toBe(1);
  });

  it('marks a line not ours, and the database refuses any other change to a line', async () => {
    const lineId = await waitingLine('HIGHWAYS DEPT', '75.00');
    const marked = await postLine(lineId, { intent: 'not_ours', reason: 'Highways, not traded services' });
    expect(marked.status).toBe(302);
    expect((await lines())[0]).toMatchObject({ status: 'not_ours', match_reason: 'Highways, not traded services' });

    await expect(
      withTenant(ctx, (tx) =>
        tx.updateTable('bank_statement_lines').set({ status: 'unmatched' }).where('id', '=', lineId).execute(),
      ),
    ).rejects.toThrow(/already decided/);
    const otherId = await waitingLine('OTHER', '5.00');
    await expect(
      withTenant(ctx, (tx) =>
        tx
          .updateTable('bank_statement_lines')
          .set({ status: 'not_ours', amount_pence: 1 })
          .where('id', '=', otherId)
          .execute(),
      ),
    ).rejects.toThrow();
    await expect(
      withTenant(ctx, (tx) => tx.deleteFrom('bank_statement_lines').where('id', '=', otherId).execute()),
    ).rejects.toThrow();
    await expect(withTenant(ctx, (tx) => tx.deleteFrom('bank_statements').execute())).rejects.toThrow();
  });
});

describe('another tenant', () => {
  it('gets 404 for a statement, a line, and posting to a line', async () => {
    await finalDocument(ctx, alpha.schoolOrganisationId, [{ netPence: 10000 }]);
    const imported = await upload({ preset: 'lloyds' }, { name: 'lloyds.csv', bytes: fixture('lloyds-bom-crlf.csv') });
    const statementId = statementIdFrom(imported.response!.headers.get('location'));
    const lineId = (await lines()).find((l) => l.status === 'unmatched')!.id;

    const statement = await respond(() =>
      statementPage.loader(
        args(get(`/t/beta/finance/bank-statements/${statementId}`, betaFinance), { tenant: 'beta', statementId }),
      ),
    );
    expect(statement.status).toBe(404);
    const line = await respond(() =>
      linePage.loader(args(get(`/t/beta/finance/bank-lines/${lineId}`, betaFinance), { tenant: 'beta', lineId })),
    );
    expect(line.status).toBe(404);
    const notOurs = await respond(() =>
      linePage.action(
        args(post(`/t/beta/finance/bank-lines/${lineId}`, { intent: 'not_ours' }, betaFinance), {
          tenant: 'beta',
          lineId,
        }),
      ),
    );
    expect(notOurs.status).toBe(404);
    // Alpha's finance officer on beta's address: not a member, so 404 too.
    const wrongTenant = await respond(() =>
      statementPage.loader(
        args(get(`/t/beta/finance/bank-statements/${statementId}`, alphaFinance), { tenant: 'beta', statementId }),
      ),
    );
    expect(wrongTenant.status).toBe(404);
    expect((await lines()).find((l) => l.id === lineId)!.status).toBe('unmatched');
    const betaOverview = await indexPage.loader(
      args(get('/t/beta/finance/bank-statements', betaFinance), { tenant: 'beta' }),
    );
    expect([betaOverview.statements, betaOverview.waiting]).toEqual([[], []]);
  });
});
