import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import { signedInPerson } from '../../app/auth/signed-in.server';
import { serveRemix } from '../../app/http/middleware.server';
import * as root from '../../app/root';
import * as catalogue from '../../app/routes/buy.services._index';
import { countStatements } from '../../db/statement-count.server';
import { asUser, get, respond, twoTenants, useToday, type Browser, type TestTenant } from '../setup/fixtures';
import { args, asOneRequest, pages, world, type World } from '../setup/listing-world';

useToday('2026-04-01');

let alpha: TestTenant;
let buyer: Browser;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
});

/** The real middleware in front of a handler that runs the root's and the catalogue's loaders, as Remix does. */
async function server() {
  const app = express();
  serveRemix(app, undefined, async (req, res) => {
    const request = new Request(`http://${req.headers.host}${req.originalUrl}`, {
      headers: { cookie: req.headers.cookie ?? '' },
    });
    const [rootData, page] = await Promise.all([
      respond(() => root.loader(args(request))),
      respond(() => catalogue.loader(args(request))),
    ]);
    res.status(page.status).json({ root: rootData.status, page: page.status });
  });
  const listening = app.listen(0, '127.0.0.1');
  await once(listening, 'listening');
  return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`, close: () => listening.close() };
}

function statementsIn(header: string | null): number {
  const match = /^sql;desc="(\d+) statements"(;dur=\d+(\.\d+)?)?$/.exec(header ?? '');
  if (!match) throw new Error(`No SQL count in Server-Timing: ${header}`);
  return Number(match[1]);
}

describe('counting SQL statements per request', () => {
  it('reports every statement a page runs in Server-Timing, the same count each time', async () => {
    const { url, close } = await server();
    try {
      const signedIn = () => fetch(`${url}/buy/services`, { headers: { cookie: buyer.cookie } });
      const first = await signedIn();
      expect(first.status).toBe(200);
      const counts = [statementsIn(first.headers.get('server-timing'))];
      for (let i = 0; i < 3; i++) counts.push(statementsIn((await signedIn()).headers.get('server-timing')));
      expect(counts[0]).toBeGreaterThan(0);
      expect(new Set(counts).size).toBe(1);

      // Requests at once each count their own statements, none of another's.
      const together = await Promise.all([signedIn(), signedIn(), signedIn()]);
      for (const answer of together) expect(statementsIn(answer.headers.get('server-timing'))).toBe(counts[0]);

      // Signed out: the session is never looked up, so nothing runs at all.
      const signedOut = await fetch(`${url}/buy/services`);
      expect(statementsIn(signedOut.headers.get('server-timing'))).toBe(0);
    } finally {
      close();
    }
  });
});

/** What a page costs: the whole request (root's loader and the page's), and the signed-in part of it. */
async function costs(w: World, n: number) {
  const result: Record<
    string,
    { statements: number; transactions: number; signedIn: number; signedInTransactions: number }
  > = {};
  for (const page of pages(w)) {
    const request = () => get(page.path, page.browser);
    const run = () =>
      Promise.all([
        respond(() => root.loader(args(request()))),
        respond(() => page.loader(args(request(), page.params))),
      ]);
    const whole = await asOneRequest(run);
    for (const answer of whole.result) expect(answer.status, page.name).toBe(200);
    if (page.size) expect(page.size(whole.result[1].value as never), page.name).toBe(n);
    // The same request once who is signed in is already known: what the page itself needs.
    const own = await asOneRequest(async () => {
      await signedInPerson(request());
      return countStatements(run);
    });
    result[page.name] = {
      statements: whole.statements,
      transactions: whole.transactions,
      signedIn: whole.statements - own.result.statements,
      signedInTransactions: whole.transactions - own.result.transactions,
    };
  }
  return result;
}

describe('what a page costs in statements', () => {
  it('does not grow with the length of its list, and the signed-in person is one transaction', async () => {
    const small = await costs(await world(3), 3);
    const large = await costs(await world(30), 30);
    expect(large).toEqual(small);
    console.log('Statements per page (whole request, of which the signed-in person):');
    for (const [name, cost] of Object.entries(small))
      console.log(`  ${name}: ${cost.statements} (${cost.transactions} transactions), ${cost.signedIn}`);
    for (const [name, cost] of Object.entries(small)) {
      expect(cost.signedInTransactions, name).toBe(1);
      // The signed-in person's, and the page's reads together (readTogether): not one a use case.
      expect(cost.transactions, name).toBeLessThanOrEqual(2);
      // BEGIN, the scope, the session with where its person belongs, read as them (their providers,
      // organisations and platform role: session_person, one statement), COMMIT.
      expect(cost.signedIn, name).toBe(4);
    }
  }, 240_000);
});
