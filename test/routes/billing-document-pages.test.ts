import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Outlet } from 'react-router-dom';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { finaliseDocument, finaliseInScope } from '../../app/billing/finalise-document.server';
import { voidDocument } from '../../app/billing/void-document.server';
import * as buyerList from '../../app/routes/buy.invoices._index';
import * as buyerPage from '../../app/routes/buy.invoices.$tenant.$documentId';
import * as page from '../../app/routes/t.$tenant.documents.$documentId';
import * as list from '../../app/routes/t.$tenant.documents._index';
import * as settings from '../../app/routes/t.$tenant.settings';
import { insertDraftDocument, type DraftLine } from '../../db/queries/billing-documents';
import { withTenant } from '../../db/scope.server';
import { sql } from 'kysely';
import { asUser, get, ownerDb, twoTenants, useToday, type Browser, type TestTenant } from '../setup/fixtures';
import { finishedRun } from '../setup/billing-customers';

useToday('2026-03-02');

interface RouteModule {
  loader: (args: { request: Request; params: Record<string, string | undefined>; context: object }) => Promise<unknown>;
  default: ComponentType;
}

/**
 * Renders a route's page as the server does: its loader's data in a data router under a root that
 * gives the CSRF token, so the component itself runs (hooks, markup), not only its loader.
 */
async function renderPage(mod: RouteModule, pattern: string, url: string, browser: Browser): Promise<string> {
  const routes = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ csrf: 'token' }),
      element: createElement(Outlet),
      children: [
        {
          id: 'page',
          path: pattern,
          loader: ({ params }: { params: Record<string, string | undefined> }) =>
            mod.loader({ request: get(url, browser), params, context: {} }),
          element: createElement(mod.default),
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://localhost${url}`));
  if (context instanceof Response) throw new Error(`redirected to ${context.headers.get('location')}`);
  if (context.errors) throw new Error(JSON.stringify(context.errors));
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router, context, hydrate: false }));
}

let alpha: TestTenant;
let finance: Browser;
let ctx: TenantContext;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
  ctx = await requireTenantMember(get('/t/alpha', finance), 'alpha', 'finance.manage');
});

const line: DraftLine = {
  chargeKind: 'manual',
  orderLineId: null,
  chargeKey: null,
  deliveryId: null,
  description: 'HR advice, spring term',
  periodStart: '2026-01-05',
  periodEnd: '2026-03-31',
  quantityHundredths: 100,
  unitPricePence: 45000,
  netPence: 45000,
  vatCode: 'S',
  vatRateBasisPoints: 2000,
  vatPence: 9000,
  poNumber: null,
  costCentre: null,
  subjectiveCode: null,
  reason: 'Agreed by phone',
};

const draft = () =>
  withTenant({ tenantId: alpha.id }, (tx) =>
    insertDraftDocument(tx, alpha.id, {
      kind: 'invoice',
      runId: null,
      organisationId: alpha.schoolOrganisationId,
      poNumber: 'PO-1',
      createdBy: null,
      lines: [line],
    }),
  );

const ids = (html: string) => [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);

describe('the document pages render', () => {
  it('a draft: its lines with their source, a remove link per line, the forms to remove, add, finalise and discard', async () => {
    const id = await draft();
    const { id: lineId } = await (
      await ownerDb()
    )
      .selectFrom('billing_document_lines')
      .select('id')
      .where('document_id', '=', id)
      .executeTakeFirstOrThrow();
    const html = await renderPage(
      page as RouteModule,
      't/:tenant/documents/:documentId',
      `/t/alpha/documents/${id}?remove=${lineId}`,
      finance,
    );
    expect(html).toContain('Draft VAT invoice');
    expect(html).toContain('HR advice, spring term');
    expect(html).toContain('5 January 2026 to 31 March 2026');
    expect(html).toContain('Finalise and send');
    expect(html).toContain('Add the line');
    expect(html).toContain('Discard the draft');
    expect(html).toContain('Remove line 1');
    expect(html).toContain('Why is this line removed?');
    expect(html).toMatch(/href="\?remove=[0-9a-f-]+#remove-line"/);
    expect(html).not.toContain('Void it');
    const all = ids(html);
    expect(new Set(all).size).toBe(all.length);
  });

  it('a final document: number, VAT facts, remittance, send and void; void shows VOID', async () => {
    await (
      await ownerDb()
    )
      .updateTable('tenants')
      .set({ bank_name: 'Demo Bank', bank_sort_code: '00-00-01', bank_account_number: '00000001' })
      .where('id', '=', alpha.id)
      .execute();
    const id = await draft();
    await finaliseDocument(ctx, id);
    const html = await renderPage(
      page as RouteModule,
      't/:tenant/documents/:documentId',
      `/t/alpha/documents/${id}`,
      finance,
    );
    for (const words of [
      'VAT invoice TST-INV000001',
      'Tax point',
      'GB000000000',
      '00-00-01',
      'Quote TST-INV000001 as the reference',
      'Void it',
      'Send',
    ])
      expect(html).toContain(words);
    expect(html).not.toContain('Finalise and send');
    await voidDocument(ctx, id, 'Wrong school');
    const voided = await renderPage(
      page as RouteModule,
      't/:tenant/documents/:documentId',
      `/t/alpha/documents/${id}`,
      finance,
    );
    expect(voided).toContain('VOID');
    expect(voided).not.toContain('Void it');

    const listed = await renderPage(list as RouteModule, 't/:tenant/documents', '/t/alpha/documents', finance);
    expect(listed).toContain('TST-INV000001');

    const buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const bought = await renderPage(
      buyerPage as RouteModule,
      'buy/invoices/:tenant/:documentId',
      `/buy/invoices/alpha/${id}`,
      buyer,
    );
    expect(bought).toContain('TST-INV000001');
    expect(bought).not.toContain('Void it');
    const boughtList = await renderPage(buyerList as RouteModule, 'buy/invoices', '/buy/invoices', buyer);
    expect(boughtList).toContain(`/buy/invoices/alpha/${id}`);
  });

  it('the settings page asks for the VAT number and bank details', async () => {
    const admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const html = await renderPage(settings as RouteModule, 't/:tenant/settings', '/t/alpha/settings', admin);
    for (const name of ['vatNumber', 'bankName', 'bankSortCode', 'bankAccountNumber'])
      expect(html).toContain(`name="${name}"`);
    expect(html).toContain('value="GB000000000"');
  });
});

describe('the list of documents', () => {
  it('shows a long run a page at a time, newest first, with the count and the finalise-all button for the whole run', async () => {
    const db = await ownerDb();
    const run = await finishedRun(alpha.id, 'February 2026', '2026-02-28');
    const made: string[] = [];
    await withTenant({ tenantId: alpha.id }, async (tx) => {
      for (let i = 0; i < 105; i++)
        made.push(
          await insertDraftDocument(tx, alpha.id, {
            kind: 'invoice',
            runId: run.id,
            organisationId: alpha.schoolOrganisationId,
            poNumber: null,
            createdBy: null,
            lines: [line],
          }),
        );
    });
    await db
      .updateTable('billing_documents')
      .set({ created_at: sql`now() - (interval '1 minute' * (105 - position(id::text in ${made.join(',')})))` })
      .where('run_id', '=', run.id)
      .execute();
    const newestFirst = (
      await db
        .selectFrom('billing_documents')
        .select('id')
        .where('run_id', '=', run.id)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
    const address = (query: string) => `/t/alpha/documents?run=${run.id}${query}`;
    const shown = (html: string) =>
      [...html.matchAll(/href="\/t\/alpha\/documents\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

    const first = await renderPage(list as RouteModule, 't/:tenant/documents', address(''), finance);
    expect(first).toContain('105 documents, page 1 of 2');
    expect(shown(first)).toEqual(newestFirst.slice(0, 100));
    expect(first).toContain('Finalise and send all 105 drafts');
    expect(first).toContain(`href="/t/alpha/documents?run=${run.id}&amp;page=2"`);
    expect(first).toContain('govuk-pagination');

    const second = await renderPage(list as RouteModule, 't/:tenant/documents', address('&page=2'), finance);
    expect(second).toContain('105 documents, page 2 of 2');
    expect(shown(second)).toEqual(newestFirst.slice(100));
    expect(second).toContain(`href="/t/alpha/documents?run=${run.id}" rel="prev"`);

    // A page past the last shows the last; nonsense shows the first.
    expect(shown(await renderPage(list as RouteModule, 't/:tenant/documents', address('&page=9'), finance))).toEqual(
      newestFirst.slice(100),
    );
    expect(shown(await renderPage(list as RouteModule, 't/:tenant/documents', address('&page=x'), finance))).toEqual(
      newestFirst.slice(0, 100),
    );

    // A run that made one draft says so in the singular.
    const small = await finishedRun(alpha.id, 'March 2026', '2026-03-31');
    await withTenant({ tenantId: alpha.id }, (tx) =>
      insertDraftDocument(tx, alpha.id, {
        kind: 'invoice',
        runId: small.id,
        organisationId: alpha.schoolOrganisationId,
        poNumber: null,
        createdBy: null,
        lines: [line],
      }),
    );
    const one = await renderPage(
      list as RouteModule,
      't/:tenant/documents',
      `/t/alpha/documents?run=${small.id}`,
      finance,
    );
    expect(one).toContain('Finalise and send the 1 draft');
    expect(one).toContain('1 document<');
  });
});

describe("the buyer's list of invoices", () => {
  it('shows a page at a time, newest first, with how many there are', async () => {
    const made: string[] = [];
    await withTenant(ctx, async (tx) => {
      for (let i = 0; i < 102; i++) {
        const id = await insertDraftDocument(tx, alpha.id, {
          kind: 'invoice',
          runId: null,
          organisationId: alpha.schoolOrganisationId,
          poNumber: null,
          createdBy: null,
          lines: [line],
        });
        await finaliseInScope(tx, ctx, id);
        made.push(id);
      }
    });
    const buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const shown = (html: string) =>
      [...html.matchAll(/href="\/buy\/invoices\/alpha\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    const first = await renderPage(buyerList as RouteModule, 'buy/invoices', '/buy/invoices', buyer);
    expect(first).toContain('from your providers: 102, page 1 of 2');
    expect(shown(first)).toHaveLength(100);
    expect(first).toContain('href="/buy/invoices?page=2"');
    const second = await renderPage(buyerList as RouteModule, 'buy/invoices', '/buy/invoices?page=2', buyer);
    expect(shown(second)).toHaveLength(2);
    // Every invoice is on one page or the other, once; the numbers run newest first.
    expect(new Set([...shown(first), ...shown(second)])).toEqual(new Set(made));
    const numbers = [...first.matchAll(/>(TST-INV\d{6})</g)].map((m) => m[1]!);
    expect(numbers[0]).toBe('TST-INV000102');
    expect(numbers).toEqual([...numbers].sort().reverse());
  });
});
