import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the parts of Stripe's API that Traded calls, so tests see exactly what the
 * SDK sends (form-encoded, with idempotency keys) and can make Stripe slow. Like Stripe, a repeated
 * idempotency key gets the first response again (and a different body under the same key is an
 * error), so a retried request never makes a second object.
 */

type Params = Record<string, unknown>;

export interface FakeRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** The API key from the Authorization header. */
  apiKey: string | null;
  params: Params;
  /** True when the response was a replay of an earlier one with the same key. */
  replayed: boolean;
}

interface Stored {
  body: string;
  status: number;
  response: unknown;
}

/** `a[b][0][c]=x` into { a: { b: [{ c: 'x' }] } }, as Stripe reads its form bodies. */
export function parseStripeForm(body: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((p, i) => i === 0 || p !== '');
    let node: Record<string, unknown> = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= /^\d+$/.test(path[i + 1]!) ? [] : {}) as Record<string, unknown>;
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

export interface FakeStripe {
  url: string;
  requests: FakeRequest[];
  customers: Map<string, Params>;
  invoices: Map<string, Params>;
  invoiceItems: Map<string, Params>;
  /** Objects made per idempotency key: more than one would be a duplicate in Stripe. */
  createdPerKey: Map<string, number>;
  /** Holds back the answer to the next request to this path (after doing the work), for `ms`. */
  delayNextResponse(path: RegExp, ms: number): void;
  /** Answers the next request to this path with a server error, doing nothing. */
  failNext(path: RegExp, status: number, message: string): void;
  close(): Promise<void>;
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: FakeRequest[] = [];
  const customers = new Map<string, Params>();
  const invoices = new Map<string, Params>();
  const invoiceItems = new Map<string, Params>();
  const createdPerKey = new Map<string, number>();
  const idempotent = new Map<string, Stored>();
  const delays: Array<{ path: RegExp; ms: number }> = [];
  const failures: Array<{ path: RegExp; status: number; message: string }> = [];
  let invoiceNumber = 0;

  function created(key: string | null) {
    if (key) createdPerKey.set(key, (createdPerKey.get(key) ?? 0) + 1);
  }

  function refreshTotals(invoice: Params) {
    const lines = (invoice.lines as { data: Params[] }).data;
    const total = lines.reduce((s, l) => s + Number(l.amount), 0);
    Object.assign(invoice, { subtotal: total, total, amount_due: total, amount_remaining: total });
  }

  function handle(method: string, path: string, params: Params, key: string | null): [number, unknown] {
    if (method === 'POST' && path === '/v1/customers') {
      const customer = { id: id('cus'), object: 'customer', created: now(), livemode: false, ...params };
      customers.set(customer.id, customer);
      created(key);
      return [200, customer];
    }
    if (method === 'POST' && path === '/v1/invoices') {
      if (!customers.has(String(params.customer))) return error(400, `No such customer: '${String(params.customer)}'`);
      const invoiceId = id('in');
      const invoice: Params = {
        id: invoiceId,
        object: 'invoice',
        status: 'draft',
        created: now(),
        livemode: false,
        number: null,
        hosted_invoice_url: null,
        amount_paid: 0,
        lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${invoiceId}/lines` },
        ...params,
        auto_advance: params.auto_advance === 'true',
        days_until_due: params.days_until_due === undefined ? null : Number(params.days_until_due),
      };
      refreshTotals(invoice);
      invoices.set(invoiceId, invoice);
      created(key);
      return [200, invoice];
    }
    if (method === 'POST' && path === '/v1/invoiceitems') {
      const invoice = invoices.get(String(params.invoice));
      if (!invoice) return error(400, `No such invoice: '${String(params.invoice)}'`);
      if (invoice.status !== 'draft') return error(400, 'Invoice items can only be added to draft invoices');
      const item = { id: id('ii'), object: 'invoiceitem', ...params, amount: Number(params.amount) };
      invoiceItems.set(item.id, item);
      (invoice.lines as { data: Params[] }).data.push(item);
      refreshTotals(invoice);
      created(key);
      return [200, item];
    }
    const finalize = /^\/v1\/invoices\/([^/]+)\/finalize$/.exec(path);
    if (method === 'POST' && finalize) {
      const invoice = invoices.get(finalize[1]!);
      if (!invoice) return error(404, `No such invoice: '${finalize[1]}'`);
      if (invoice.status !== 'draft') return error(400, 'This invoice is already finalized');
      invoiceNumber += 1;
      Object.assign(invoice, {
        status: 'open',
        number: `FAKE-${String(invoiceNumber).padStart(4, '0')}`,
        hosted_invoice_url: `https://invoice.stripe.test/i/${String(invoice.id)}`,
        auto_advance: params.auto_advance === 'true',
        status_transitions: { finalized_at: now(), paid_at: null },
      });
      created(key);
      return [200, invoice];
    }
    const voiding = /^\/v1\/invoices\/([^/]+)\/void$/.exec(path);
    if (method === 'POST' && voiding) {
      const invoice = invoices.get(voiding[1]!);
      if (!invoice) return error(404, `No such invoice: '${voiding[1]}'`);
      if (invoice.status !== 'open' && invoice.status !== 'uncollectible')
        return error(400, `You can only void an open or uncollectible invoice; this one is ${String(invoice.status)}`);
      invoice.status = 'void';
      created(key);
      return [200, invoice];
    }
    const retrieve = /^\/v1\/invoices\/([^/]+)$/.exec(path);
    if (method === 'GET' && retrieve) {
      const invoice = invoices.get(retrieve[1]!);
      return invoice ? [200, invoice] : error(404, `No such invoice: '${retrieve[1]}'`);
    }
    return error(404, `Unrecognized request URL (${method}: ${path})`);
  }

  function error(status: number, message: string): [number, unknown] {
    return [status, { error: { type: 'invalid_request_error', message } }];
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const auth = req.headers.authorization ?? '';
    const params = parseStripeForm(method === 'GET' ? url.searchParams.toString() : body);
    const send = (status: number, payload: unknown, replayed: boolean) => {
      requests.push({
        method,
        path: url.pathname,
        idempotencyKey: key,
        apiKey: auth.replace(/^Bearer /, '') || null,
        params,
        replayed,
      });
      const delay = delays.findIndex((d) => d.path.test(url.pathname));
      const ms = delay >= 0 ? delays.splice(delay, 1)[0]!.ms : 0;
      const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': id('req') };
      if (replayed) headers['idempotent-replayed'] = 'true';
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(status, headers).end(JSON.stringify(payload));
      }, ms);
    };

    const failure = failures.findIndex((f) => f.path.test(url.pathname));
    if (failure >= 0) {
      const f = failures.splice(failure, 1)[0]!;
      return send(f.status, { error: { type: 'api_error', message: f.message } }, false);
    }
    const storeKey = key && method === 'POST' ? `${auth}:${key}` : null;
    if (storeKey) {
      const stored = idempotent.get(storeKey);
      if (stored && stored.body !== body)
        return send(
          400,
          {
            error: {
              type: 'idempotency_error',
              message:
                'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            },
          },
          false,
        );
      if (stored) return send(stored.status, stored.response, true);
    }
    const [status, response] = handle(method, url.pathname, params, key);
    if (storeKey) idempotent.set(storeKey, { body, status, response: JSON.parse(JSON.stringify(response)) });
    return send(status, response, false);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      res.writeHead(500).end(JSON.stringify({ error: { type: 'api_error', message: String(e) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    customers,
    invoices,
    invoiceItems,
    createdPerKey,
    delayNextResponse: (path, ms) => delays.push({ path, ms }),
    failNext: (path, status, message) => failures.push({ path, status, message }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
