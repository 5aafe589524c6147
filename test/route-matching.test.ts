import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createMemoryRouter, matchPath, matchRoutes, type RouteObject } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

// Every page's request matches its path against all of the app's routes, several times (the server,
// its data handler and the page's manifest). patches/@remix-run+router+*.patch makes the router
// compile each route pattern once and flatten and rank a routes array once, instead of on every
// match (about a third of a signed-out page's server time). These tests hold the patch to what
// route matching promised before it: the same answers, however often asked, and routes added later
// are seen.

// @remix-run/router as react-router-dom (and so Remix) loads it.
const require = createRequire(createRequire(import.meta.url).resolve('react-router-dom'));

function routes(): RouteObject[] {
  return [
    {
      id: 'root',
      path: '/',
      children: [
        { id: 'home', index: true },
        { id: 'accessibility', path: 'accessibility' },
        {
          id: 'tenant',
          path: 't/:tenant',
          children: [
            { id: 'orders', path: 'orders' },
            { id: 'new-order', path: 'orders/new' },
            { id: 'order', path: 'orders/:orderId' },
            { id: 'optional', path: 'reports/:year?' },
            { id: 'exact', path: 'Exact', caseSensitive: true },
          ],
        },
        { id: 'files', path: 'files/*' },
        { id: 'settings', path: 'u/:user/settings' },
        { id: 'tab', path: 'u/:user/:tab' },
        { id: 'pdf', path: 'docs/:name.pdf' },
        { id: 'not-found', path: '*' },
      ],
    },
  ];
}

// The static router as Remix's server rendering loads it (the CommonJS build, which the patch changes).
const { createStaticHandler, createStaticRouter } =
  require('react-router-dom/server') as typeof import('react-router-dom/server');

const idsOf = (tree: RouteObject[], path: string) => matchRoutes(tree, path)?.map((m) => m.route.id) ?? null;

describe('route matching', () => {
  it('answers the same, best match first, however often it is asked', () => {
    const tree = routes();
    for (let round = 0; round < 3; round++) {
      expect(idsOf(tree, '/')).toEqual(['root', 'home']);
      expect(idsOf(tree, '/accessibility')).toEqual(['root', 'accessibility']);
      expect(idsOf(tree, '/ACCESSIBILITY/')).toEqual(['root', 'accessibility']);
      expect(idsOf(tree, '/t/alpha/orders')).toEqual(['root', 'tenant', 'orders']);
      expect(idsOf(tree, '/t/alpha/orders/new')).toEqual(['root', 'tenant', 'new-order']);
      expect(idsOf(tree, '/t/alpha/orders/1234')).toEqual(['root', 'tenant', 'order']);
      expect(idsOf(tree, '/t/alpha/reports')).toEqual(['root', 'tenant', 'optional']);
      expect(idsOf(tree, '/t/alpha/reports/2026')).toEqual(['root', 'tenant', 'optional']);
      expect(idsOf(tree, '/t/alpha/nowhere')).toEqual(['root', 'not-found']);
    }
    // Paths that differ from a route only in ways a route's pattern allows, or forbids.
    expect(idsOf(tree, '/accessibility//')).toEqual(['root', 'accessibility']);
    expect(idsOf(tree, '//accessibility')).toEqual(['root', 'not-found']);
    expect(idsOf(tree, '/t//orders')).toEqual(['root', 'not-found']);
    expect(idsOf(tree, '/t/alpha//orders')).toEqual(['root', 'not-found']);
    expect(idsOf(tree, '/T/Alpha/ORDERS/NEW')).toEqual(['root', 'tenant', 'new-order']);
    expect(idsOf(tree, '/t/alpha/orders/new/extra')).toEqual(['root', 'not-found']);
    expect(idsOf(tree, '/t/alpha/Exact')).toEqual(['root', 'tenant', 'exact']);
    expect(idsOf(tree, '/t/alpha/exact')).toEqual(['root', 'not-found']);
    expect(idsOf(tree, '/files')).toEqual(['root', 'files']);
    expect(matchRoutes(tree, '/files/a/b')!.at(-1)!.params).toEqual({ '*': 'a/b' });
    // A capital dotted İ is not an i to a route's pattern, nor a dotless ı.
    expect(idsOf(tree, '/ACCESS\u0130BILITY')).toEqual(['root', 'not-found']);
    expect(idsOf(tree, '/access\u0131bility')).toEqual(['root', 'not-found']);
    expect(matchRoutes(tree, '/t/%C3%A9/orders')!.at(-1)!.params).toEqual({ tenant: 'é' });
    const first = matchRoutes(tree, '/t/beta/orders/42')!;
    const second = matchRoutes(tree, '/t/gamma/orders/43')!;
    expect(first.at(-1)!.params).toEqual({ tenant: 'beta', orderId: '42' });
    expect(second.at(-1)!.params).toEqual({ tenant: 'gamma', orderId: '43' });
    expect(matchRoutes(tree, '/t/alpha/reports/2026')!.at(-1)!.params).toEqual({ tenant: 'alpha', year: '2026' });
    // A parameter stands for one non-empty segment, whatever it holds; what follows it still counts.
    expect(idsOf(tree, '/u/sam/settings')).toEqual(['root', 'settings']);
    expect(idsOf(tree, '/U/Sam/SETTINGS/')).toEqual(['root', 'settings']);
    expect(idsOf(tree, '/u/sam/billing')).toEqual(['root', 'tab']);
    expect(matchRoutes(tree, '/u/settings/settings')!.at(-1)!.params).toEqual({ user: 'settings' });
    expect(idsOf(tree, '/u/sam')).toEqual(['root', 'not-found']);
    expect(idsOf(tree, '/u//settings')).toEqual(['root', 'not-found']);
    expect(idsOf(tree, '/u/sam/settings/more')).toEqual(['root', 'not-found']);
    // A parameter with more in its segment than its name.
    expect(matchRoutes(tree, '/docs/minutes.pdf')!.at(-1)!.params).toEqual({ name: 'minutes' });
    expect(idsOf(tree, '/docs/minutes.txt')).toEqual(['root', 'not-found']);
  });

  it('gives each match its own params, so changing one answer changes no other', () => {
    const one = matchPath('/t/:tenant/orders/:orderId', '/t/alpha/orders/1')!;
    (one.params as Record<string, string>).tenant = 'changed';
    expect(matchPath('/t/:tenant/orders/:orderId', '/t/alpha/orders/1')!.params).toEqual({
      tenant: 'alpha',
      orderId: '1',
    });
    expect(matchPath({ path: '/t/:tenant', end: false }, '/t/alpha/orders')!.pathnameBase).toBe('/t/alpha');
    expect(matchPath({ path: '/t/:tenant', end: true }, '/t/alpha/orders')).toBeNull();
    expect(matchPath({ path: '/Accessibility', caseSensitive: true }, '/accessibility')).toBeNull();
    expect(matchPath({ path: '/Accessibility', caseSensitive: false }, '/accessibility')).not.toBeNull();
  });

  it('sees routes added to a routes array it has matched before', () => {
    const router = createMemoryRouter(routes());
    const before = router.routes;
    expect(idsOf(before, '/t/alpha/invoices')).toEqual(['root', 'not-found']);
    router.patchRoutes('tenant', [{ id: 'invoices', path: 'invoices' }]);
    // The tenant route's children grew in place: the array matched before now has the new route.
    expect(idsOf(before, '/t/alpha/invoices')).toEqual(['root', 'tenant', 'invoices']);
    expect(idsOf(router.routes, '/t/alpha/invoices')).toEqual(['root', 'tenant', 'invoices']);
    router.dispose();
  });

  it("converts the same routes to a static router's data routes once, and each request keeps its own matches", async () => {
    const tree = routes();
    const handler = createStaticHandler(tree);
    const order = await handler.query(new Request('http://localhost/t/alpha/orders/1'));
    const page = await handler.query(new Request('http://localhost/accessibility'));
    if (order instanceof Response || page instanceof Response) throw new Error('expected contexts, not responses');
    const first = createStaticRouter(tree, order);
    const second = createStaticRouter(tree, page);
    expect(second.routes).toBe(first.routes);
    expect(first.state.matches.map((m) => m.route.id)).toEqual(['root', 'tenant', 'order']);
    expect(first.state.matches.at(-1)!.params).toEqual({ tenant: 'alpha', orderId: '1' });
    expect(first.state.matches.at(-1)!.route).toBe(first.routes[0]!.children![2]!.children![2]);
    expect(second.state.matches.map((m) => m.route.id)).toEqual(['root', 'accessibility']);
    expect(second.state.location.pathname).toBe('/accessibility');
    // Another routes array is its own.
    expect(createStaticRouter(routes(), page).routes).not.toBe(first.routes);
  });

  it('is the patched router that npm ci installs (patches/ applied by postinstall)', () => {
    const source = readFileSync(require.resolve('@remix-run/router'), 'utf8');
    expect(source).toContain('function rankedBranches(routes)');
    expect(source).toContain('const compiledPaths = new Map()');
    expect(source).toContain('leading.push(null)');
    expect(readFileSync(require.resolve('react-router-dom/server'), 'utf8')).toContain('staticDataRoutesCache');
    const remixServer = createRequire(require.resolve('@remix-run/react')).resolve('./server');
    expect(readFileSync(remixServer, 'utf8')).toContain('function serverRoutesOf(');
  });
});
