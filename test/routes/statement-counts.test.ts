import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import { serveRemix } from '../../app/http/middleware.server';
import * as root from '../../app/root';
import * as catalogue from '../../app/routes/buy.services._index';
import { asUser, respond, twoTenants, type Browser, type TestTenant } from '../setup/fixtures';

let alpha: TestTenant;
let buyer: Browser;

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

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
      console.log(`statements: ${counts[0]}`);
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
