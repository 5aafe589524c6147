import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';

/**
 * A real OpenID provider (panva's certified oidc-provider) on a free loopback port, for tests that
 * sign in with single sign-on. Its own login page accepts any login name (the account's `sub`);
 * what the ID token says about that account is set per test in `accounts`.
 */

export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  xms_edov?: boolean;
}

export interface ProviderClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TestOidcProvider {
  issuer: string;
  accounts: Map<string, ProviderAccount>;
  close(): Promise<void>;
}

export interface TestOidcProviderOptions {
  clients: ProviderClient[];
  /**
   * Client ids the provider's client store answers for with another client's registration: a
   * provider that authenticates our client id but issues ID tokens for the other one.
   */
  aliases?: Record<string, string>;
  /** How long its ID tokens last (default an hour). */
  idTokenSeconds?: number;
}

type Adapter = { find(id: string): Promise<unknown> };

export async function startOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, ProviderAccount>();
  const registration = (client: ProviderClient) => ({
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: [client.redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  });
  const memory = createMemoryAdapter() as (model: string) => Adapter;
  const aliases = options.aliases ?? {};

  const provider = new Provider(issuer, {
    clients: options.clients.map(registration),
    adapter: (model: string) => {
      const inner = memory(model);
      if (model !== 'Client') return inner;
      return Object.assign(Object.create(inner) as Adapter, {
        async find(id: string) {
          const target = options.clients.find((c) => c.clientId === aliases[id]);
          return target ? registration(target) : inner.find(id);
        },
      });
    },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      return { accountId: id, claims: async () => ({ sub: id, ...accounts.get(id) }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
    pkce: { required: () => true },
    ttl: { IdToken: options.idTokenSeconds ?? 3600 },
    cookies: { keys: ['traded-test-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    // A first-party client: consent is taken as given, so the login page is the only step.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId });
      grant.addOIDCScope('openid email profile');
      // Also remembered under the registration's own client id, which an aliased client id differs from.
      oidc.session!.grantIdFor(oidc.client!.clientId, await grant.save());
      return grant;
    },
  });
  server.on('request', provider.callback());

  return {
    issuer,
    accounts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Follows an authorisation URL through the provider as a browser would, logging in as `login` on
 * its login page, and returns the URL it sends the browser back to (our callback, with its query).
 */
export async function signInAtProvider(authorisationUrl: string, login: string, redirectUri: string): Promise<string> {
  const cookies = new Map<string, string>();
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorisationUrl;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const index = pair!.indexOf('=');
      cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url).href;
      if (next.startsWith(redirectUri)) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action || !html.includes('name="login"'))
      throw new Error(`The provider answered ${response.status} without a login form: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    body = new URLSearchParams({ prompt: 'login', login, password: 'any' });
  }
  throw new Error('The provider did not send the browser back');
}
