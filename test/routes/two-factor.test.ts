import { generateHOTP } from '@oslojs/otp';
import { sql } from 'kysely';
import { assert, beforeEach, describe, expect, it } from 'vitest';
import { beginTwoFactorEnrolment } from '../../app/auth/begin-two-factor-enrolment.server';
import { confirmTwoFactorEnrolment } from '../../app/auth/confirm-two-factor-enrolment.server';
import { createSession, invalidateSessionToken, validateSessionToken } from '../../app/auth/session.server';
import { hashToken } from '../../app/auth/tokens.server';
import { totpStep } from '../../app/auth/totp';
import * as accountTwoFactor from '../../app/routes/account_.two-factor';
import * as accountSetUp from '../../app/routes/account_.two-factor_.set-up';
import * as signInPage from '../../app/routes/sign-in';
import * as enrolAtSignInPage from '../../app/routes/sign-in_.set-up-two-factor';
import * as secondStep from '../../app/routes/sign-in_.two-factor';
import * as settings from '../../app/routes/t.$tenant.settings';
import { listAuditEvents } from '../../db/queries/audit';
import { withTenant } from '../../db/scope.server';
import {
  asUser,
  get,
  ownerDb,
  post,
  respond,
  TEST_PASSWORD,
  twoTenants,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';

// The pages of two-factor sign-in, as a browser meets them: the challenge cookie is the only way
// to the second step, no session cookie is set before it, and bad input is a GOV.UK error.

let alpha: TestTenant;
let beta: TestTenant;
beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
});

const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: { clientAddress: '192.0.2.1' },
});

const errorsOf = (value: unknown) => (value as { errors: Array<{ field?: string; message: string }> }).errors;

/** A signed-out browser with its pre-session CSRF cookie, and whatever cookies it has been given since. */
function browser(name: string): Browser & { cookies: Map<string, string> } {
  const csrf = `presession${name}0123456789abcdef`;
  const cookies = new Map([['traded_csrf', csrf]]);
  return {
    cookies,
    csrf,
    get cookie() {
      return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    },
  };
}

/** Keeps the cookies a response sets, and forgets the ones it clears, as a browser does. */
function store(b: { cookies: Map<string, string> }, headers: Headers) {
  for (const line of headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, value] = pair!.split('=');
    if (!value || /Max-Age=0/.test(line)) b.cookies.delete(name!);
    else b.cookies.set(name!, value);
  }
}

function keyFrom(typed: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const letter of typed.replace(/\s/g, '')) bits += alphabet.indexOf(letter).toString(2).padStart(5, '0');
  return new Uint8Array(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
}

const codeAt = (key: Uint8Array, at: Date) => generateHOTP(key, totpStep(at), 6);
const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

async function enrol(userId: string) {
  const enrolment = await beginTwoFactorEnrolment(userId);
  assert(enrolment);
  const key = keyFrom(enrolment.typedSecret);
  // Confirmed while signed in, with the previous step's code, so the current one is still fresh.
  const { token } = await createSession(userId, null);
  const recoveryCodes = await confirmTwoFactorEnrolment(userId, codeAt(key, later(-30)), hashToken(token), later(-30));
  await invalidateSessionToken(token);
  return { key, recoveryCodes };
}

async function signInWithPassword(b: ReturnType<typeof browser>, email: string, returnTo = '') {
  const r = await respond(() =>
    signInPage.action(args(post('/sign-in', { email, password: TEST_PASSWORD, returnTo }, b))),
  );
  assert(r.response);
  store(b, r.response.headers);
  return r;
}

async function sessionsOf(userId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from sessions where user_id = ${userId}`.execute(
    await ownerDb(),
  );
  return Number(rows[0]!.n);
}

describe('the second step of signing in', () => {
  it('sends a person with two-factor sign-in to enter a code, with no session, carrying returnTo', async () => {
    await enrol(alpha.adminId);
    const a = browser('a');
    const r = await signInWithPassword(a, 'admin@alpha.example', '/t/alpha/settings');
    expect(r.status).toBe(302);
    expect(r.response!.headers.get('location')).toBe('/sign-in/two-factor?returnTo=%2Ft%2Falpha%2Fsettings');
    expect(a.cookies.has('traded_sign_in_challenge')).toBe(true);
    expect(a.cookies.has('traded_session')).toBe(false);
    expect(await sessionsOf(alpha.adminId)).toBe(0);
    const challengeCookie = r.response!.headers.getSetCookie().find((c) => c.startsWith('traded_sign_in_challenge='));
    expect(challengeCookie).toMatch(/HttpOnly/);
    expect(challengeCookie).toMatch(/Max-Age=600/);

    const page = await respond(() =>
      secondStep.loader(args(get('/sign-in/two-factor?returnTo=%2Ft%2Falpha%2Fsettings', a))),
    );
    expect(page.status).toBe(200);
    expect(page.value).toEqual({ returnTo: '/t/alpha/settings', recovery: false, live: true });
  });

  it('answers bad input with an error summary, and the right code with a session and the page asked for', async () => {
    const { key } = await enrol(alpha.adminId);
    const a = browser('a');
    await signInWithPassword(a, 'admin@alpha.example');
    const submit = (fields: Record<string, string>) =>
      respond(() => secondStep.action(args(post('/sign-in/two-factor', fields, a))));

    const empty = await submit({ code: '' });
    expect(empty.status).toBe(400);
    expect(errorsOf(empty.value)).toEqual([
      { field: 'code', message: 'Enter the 6-digit code from your authenticator app' },
    ]);
    const letters = await submit({ code: 'abcdef' });
    expect(errorsOf(letters.value)[0]!.message).toBe('Enter the 6-digit code from your authenticator app');
    const wrong = await submit({ code: codeAt(key, later(-600)) });
    expect(wrong.status).toBe(400);
    expect(errorsOf(wrong.value)).toEqual([
      { field: 'code', message: 'That code did not work. Check your app and try again' },
    ]);
    expect(await sessionsOf(alpha.adminId)).toBe(0);

    const right = await submit({ code: codeAt(key, new Date()).replace(/(\d{3})/, '$1 '), returnTo: '/t/alpha/audit' });
    expect(right.status).toBe(302);
    expect(right.response!.headers.get('location')).toBe('/t/alpha/audit');
    store(a, right.response!.headers);
    expect(a.cookies.has('traded_sign_in_challenge')).toBe(false);
    expect((await validateSessionToken(a.cookies.get('traded_session')!))?.userId).toBe(alpha.adminId);
  });

  it('signs in with a recovery code on its own form', async () => {
    const { recoveryCodes } = await enrol(alpha.adminId);
    const a = browser('a');
    await signInWithPassword(a, 'admin@alpha.example');
    const page = await respond(() => secondStep.loader(args(get('/sign-in/two-factor?method=recovery', a))));
    expect(page.value).toMatchObject({ recovery: true });
    const empty = await respond(() =>
      secondStep.action(args(post('/sign-in/two-factor', { method: 'recovery', recoveryCode: '' }, a))),
    );
    expect(errorsOf(empty.value)).toEqual([
      { field: 'recoveryCode', message: 'Enter one of your recovery codes, like abcde-fghij' },
    ]);
    const r = await respond(() =>
      secondStep.action(args(post('/sign-in/two-factor', { method: 'recovery', recoveryCode: recoveryCodes[0]! }, a))),
    );
    expect(r.status).toBe(302);
    expect(r.response!.headers.get('location')).toBe('/t/alpha');
  });

  it('refuses a challenge cookie that is not this browser’s own: none, made up, or another person’s', async () => {
    const { key } = await enrol(alpha.adminId);
    await enrol(alpha.financeId);
    const a = browser('a');
    await signInWithPassword(a, 'admin@alpha.example');

    // Another browser, signed out: no way to the second step.
    const other = browser('b');
    const page = await respond(() => secondStep.loader(args(get('/sign-in/two-factor', other))));
    expect(page.value).toMatchObject({ live: false });
    const blind = await respond(() =>
      secondStep.action(args(post('/sign-in/two-factor', { code: codeAt(key, new Date()) }, other))),
    );
    expect(blind.status).toBe(401);
    expect(errorsOf(blind.value)[0]!.message).toMatch(/Sign in again/);

    other.cookies.set('traded_sign_in_challenge', 'madeup0123456789abcdefghijklmnop');
    const madeUp = await respond(() =>
      secondStep.action(args(post('/sign-in/two-factor', { code: codeAt(key, new Date()) }, other))),
    );
    expect(madeUp.status).toBe(401);

    // Another person's challenge (their own password step) does not take this person's code.
    const finance = browser('c');
    await signInWithPassword(finance, 'finance@alpha.example');
    const crossed = await respond(() =>
      secondStep.action(args(post('/sign-in/two-factor', { code: codeAt(key, new Date()) }, finance))),
    );
    expect(crossed.status).toBe(400);
    expect(await sessionsOf(alpha.adminId)).toBe(0);
    expect(await sessionsOf(alpha.financeId)).toBe(0);

    // The real browser still can.
    const right = await respond(() =>
      secondStep.action(args(post('/sign-in/two-factor', { code: codeAt(key, new Date()) }, a))),
    );
    expect(right.status).toBe(302);
  });

  it('ends the challenge with the fifth wrong code: the page says sign in again and clears the cookie', async () => {
    const { key } = await enrol(alpha.adminId);
    const a = browser('a');
    await signInWithPassword(a, 'admin@alpha.example');
    for (let i = 0; i < 4; i++) {
      const wrong = await respond(() => secondStep.action(args(post('', { code: '000000' }, a))));
      expect(wrong.status).toBe(400);
      expect(wrong.value).toMatchObject({ ended: false });
    }
    const fifth = await respond(() => secondStep.action(args(post('', { code: '000000' }, a))));
    expect(fifth.status).toBe(401);
    expect(fifth.value).toEqual({
      errors: [{ message: 'Too many attempts, or this sign-in took longer than 10 minutes. Sign in again' }],
      ended: true,
    });
    const page = await respond(() => secondStep.loader(args(get('/sign-in/two-factor', a))));
    expect(page.value).toMatchObject({ live: false });
    // Even the right code does not sign in now.
    const right = await respond(() => secondStep.action(args(post('', { code: codeAt(key, new Date()) }, a))));
    expect(right.status).toBe(401);
    expect(await sessionsOf(alpha.adminId)).toBe(0);
  });
});

describe('a provider requiring two-factor sign-in', () => {
  it('lets its admin require it (audited), and nobody else; a finance officer then sets it up at sign-in', async () => {
    const alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    const save = (b: Browser, fields: Record<string, string>) =>
      respond(() =>
        settings.action(args(post('/t/alpha/settings', { intent: 'two-factor', ...fields }, b), { tenant: 'alpha' })),
      );

    expect((await save(alphaFinance, { requireTwoFactor: 'yes' })).status).toBe(403);
    expect((await save(betaAdmin, { requireTwoFactor: 'yes' })).status).toBe(404);
    const none = await save(alphaAdmin, {});
    expect(none.status).toBe(400);
    expect(errorsOf(none.value)).toEqual([
      { field: 'requireTwoFactor', message: 'Select whether admins and finance officers must use two-factor sign-in' },
    ]);
    expect((await save(alphaAdmin, { requireTwoFactor: 'yes' })).status).toBe(302);
    const shown = await respond(() => settings.loader(args(get('/t/alpha/settings', alphaAdmin), { tenant: 'alpha' })));
    expect(shown.value).toMatchObject({ requireTwoFactor: 'yes' });
    const betaShown = await respond(() =>
      settings.loader(args(get('/t/beta/settings', betaAdmin), { tenant: 'beta' })),
    );
    expect(betaShown.value).toMatchObject({ requireTwoFactor: 'no' });
    const events = await withTenant({ tenantId: alpha.id }, (tx) => listAuditEvents(tx, alpha.id));
    expect(events.find((e) => e.action === 'settings.changed')?.detail).toEqual({
      before: { requireTwoFactor: false },
      after: { requireTwoFactor: true },
    });

    // The finance officer's session in another browser (above) is their only one until they finish.
    const f = browser('f');
    const r = await signInWithPassword(f, 'finance@alpha.example');
    expect(r.response!.headers.get('location')).toBe('/sign-in/set-up-two-factor');
    expect(f.cookies.has('traded_session')).toBe(false);
    expect(await sessionsOf(alpha.financeId)).toBe(1);
    const page = await respond(() => enrolAtSignInPage.loader(args(get('/sign-in/set-up-two-factor', f))));
    expect(page.status).toBe(200);
    const { enrolment } = page.value as { enrolment: { typedSecret: string; qrSvg: string } };
    // The enrolment page is not a way in for anyone else: it shows no key, only "sign in again".
    const stranger = await respond(() =>
      enrolAtSignInPage.loader(args(get('/sign-in/set-up-two-factor', browser('x')))),
    );
    expect(stranger.value).toMatchObject({ enrolment: null });
    // Nor is the ordinary second step, for someone who has not set it up yet.
    expect((await respond(() => secondStep.loader(args(get('/sign-in/two-factor', f))))).value).toMatchObject({
      live: false,
    });

    const key = keyFrom(enrolment.typedSecret);
    const wrong = await respond(() => enrolAtSignInPage.action(args(post('', { code: codeAt(key, later(-600)) }, f))));
    expect(wrong.status).toBe(400);
    expect(await sessionsOf(alpha.financeId)).toBe(1);

    const done = (await enrolAtSignInPage.action(args(post('', { code: codeAt(key, new Date()) }, f)))) as unknown as {
      data: { done: { recoveryCodes: string[]; continueTo: string } };
      init: { headers: Headers };
    };
    expect(done.data.done.recoveryCodes).toHaveLength(10);
    expect(done.data.done.continueTo).toBe('/t/alpha');
    store(f, done.init.headers);
    expect((await validateSessionToken(f.cookies.get('traded_session')!))?.userId).toBe(alpha.financeId);
    expect(f.cookies.has('traded_sign_in_challenge')).toBe(false);
  });
});

describe('two-factor sign-in on your account', () => {
  it('is only for someone signed in', async () => {
    const r = await respond(() => accountTwoFactor.loader(args(get('/account/two-factor'))));
    expect(r.status).toBe(302);
    expect(r.response!.headers.get('location')).toBe('/sign-in?returnTo=%2Faccount%2Ftwo-factor');
    const setUp = await respond(() => accountSetUp.loader(args(get('/account/two-factor/set-up'))));
    expect(setUp.status).toBe(302);
  });

  it('sets it up with a code, shows the recovery codes once, and turns it off only with a fresh code', async () => {
    const me = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    expect((await respond(() => accountTwoFactor.loader(args(get('/account/two-factor', me))))).value).toMatchObject({
      on: false,
    });
    const page = await respond(() => accountSetUp.loader(args(get('/account/two-factor/set-up', me))));
    const { enrolment } = page.value as { enrolment: { typedSecret: string } };
    const key = keyFrom(enrolment.typedSecret);

    const empty = await respond(() => accountSetUp.action(args(post('', { code: '' }, me))));
    expect(empty.status).toBe(400);
    const confirmedAt = later(-30);
    // Confirmed with the previous step's code (still accepted), so the current one is fresh.
    const done = await respond(() => accountSetUp.action(args(post('', { code: codeAt(key, confirmedAt) }, me))));
    expect(done.status).toBe(200);
    expect((done.value as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    // The page does not show the key or the codes again.
    const again = await respond(() => accountSetUp.loader(args(get('/account/two-factor/set-up', me))));
    expect(again.value).toEqual({ enrolment: null });
    expect((await respond(() => accountTwoFactor.loader(args(get('/account/two-factor', me))))).value).toMatchObject({
      on: true,
      recoveryCodesLeft: 10,
    });

    const used = await respond(() => accountTwoFactor.action(args(post('', { code: codeAt(key, confirmedAt) }, me))));
    expect(used.status).toBe(400);
    expect(errorsOf(used.value)[0]!.message).toMatch(/already been used/);
    const off = await respond(() => accountTwoFactor.action(args(post('', { code: codeAt(key, new Date()) }, me))));
    expect(off.status).toBe(302);
    expect(off.response!.headers.get('location')).toBe('/account/two-factor?removed=1');
    expect((await respond(() => accountTwoFactor.loader(args(get('/account/two-factor', me))))).value).toMatchObject({
      on: false,
    });
  });
});
