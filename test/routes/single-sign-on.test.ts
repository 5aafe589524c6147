import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateSessionToken } from '../../app/auth/session.server';
import { redirectUri } from '../../app/auth/external-sign-in-browser.server';
import { finishExternalSignIn } from '../../app/auth/finish-external-sign-in.server';
import * as platformPage from '../../app/routes/platform.sign-in';
import * as signInPage from '../../app/routes/sign-in';
import * as callbackPage from '../../app/routes/sign-in_.callback';
import * as startPage from '../../app/routes/sign-in_.with.$providerId';
import * as settingsPage from '../../app/routes/t.$tenant.sign-in-settings';
import { isDomainError } from '../../app/errors';
import { ensurePlatformAdmin } from '../../db/queries/platform-admins';
import { runScoped } from '../../db/scope.server';
import {
  addMember,
  asUser,
  createUser,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';
import { signInAtProvider, startOidcProvider, type TestOidcProvider } from '../setup/oidc-provider';

// Single sign-on against a real OpenID provider (oidc-provider) on a loopback port: our side goes
// through its pages (settings, sign-in, start, callback) and openid-client; nothing of ours is mocked.

const SECRET = 'a-long-client-secret-for-traded-tests';
let idp: TestOidcProvider;
let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: Browser;

/** A signed-out browser: only its pre-session CSRF cookie. */
const signedOut: Browser = {
  cookie: 'traded_csrf=presessiontoken0123456789abcdef',
  csrf: 'presessiontoken0123456789abcdef',
};
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [
      { clientId: 'traded', clientSecret: SECRET, redirectUri: redirectUri() },
      { clientId: 'another-service', clientSecret: SECRET, redirectUri: redirectUri() },
    ],
    // The provider answers for "traded-misrouted" with another service's registration.
    aliases: { 'traded-misrouted': 'another-service' },
    idTokenSeconds: 60,
  });
});

afterAll(async () => {
  await idp.close();
});

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  idp.accounts.clear();
});

async function configureEntra(
  tenant: TestTenant,
  admin: Browser,
  fields: Partial<Record<'issuerUrl' | 'clientId' | 'clientSecret' | 'enabled', string | null>> = {},
) {
  const posted = Object.fromEntries(
    Object.entries({
      issuerUrl: idp.issuer,
      clientId: 'traded',
      clientSecret: SECRET,
      enabled: 'yes',
      ...fields,
    }).filter((entry): entry is [string, string] => entry[1] !== null),
  );
  return respond(() =>
    settingsPage.action(args(post(`/t/${tenant.slug}/sign-in-settings`, posted, admin), { tenant: tenant.slug })),
  );
}

async function signInButtons(returnTo?: string) {
  const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
  const r = await respond(() => signInPage.loader(args(get(`/sign-in${query}`, signedOut))));
  expect(r.status).toBe(200);
  return (r.value as { providers: Array<{ href: string; label: string }> }).providers;
}

/** Presses a "Sign in with …" button, signs in at the provider as `login`, and returns the callback. */
async function throughProvider(label: string, login: string, returnTo?: string) {
  const button = (await signInButtons(returnTo)).find((b) => b.label === label);
  expect(button, `a "${label}" button`).toBeDefined();
  const providerId = button!.href.split('/')[3]!.split('?')[0]!;
  const start = await respond(() => startPage.loader(args(get(button!.href, signedOut), { providerId })));
  expect(start.status).toBe(302);
  const authorisation = new URL(start.response!.headers.get('location')!);
  const stateCookie = start.response!.headers.get('set-cookie')!.split(';')[0]!;
  const browser: Browser = { cookie: `${signedOut.cookie}; ${stateCookie}`, csrf: signedOut.csrf };
  const callbackUrl = await signInAtProvider(authorisation.href, login, redirectUri());
  return { authorisation, callbackUrl, browser, providerId };
}

async function callback(callbackUrl: string, browser: Browser) {
  const url = new URL(callbackUrl);
  return respond(() => callbackPage.loader(args(get(`${url.pathname}${url.search}`, browser))));
}

async function sessionUser(response: Response) {
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('traded_session='));
  if (!cookie) return null;
  return (await validateSessionToken(cookie.slice('traded_session='.length)))?.userId ?? null;
}

const messageOf = (r: { value?: unknown }) => (r.value as { message: string }).message;

async function links() {
  const { rows } = await sql<{ subject: string; user_id: string; linked_email: string }>`
    select subject, user_id, linked_email from external_identities order by subject`.execute(await ownerDb());
  return rows;
}

describe('a tenant admin configures Microsoft Entra ID', () => {
  it('saves the issuer, shows the redirect URI and never the secret, and audits the change', async () => {
    expect((await configureEntra(alpha, alphaAdmin)).response!.headers.get('location')).toBe(
      '/t/alpha/sign-in-settings?saved=1',
    );
    const page = await respond(() =>
      settingsPage.loader(args(get('/t/alpha/sign-in-settings', alphaAdmin), { tenant: 'alpha' })),
    );
    expect(page.value).toEqual({
      tenantName: 'alpha education services',
      redirectUri: 'http://localhost:3000/sign-in/callback',
      secretSaved: true,
      values: { issuerUrl: idp.issuer, clientId: 'traded', enabled: true },
    });
    expect(JSON.stringify(page.value)).not.toContain(SECRET);

    // Saved again without a secret: the saved one is kept.
    expect((await configureEntra(alpha, alphaAdmin, { clientSecret: '' })).status).toBe(302);
    const { rows } = await sql<{ client_secret: string }>`
      select client_secret from tenant_sign_in_providers where tenant_id = ${alpha.id}`.execute(await ownerDb());
    expect(rows).toEqual([{ client_secret: SECRET }]);
    const { rows: audit } = await sql<{ action: string }>`
      select action, detail::text as detail from audit_events where tenant_id = ${alpha.id} and action = 'sign_in_provider.changed'`.execute(
      await ownerDb(),
    );
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it('the runtime role cannot read a client secret back, even in its own tenant', async () => {
    await configureEntra(alpha, alphaAdmin);
    const error = await runScoped(await ownerDb(), { tenantId: alpha.id, userId: alpha.adminId }, (tx) =>
      sql`select client_secret from tenant_sign_in_providers`.execute(tx),
    ).then(
      () => null,
      (e: { code?: string }) => e,
    );
    expect(error?.code).toBe('42501');
  });

  it('answers bad settings with GOV.UK errors and saves nothing', async () => {
    const empty = await configureEntra(alpha, alphaAdmin, { issuerUrl: '', clientId: '', clientSecret: '' });
    expect(empty.status).toBe(400);
    expect((empty.value as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      'issuerUrl',
      'clientId',
    ]);
    const noSecret = await configureEntra(alpha, alphaAdmin, { clientSecret: '' });
    expect(noSecret.value).toMatchObject({ errors: [{ field: 'clientSecret', message: 'Enter the client secret' }] });
    const plainHttp = await configureEntra(alpha, alphaAdmin, { issuerUrl: 'http://login.example.com/tenant/v2.0' });
    expect(plainHttp.value).toMatchObject({
      errors: [{ field: 'issuerUrl', message: 'Enter an issuer URL that starts with https://' }],
    });
    const notAnIssuer = await configureEntra(alpha, alphaAdmin, { issuerUrl: 'http://127.0.0.1:9/nothing-here' });
    expect(notAnIssuer.status).toBe(400);
    expect(notAnIssuer.value).toMatchObject({
      errors: [{ field: 'issuerUrl', message: expect.stringMatching(/did not answer as an OpenID Connect issuer/) }],
    });
    const { rows } = await sql`select 1 from tenant_sign_in_providers`.execute(await ownerDb());
    expect(rows).toHaveLength(0);
  });

  it("is another tenant's page: 404 for beta's admin; 403 for alpha's finance officer", async () => {
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    expect(
      (await respond(() => settingsPage.loader(args(get('/t/alpha/sign-in-settings', betaAdmin), { tenant: 'alpha' }))))
        .status,
    ).toBe(404);
    expect((await configureEntra(alpha, betaAdmin)).status).toBe(404);
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    expect((await configureEntra(alpha, finance)).status).toBe(403);
    const { rows } = await sql`select 1 from tenant_sign_in_providers`.execute(await ownerDb());
    expect(rows).toHaveLength(0);
  });

  it('the database lets only an admin of the tenant in scope write it', async () => {
    const db = await ownerDb();
    const insert = (tenantId: string, userId: string) =>
      runScoped(db, { tenantId, userId }, (tx) =>
        sql`insert into tenant_sign_in_providers (tenant_id, kind, issuer_url, client_id, client_secret, updated_by)
            values (${alpha.id}, 'entra_id', 'https://login.example.com', 'x', 'y', ${userId})`.execute(tx),
      ).then(
        () => 'written',
        (e: Error) => e.message,
      );
    expect(await insert(alpha.id, alpha.financeId)).toMatch(/row-level security/);
    expect(await insert(beta.id, beta.adminId)).toMatch(/row-level security/);
    expect(await insert(alpha.id, alpha.adminId)).toBe('written');
    const changed = await runScoped(db, { tenantId: alpha.id, userId: alpha.financeId }, (tx) =>
      sql`update tenant_sign_in_providers set enabled = false returning id`.execute(tx),
    );
    expect(changed.rows).toEqual([]);
  });
});

describe('signing in with Microsoft', () => {
  beforeEach(async () => {
    expect((await configureEntra(alpha, alphaAdmin)).status).toBe(302);
  });

  it('links a verified email to the account the first time, signs in, and uses the link after', async () => {
    idp.accounts.set('entra-alpha-admin', { email: 'Admin@Alpha.example', email_verified: true });
    const { authorisation, callbackUrl, browser } = await throughProvider(
      'Sign in with Microsoft',
      'entra-alpha-admin',
      '/t/alpha/orders',
    );
    // The authorisation request: code flow with PKCE (S256), state, nonce, our registered redirect URI.
    expect(authorisation.origin).toBe(idp.issuer);
    expect(Object.fromEntries(authorisation.searchParams)).toMatchObject({
      client_id: 'traded',
      response_type: 'code',
      redirect_uri: 'http://localhost:3000/sign-in/callback',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.stringMatching(/^[a-z0-9]{32}$/),
      nonce: expect.any(String),
    });

    const first = await callback(callbackUrl, browser);
    expect(first.status).toBe(302);
    expect(first.response!.headers.get('location')).toBe('/t/alpha/orders');
    expect(await sessionUser(first.response!)).toBe(alpha.adminId);
    expect(await links()).toEqual([
      { subject: 'entra-alpha-admin', user_id: alpha.adminId, linked_email: 'Admin@Alpha.example' },
    ]);
    const { rows: audit } = await sql<{ actor_user_id: string }>`
      select actor_user_id from audit_events where tenant_id = ${alpha.id} and action = 'sign_in_provider.linked'`.execute(
      await ownerDb(),
    );
    expect(audit).toEqual([{ actor_user_id: alpha.adminId }]);

    // Later the account's email changes at Microsoft (and is not even verified): the link decides.
    idp.accounts.set('entra-alpha-admin', { email: 'someone.else@elsewhere.example', email_verified: false });
    const again = await throughProvider('Sign in with Microsoft', 'entra-alpha-admin');
    const second = await callback(again.callbackUrl, again.browser);
    expect(second.status).toBe(302);
    expect(second.response!.headers.get('location')).toBe('/t/alpha');
    expect(await sessionUser(second.response!)).toBe(alpha.adminId);
    expect(await links()).toHaveLength(1);
  });

  it('refuses the same callback a second time (a replayed state)', async () => {
    idp.accounts.set('entra-alpha-admin', { email: 'admin@alpha.example', email_verified: true });
    const { callbackUrl, browser } = await throughProvider('Sign in with Microsoft', 'entra-alpha-admin');
    expect((await callback(callbackUrl, browser)).status).toBe(302);
    const replay = await callback(callbackUrl, browser);
    expect(replay.status).toBe(400);
    expect(messageOf(replay)).toBe('This sign-in has already been used. Go back to the sign-in page and start again.');
    expect(await sessionUser(replay.response ?? new Response())).toBeNull();
  });

  it('refuses a sign-in that came back after its ten minutes', async () => {
    idp.accounts.set('entra-alpha-admin', { email: 'admin@alpha.example', email_verified: true });
    const { callbackUrl, browser } = await throughProvider('Sign in with Microsoft', 'entra-alpha-admin');
    await sql`update external_sign_in_requests set expires_at = now() - interval '1 second'`.execute(await ownerDb());
    const late = await callback(callbackUrl, browser);
    expect(late.status).toBe(400);
    expect(messageOf(late)).toBe('This sign-in took too long to finish. Go back to the sign-in page and start again.');
    expect(await links()).toEqual([]);
  });

  it('says so when the person turns the sign-in down at Microsoft', async () => {
    const { authorisation, browser } = await throughProvider('Sign in with Microsoft', 'entra-alpha-admin');
    const state = authorisation.searchParams.get('state')!;
    const denied = await callback(
      `${redirectUri()}?${new URLSearchParams({ error: 'access_denied', state, iss: idp.issuer })}`,
      browser,
    );
    expect(denied.status).toBe(400);
    expect(messageOf(denied)).toMatch(/^You did not finish signing in with Microsoft/);
  });

  it('refuses a callback in a browser that did not start the sign-in', async () => {
    idp.accounts.set('entra-alpha-admin', { email: 'admin@alpha.example', email_verified: true });
    const { callbackUrl } = await throughProvider('Sign in with Microsoft', 'entra-alpha-admin');
    const elsewhere = await callback(callbackUrl, signedOut);
    expect(elsewhere.status).toBe(400);
    expect(messageOf(elsewhere)).toMatch(/did not start in this browser/);
    expect(await links()).toEqual([]);
  });

  it('refuses an ID token issued for another client (wrong audience)', async () => {
    expect((await configureEntra(alpha, alphaAdmin, { clientId: 'traded-misrouted' })).status).toBe(302);
    idp.accounts.set('entra-alpha-admin', { email: 'admin@alpha.example', email_verified: true });
    const { authorisation, callbackUrl, browser } = await throughProvider(
      'Sign in with Microsoft',
      'entra-alpha-admin',
    );
    expect(authorisation.searchParams.get('client_id')).toBe('traded-misrouted');
    const r = await callback(callbackUrl, browser);
    expect(r.status).toBe(401);
    expect(messageOf(r)).toMatch(/^The answer from Microsoft was meant for another service, so it was not accepted/);
    expect(await links()).toEqual([]);
  });

  it('refuses an ID token that has expired by the time it is checked', async () => {
    idp.accounts.set('entra-alpha-admin', { email: 'admin@alpha.example', email_verified: true });
    const { callbackUrl } = await throughProvider('Sign in with Microsoft', 'entra-alpha-admin');
    // The provider's ID tokens last 60 seconds; this callback is checked five minutes on.
    const later = new Date(Date.now() + 5 * 60_000);
    const error = await finishExternalSignIn(
      { query: new URL(callbackUrl).searchParams, stateFromBrowser: true, previousToken: null },
      later,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDomainError(error) && error.code).toBe('external_sign_in.expired');
    expect((error as Error).message).toMatch(/had expired before it reached us/);
    expect(await links()).toEqual([]);
  });

  it('refuses an account whose email address is not verified', async () => {
    idp.accounts.set('entra-unverified', { email: 'admin@alpha.example', email_verified: false });
    const { callbackUrl, browser } = await throughProvider('Sign in with Microsoft', 'entra-unverified');
    const r = await callback(callbackUrl, browser);
    expect(r.status).toBe(403);
    expect(messageOf(r)).toMatch(/^Your Microsoft account does not have a verified email address/);
    idp.accounts.set('entra-no-email', {});
    const none = await throughProvider('Sign in with Microsoft', 'entra-no-email');
    expect(messageOf(await callback(none.callbackUrl, none.browser))).toMatch(/does not have a verified email address/);
    expect(await links()).toEqual([]);
  });

  it("takes Entra's verified-domain claim (xms_edov) as a verified email", async () => {
    idp.accounts.set('entra-edov', { email: 'admin@alpha.example', xms_edov: true });
    const { callbackUrl, browser } = await throughProvider('Sign in with Microsoft', 'entra-edov');
    const r = await callback(callbackUrl, browser);
    expect(r.status).toBe(302);
    expect(await sessionUser(r.response!)).toBe(alpha.adminId);
  });

  it('refuses an email no Traded account uses, and a person who is not a member of the tenant', async () => {
    idp.accounts.set('entra-stranger', { email: 'nobody@alpha.example', email_verified: true });
    const stranger = await throughProvider('Sign in with Microsoft', 'entra-stranger');
    const r = await callback(stranger.callbackUrl, stranger.browser);
    expect(r.status).toBe(403);
    expect(messageOf(r)).toBe('No Traded account uses nobody@alpha.example. Ask your administrator to invite you.');

    idp.accounts.set('entra-beta-admin', { email: 'admin@beta.example', email_verified: true });
    const outsider = await throughProvider('Sign in with Microsoft', 'entra-beta-admin');
    const refused = await callback(outsider.callbackUrl, outsider.browser);
    expect(refused.status).toBe(403);
    expect(messageOf(refused)).toMatch(
      /^Your Traded account \(admin@beta\.example\) is not a member of alpha education services/,
    );
    expect(await links()).toEqual([]);
  });

  it('stops following a link once the person leaves the tenant', async () => {
    const practitioner = await createUser('practitioner@alpha.example');
    await addMember(alpha.id, practitioner, 'practitioner');
    idp.accounts.set('entra-practitioner', { email: 'practitioner@alpha.example', email_verified: true });
    const first = await throughProvider('Sign in with Microsoft', 'entra-practitioner');
    expect((await callback(first.callbackUrl, first.browser)).status).toBe(302);
    await runScoped(await ownerDb(), { tenantId: alpha.id }, (tx) =>
      sql`delete from tenant_memberships where user_id = ${practitioner}`.execute(tx),
    );
    const again = await throughProvider('Sign in with Microsoft', 'entra-practitioner');
    const r = await callback(again.callbackUrl, again.browser);
    expect(r.status).toBe(403);
    expect(messageOf(r)).toMatch(/is not a member of alpha education services/);
  });

  it('names each council on its button when more than one uses Microsoft; a disabled one has none', async () => {
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    expect((await configureEntra(beta, betaAdmin)).status).toBe(302);
    expect((await signInButtons('/buy')).map((b) => b.label)).toEqual([
      'Sign in with Microsoft (alpha education services)',
      'Sign in with Microsoft (beta education services)',
    ]);
    expect((await signInButtons('/buy')).every((b) => b.href.endsWith('?returnTo=%2Fbuy'))).toBe(true);
    expect(
      (await configureEntra(beta, betaAdmin, { enabled: null, issuerUrl: 'https://login.example.com' })).status,
    ).toBe(302);
    expect((await signInButtons()).map((b) => b.label)).toEqual(['Sign in with Microsoft']);
  });

  it('answers an unknown or disabled provider with a GOV.UK page, not a 500', async () => {
    const unknown = await respond(() =>
      startPage.loader(
        args(get('/sign-in/with/00000000-0000-4000-8000-000000000000', signedOut), {
          providerId: '00000000-0000-4000-8000-000000000000',
        }),
      ),
    );
    expect(unknown.status).toBe(404);
    expect(messageOf(unknown)).toMatch(/not available/);
    expect(
      (await respond(() => startPage.loader(args(get('/sign-in/with/nope', signedOut), { providerId: 'nope' }))))
        .status,
    ).toBe(404);
    const garbage = await respond(() => callbackPage.loader(args(get('/sign-in/callback?state=x', signedOut))));
    expect(garbage.status).toBe(400);
  });
});

describe('the platform administrator configures DfE Sign-in for buyer organisations', () => {
  let platform: Browser;

  beforeEach(async () => {
    const platformAdminId = await createUser('platform@traded.example', 'Platform administrator');
    await ensurePlatformAdmin(await ownerDb(), platformAdminId);
    platform = await asUser(platformAdminId);
  });

  const configureDfe = (browser: Browser) =>
    respond(() =>
      platformPage.action(
        args(
          post(
            '/platform/sign-in',
            { issuerUrl: idp.issuer, clientId: 'traded', clientSecret: SECRET, enabled: 'yes' },
            browser,
          ),
        ),
      ),
    );

  it('is not found for anyone else', async () => {
    expect((await respond(() => platformPage.loader(args(get('/platform/sign-in', alphaAdmin))))).status).toBe(404);
    expect((await configureDfe(alphaAdmin)).status).toBe(404);
  });

  it('lets school staff sign in with DfE Sign-in, and nobody outside a buyer organisation', async () => {
    expect((await configureDfe(platform)).status).toBe(302);
    const page = await respond(() => platformPage.loader(args(get('/platform/sign-in', platform))));
    expect(page.value).toMatchObject({ secretSaved: true, values: { issuerUrl: idp.issuer, clientId: 'traded' } });

    idp.accounts.set('dfe-bursar', { email: 'bursar@alpha-school.example', email_verified: true });
    const bursar = await throughProvider('Sign in with DfE Sign-in', 'dfe-bursar');
    const r = await callback(bursar.callbackUrl, bursar.browser);
    expect(r.status).toBe(302);
    expect(await sessionUser(r.response!)).toBe(alpha.buyerId);

    idp.accounts.set('dfe-council-admin', { email: 'admin@alpha.example', email_verified: true });
    const admin = await throughProvider('Sign in with DfE Sign-in', 'dfe-council-admin');
    const refused = await callback(admin.callbackUrl, admin.browser);
    expect(refused.status).toBe(403);
    expect(messageOf(refused)).toMatch(/is not a member of a school, trust or council/);
    expect((await links()).map((l) => l.user_id)).toEqual([alpha.buyerId]);
  });
});
