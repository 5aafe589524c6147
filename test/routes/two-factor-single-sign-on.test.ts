import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { sql } from 'kysely';
import { afterAll, assert, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { beginTwoFactorEnrolment } from '../../app/auth/begin-two-factor-enrolment.server';
import { confirmTwoFactorEnrolment } from '../../app/auth/confirm-two-factor-enrolment.server';
import { redirectUri } from '../../app/auth/external-sign-in-browser.server';
import { createSession, invalidateSessionToken, validateSessionToken } from '../../app/auth/session.server';
import { hashToken } from '../../app/auth/tokens.server';
import { totpStep } from '../../app/auth/totp';
import * as signInPage from '../../app/routes/sign-in';
import * as callbackPage from '../../app/routes/sign-in_.callback';
import * as enrolPage from '../../app/routes/sign-in_.set-up-two-factor';
import * as secondStep from '../../app/routes/sign-in_.two-factor';
import * as startPage from '../../app/routes/sign-in_.with.$providerId';
import * as sso from '../../app/routes/t.$tenant.sign-in-settings';
import { asUser, get, ownerDb, post, respond, twoTenants, type Browser, type TestTenant } from '../setup/fixtures';
import { signInAtProvider, startOidcProvider, type TestOidcProvider } from '../setup/oidc-provider';

// Single sign-on ends in the same second step as a password: someone with two-factor sign-in
// still enters a code after their organisation's account vouches for them, and someone whose
// provider requires it sets it up first. No session before. Against a real OpenID provider.

const SECRET = 'a-long-client-secret-for-traded-tests';
let idp: TestOidcProvider;
let alpha: TestTenant;

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const signedOut = { cookie: 'traded_csrf=presessiontoken0123456789abcdef', csrf: 'presessiontoken0123456789abcdef' };

beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [{ clientId: 'traded', clientSecret: SECRET, redirectUri: redirectUri() }],
    idTokenSeconds: 60,
  });
});

afterAll(async () => {
  await idp.close();
});

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  idp.accounts.clear();
  const admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  const saved = await respond(() =>
    sso.action(
      args(
        post(
          '/t/alpha/sign-in-settings',
          { issuerUrl: idp.issuer, clientId: 'traded', clientSecret: SECRET, enabled: 'yes' },
          admin,
        ),
        { tenant: 'alpha' },
      ),
    ),
  );
  expect(saved.status).toBe(302);
  await invalidateSessionToken(admin.cookie.split(';')[0]!.split('=')[1]!);
});

/** Signs in at the provider as `login` and brings the browser back to our callback. */
async function signInWithMicrosoft(login: string, returnTo?: string) {
  const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
  const page = await respond(() => signInPage.loader(args(get(`/sign-in${query}`, signedOut))));
  const button = (page.value as { providers: Array<{ href: string; label: string }> }).providers[0]!;
  const providerId = button.href.split('/')[3]!.split('?')[0]!;
  const start = await respond(() => startPage.loader(args(get(button.href, signedOut), { providerId })));
  const stateCookie = start.response!.headers.get('set-cookie')!.split(';')[0]!;
  const callbackUrl = new URL(await signInAtProvider(start.response!.headers.get('location')!, login, redirectUri()));
  const browser: Browser = { cookie: `${signedOut.cookie}; ${stateCookie}`, csrf: signedOut.csrf };
  const back = await respond(() =>
    callbackPage.loader(args(get(`${callbackUrl.pathname}${callbackUrl.search}`, browser))),
  );
  const cookies = back.response!.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return { back, cookies };
}

async function sessionsOf(userId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from sessions where user_id = ${userId}`.execute(
    await ownerDb(),
  );
  return Number(rows[0]!.n);
}

const codeAt = (key: Uint8Array, at: Date) => generateHOTP(key, totpStep(at), 6);

describe('single sign-on and two-factor sign-in', () => {
  it('asks someone with two-factor sign-in for a code after the provider vouches for them', async () => {
    const enrolment = await beginTwoFactorEnrolment(alpha.adminId);
    assert(enrolment);
    const key = decodeBase32IgnorePadding(enrolment.typedSecret.replace(/\s/g, ''));
    const earlier = new Date(Date.now() - 30_000);
    const { token } = await createSession(alpha.adminId, null);
    await confirmTwoFactorEnrolment(alpha.adminId, codeAt(key, earlier), hashToken(token), earlier);
    await invalidateSessionToken(token);

    idp.accounts.set('entra-alpha-admin', { email: 'admin@alpha.example', email_verified: true });
    const { back, cookies } = await signInWithMicrosoft('entra-alpha-admin', '/t/alpha/orders');
    expect(back.status).toBe(302);
    expect(back.response!.headers.get('location')).toBe('/sign-in/two-factor?returnTo=%2Ft%2Falpha%2Forders');
    const challenge = cookies.find((c) => c.startsWith('traded_sign_in_challenge=') && c.length > 30);
    expect(challenge).toBeDefined();
    expect(cookies.filter((c) => c.startsWith('traded_session=') && c.length > 'traded_session='.length)).toEqual([]);
    expect(await sessionsOf(alpha.adminId)).toBe(0);

    const browser: Browser = { cookie: `${signedOut.cookie}; ${challenge}`, csrf: signedOut.csrf };
    const done = await respond(() =>
      secondStep.action(
        args(post('/sign-in/two-factor', { code: codeAt(key, new Date()), returnTo: '/t/alpha/orders' }, browser)),
      ),
    );
    expect(done.status).toBe(302);
    expect(done.response!.headers.get('location')).toBe('/t/alpha/orders');
    const session = done.response!.headers.getSetCookie().find((c) => c.startsWith('traded_session='))!;
    expect((await validateSessionToken(session.split(';')[0]!.split('=')[1]!))?.userId).toBe(alpha.adminId);
  });

  it('asks an admin of a provider that requires it to set it up first', async () => {
    await sql`update tenants set require_two_factor = true where id = ${alpha.id}`.execute(await ownerDb());
    idp.accounts.set('entra-alpha-admin', { email: 'admin@alpha.example', email_verified: true });
    const { back, cookies } = await signInWithMicrosoft('entra-alpha-admin');
    expect(back.response!.headers.get('location')).toBe('/sign-in/set-up-two-factor');
    expect(await sessionsOf(alpha.adminId)).toBe(0);
    const challenge = cookies.find((c) => c.startsWith('traded_sign_in_challenge=') && c.length > 30)!;
    const browser: Browser = { cookie: `${signedOut.cookie}; ${challenge}`, csrf: signedOut.csrf };
    const page = await respond(() => enrolPage.loader(args(get('/sign-in/set-up-two-factor', browser))));
    expect((page.value as { enrolment: { typedSecret: string } | null }).enrolment).not.toBeNull();
  });
});
