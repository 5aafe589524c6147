import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadableStreamFromReadable } from '@remix-run/node';
import express from 'express';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { readForm, sessionCsrfToken } from '../../app/auth/csrf.server';
import { requireTenantMember } from '../../app/auth/guards.server';
import { passwordProblem } from '../../app/auth/password-policy';
import { createSession, validateSessionToken } from '../../app/auth/session.server';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, signIn } from '../../app/auth/sign-in.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { generateToken, hashToken } from '../../app/auth/tokens.server';
import { safeReturnTo } from '../../app/forms/safe-return';
import { bodyLimitFor, serveRemix } from '../../app/http/middleware.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as buyerService from '../../app/routes/buy.services.$tenant.$serviceId';
import * as buyHome from '../../app/routes/buy.services._index';
import * as basketPage from '../../app/routes/buy.basket';
import * as invitationPage from '../../app/routes/invitations.$tenant.$token';
import * as signInPage from '../../app/routes/sign-in';
import * as home from '../../app/routes/t.$tenant._index';
import * as customersNew from '../../app/routes/t.$tenant.customers.new';
import * as servicesNew from '../../app/routes/t.$tenant.services.new';
import * as member from '../../app/routes/t.$tenant.users.$userId';
import { changeMemberRole } from '../../app/tenancy/change-member-role.server';
import { removeMember } from '../../app/tenancy/remove-member.server';
import {
  addMember,
  asUser,
  EP_DAY_FIELDS,
  get,
  ownerDb,
  post,
  respond,
  TEST_PASSWORD,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';

useToday('2026-04-01');

let alpha: TestTenant;
let alphaAdmin: Browser;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
});

const args = (request: Request, params: Record<string, string> = {}, clientAddress = '192.0.2.1') => ({
  request,
  params,
  context: { clientAddress },
});

/** A signed-out browser: only its pre-session CSRF cookie. */
const signedOut: Browser = {
  cookie: 'traded_csrf=presessiontoken0123456789abcdef',
  csrf: 'presessiontoken0123456789abcdef',
};

const errorsOf = (value: unknown) => (value as { errors: Array<{ field?: string; message: string }> }).errors;

describe('returnTo never leaves the site', () => {
  it('keeps same-site paths and refuses everything a browser might read as another site', () => {
    expect(safeReturnTo('/t/alpha/orders?status=open#top')).toBe('/t/alpha/orders?status=open#top');
    const stays = (path: string | null) =>
      path === null || new URL(path, 'https://traded.example').origin === 'https://traded.example';
    for (const bad of [
      '/\t/evil.example/',
      '/\r/evil.example',
      '/\n/evil.example',
      '/\u000b/evil.example',
      '/\u0000/evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\/evil.example',
      'https://evil.example',
      'evil.example',
    ])
      expect(safeReturnTo(bad), JSON.stringify(bad)).toBeNull();
    // Percent-encoded, a tab is just part of a path on this site.
    expect(stays(safeReturnTo('/%09/evil.example'))).toBe(true);
    expect(stays(safeReturnTo('/./\t/evil.example'))).toBe(true);
  });

  it('signed in, GET /sign-in?returnTo=/<tab>/evil.example/ goes home, not off-site; CR, LF and VT never 500', async () => {
    for (const encoded of [
      '%2F%09%2Fevil.example%2F',
      '%2F%0D%2Fevil.example',
      '%2F%0A%2Fevil.example',
      '%2F%0B%2Fevil.example',
    ]) {
      const r = await respond(() => signInPage.loader(args(get(`/sign-in?returnTo=${encoded}`, alphaAdmin))));
      expect(r.status, encoded).toBe(302);
      expect(r.response!.headers.get('location'), encoded).toBe('/organisations');
    }
  });

  it('after signing in, a tab-smuggled returnTo lands on the home page', async () => {
    const r = await respond(() =>
      signInPage.action(
        args(
          post(
            '/sign-in',
            { email: 'admin@alpha.example', password: TEST_PASSWORD, returnTo: '/\t/evil.example/' },
            signedOut,
          ),
        ),
      ),
    );
    expect(r.status).toBe(302);
    expect(r.response!.headers.get('location')).toBe('/t/alpha');
  });
});

describe('invisible characters are refused, never a 500', () => {
  it('a NUL in any field of the service form gets a GOV.UK error on that field and keeps the form', async () => {
    for (const field of Object.keys(EP_DAY_FIELDS)) {
      const fields = { ...EP_DAY_FIELDS, description: 'Assessment', [field]: `x\u0000y` };
      const r = await respond(() =>
        servicesNew.action(args(post('/t/alpha/services/new', fields, alphaAdmin), { tenant: 'alpha' })),
      );
      expect(r.status, field).toBe(400);
      expect(errorsOf(r.value), field).toContainEqual({
        field,
        message: expect.stringMatching(/^Remove the invisible character/),
      });
      expect((r.value as { values: Record<string, string> }).values.description).toBe('Assessment');
    }
  });

  it('tab, CR and LF in a textarea are kept; other control characters are refused', async () => {
    const ok = await respond(() =>
      servicesNew.action(
        args(post('/t/alpha/services/new', { ...EP_DAY_FIELDS, description: 'Line one\r\n\tLine two' }, alphaAdmin), {
          tenant: 'alpha',
        }),
      ),
    );
    expect(ok.status).toBe(302);
    const bell = await respond(() =>
      servicesNew.action(
        args(
          post('/t/alpha/services/new', { ...EP_DAY_FIELDS, code: 'EP-TWO', description: 'Ring\u0007' }, alphaAdmin),
          {
            tenant: 'alpha',
          },
        ),
      ),
    );
    expect(bell.status).toBe(400);
  });

  it('a NUL in the sign-in and invitation forms is an error on the field', async () => {
    const r = await respond(() =>
      signInPage.action(args(post('/sign-in', { email: 'admin@alpha.example\u0000', password: 'x' }, signedOut))),
    );
    expect(r.status).toBe(400);
    expect(errorsOf(r.value)[0]!.field).toBe('email');
    const token = await invite('new.person@alpha.example');
    const accept = await respond(() =>
      invitationPage.action(
        args(post('', { name: 'New\u0000Person', password: 'orange kettle seaside' }, signedOut), {
          tenant: 'alpha',
          token,
        }),
      ),
    );
    expect(accept.status).toBe(400);
    expect(errorsOf(accept.value)[0]!.field).toBe('name');
  });

  it('a NUL in a path segment is not found, and in ?q= or another query a normal page', async () => {
    const serviceId = await publishedService();
    expect(
      (
        await respond(() =>
          invitationPage.loader(args(get('/invitations/%00/abc'), { tenant: '\u0000', token: 'abc' })),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await respond(() =>
          invitationPage.loader(args(get('/invitations/alpha/%00'), { tenant: 'alpha', token: '\u0000' })),
        )
      ).status,
    ).toBe(404);
    expect((await respond(() => home.loader(args(get('/t/%00', alphaAdmin), { tenant: '\u0000' })))).status).toBe(404);
    const buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    expect((await respond(() => buyHome.loader(args(get('/buy/services?q=%00', buyer))))).status).toBe(200);
    expect((await respond(() => buyHome.loader(args(get('/buy/services?q=ed%00u&category=%00', buyer))))).status).toBe(200);
    for (const query of ['year=%00', 'school=%00', 'quantity=%00', 'quantity=1&package=%00', 'year=2025%00'])
      expect(
        (
          await respond(() =>
            buyerService.loader(
              args(get(`/buy/services/alpha/${serviceId}?${query}`, buyer), { tenant: 'alpha', serviceId }),
            ),
          )
        ).status,
        query,
      ).toBeLessThan(500);
    expect((await respond(() => basketPage.loader(args(get('/buy/basket?checkout=%00', buyer))))).status).toBe(200);
    const customers = await respond(() =>
      customersNew.loader(args(get('/t/alpha/customers/new?q=%00%00', alphaAdmin), { tenant: 'alpha' })),
    );
    expect(customers.status).toBe(200);
  });
});

describe('cross-origin posts', () => {
  const withOrigin = (origin: string | null) => {
    const request = post('/t/alpha/users/x', { intent: 'role' }, alphaAdmin);
    const headers = new Headers(request.headers);
    if (origin !== null) headers.set('origin', origin);
    return new Request(request.url, { method: 'POST', headers, body: 'intent=role&csrf=' + alphaAdmin.csrf });
  };

  it('a foreign Origin or Origin: null is 403; same-origin and absent Origin are read', async () => {
    await expect(readForm(withOrigin('https://evil.example'))).rejects.toMatchObject({ status: 403 });
    await expect(readForm(withOrigin('null'))).rejects.toMatchObject({ status: 403 });
    await expect(readForm(withOrigin('not a url'))).rejects.toMatchObject({ status: 403 });
    expect((await readForm(withOrigin('http://localhost'))).get('intent')).toBe('role');
    expect((await readForm(withOrigin(null))).get('intent')).toBe('role');
  });
});

describe('the service form keeps to the database limits on hours', () => {
  it('refuses 0, 24.5 and 25 hours with a GOV.UK error, keeping the form; accepts 0.5 and 12', async () => {
    for (const unitHours of ['0', '0.25', '12.5', '24.5', '25']) {
      const fields = { ...EP_DAY_FIELDS, unitHours };
      const r = await respond(() =>
        servicesNew.action(args(post('/t/alpha/services/new', fields, alphaAdmin), { tenant: 'alpha' })),
      );
      expect(r.status, unitHours).toBe(400);
      expect(errorsOf(r.value)).toEqual([
        { field: 'unitHours', message: 'Enter the hours as a number from 0.5 to 12, like 3 or 6.5' },
      ]);
      expect((r.value as { values: Record<string, string> }).values).toMatchObject({
        name: EP_DAY_FIELDS.name,
        unitHours,
      });
    }
    for (const [code, unitHours] of [
      ['EP-HALF', '0.5'],
      ['EP-LONG', '12'],
    ] as const) {
      const r = await respond(() =>
        servicesNew.action(
          args(post('/t/alpha/services/new', { ...EP_DAY_FIELDS, code, unitHours }, alphaAdmin), { tenant: 'alpha' }),
        ),
      );
      expect(r.status, unitHours).toBe(302);
    }
  });

  it('the database refuses the same hours whoever writes them', async () => {
    const ok = await respond(() =>
      servicesNew.action(args(post('/t/alpha/services/new', EP_DAY_FIELDS, alphaAdmin), { tenant: 'alpha' })),
    );
    expect(ok.status).toBe(302);
    const db = await ownerDb();
    for (const hours of [0.25, 12.5, 24.5])
      await expect(
        sql`update services set unit_hours = ${hours} where tenant_id = ${alpha.id}`.execute(db),
      ).rejects.toThrow(/services_unit_hours_range/);
    await sql`update services set unit_hours = 12 where tenant_id = ${alpha.id}`.execute(db);
  });
});

describe('passwords', () => {
  it('refuses one repeated character, runs, and the email name, with a clear message', () => {
    expect(passwordProblem('aaaaaaaa')).toMatch(/repeated/);
    expect(passwordProblem('zzzzzzzzzzzzzzzz')).toMatch(/repeated/);
    expect(passwordProblem('abababababab')).toMatch(/repeated/);
    expect(passwordProblem('abcdefgh')).toMatch(/run|common/);
    expect(passwordProblem('lmnopqrst')).toMatch(/run/);
    expect(passwordProblem('98765432')).toMatch(/run/);
    expect(passwordProblem('12345678')).toMatch(/run|common/);
    expect(passwordProblem('87654321')).toMatch(/run|common/);
    expect(passwordProblem('qwertyuiop')).toMatch(/run|common/);
    expect(passwordProblem('rachelmoss', { email: 'rachel.moss@example.org' })).toMatch(/email/);
    expect(passwordProblem('orange kettle seaside')).toBeNull();
    expect(passwordProblem('correct-horse-battery')).toBeNull();
  });
});

describe('sessions and CSRF', () => {
  it('signing in ends the session the browser already had', async () => {
    const old = await createSession(alpha.financeId, null);
    const browser: Browser = { cookie: `traded_session=${old.token}`, csrf: sessionCsrfToken(old.token) };
    const r = await respond(() =>
      signInPage.action(args(post('/sign-in', { email: 'admin@alpha.example', password: TEST_PASSWORD }, browser))),
    );
    expect(r.status).toBe(302);
    expect(await validateSessionToken(old.token)).toBeNull();
  });

  it('a token from one session is refused in another', async () => {
    const other = await asUser(alpha.adminId, `tenant:${alpha.id}`);
    const r = await respond(() =>
      member.action(
        args(post('', { intent: 'role', role: 'finance' }, alphaAdmin, { csrf: other.csrf }), {
          tenant: 'alpha',
          userId: alpha.financeId,
        }),
      ),
    );
    expect(r.status).toBe(403);
    // A pre-session cookie's token does not work once signed in either.
    const mixed: Browser = { cookie: `${alphaAdmin.cookie}; traded_csrf=${signedOut.csrf}`, csrf: signedOut.csrf };
    const r2 = await respond(() =>
      member.action(
        args(post('', { intent: 'role', role: 'finance' }, mixed), { tenant: 'alpha', userId: alpha.financeId }),
      ),
    );
    expect(r2.status).toBe(403);
  });

  it('signed out, the sign-in form works with the token bound to its cookie, and not with another', async () => {
    const forged = await respond(() =>
      signInPage.action(
        args(
          post('/sign-in', { email: 'admin@alpha.example', password: TEST_PASSWORD }, signedOut, {
            csrf: 'someoneelsestoken',
          }),
        ),
      ),
    );
    expect(forged.status).toBe(403);
    const r = await respond(() =>
      signInPage.action(args(post('/sign-in', { email: 'admin@alpha.example', password: TEST_PASSWORD }, signedOut))),
    );
    expect(r.status).toBe(302);
  });
});

async function invite(email: string) {
  const token = generateToken();
  const db = await ownerDb();
  await sql`insert into invitations (tenant_id, email, role, token_hash, invited_by, expires_at)
            values (${alpha.id}, ${email}, 'finance', ${hashToken(token)}, ${alpha.adminId}, now() + interval '7 days')`.execute(
    db,
  );
  return token;
}

async function countAttempts(email: string) {
  const db = await ownerDb();
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from sign_in_attempts where lower(email) = ${email}`.execute(db);
  return rows[0]!.n;
}

describe('lock-out slows an attacker without locking the person out', () => {
  it('20 concurrent wrong passwords: at most the limit are checked, the rest refused unchecked', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        signIn({ email: 'admin@alpha.example', password: `wrong-guess-${i}`, address: '198.51.100.7' }),
      ),
    );
    const messages = results.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message) : 'signed in'));
    expect(messages.filter((m) => m.startsWith('Enter a correct email'))).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(messages.filter((m) => m.startsWith('Too many failed attempts'))).toHaveLength(
      20 - MAX_FAILURES_PER_ACCOUNT,
    );
    expect(await countAttempts('admin@alpha.example')).toBe(MAX_FAILURES_PER_ACCOUNT);
    // The real person, elsewhere, signs in.
    const person = await signIn({ email: 'admin@alpha.example', password: TEST_PASSWORD, address: '203.0.113.9' });
    expect(person.userId).toBe(alpha.adminId);
  });

  it('the delay doubles with each further failure from the same address', async () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 3, 1, 9, minutes));
    const attempt = (minutes: number) =>
      signIn({ email: 'admin@alpha.example', password: 'not-the-password', address: '198.51.100.8' }, at(minutes));
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await expect(attempt(0)).rejects.toThrow(/Enter a correct/);
    await expect(attempt(0)).rejects.toThrow(/You can try again at 10:01am\./); // 9:01 UTC is 10:01am in BST
    await expect(attempt(1)).rejects.toThrow(/Enter a correct/); // the 6th, after a minute: now 2 minutes
    await expect(attempt(2)).rejects.toThrow(/You can try again at 10:03am\./);
    await expect(attempt(3)).rejects.toThrow(/Enter a correct/); // the 7th: now 4 minutes
    await expect(attempt(4)).rejects.toThrow(/You can try again at 10:07am\./);
  });

  it('one address guessing at many accounts is locked out', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
      await expect(
        signIn({ email: `person${i}@alpha.example`, password: 'not-the-password', address: '198.51.100.9' }),
      ).rejects.toThrow(/Enter a correct/);
    await expect(
      signIn({ email: 'admin@alpha.example', password: TEST_PASSWORD, address: '198.51.100.9' }),
    ).rejects.toThrow(/Too many failed attempts/);
    expect(
      (await signIn({ email: 'admin@alpha.example', password: TEST_PASSWORD, address: '198.51.100.10' })).userId,
    ).toBe(alpha.adminId);
  });

  it("the invitation page's password check for someone who already uses Traded is counted the same way", async () => {
    const token = await invite('bursar@alpha-school.example');
    const attempt = (password: string) =>
      respond(() =>
        invitationPage.action(args(post('', { password }, signedOut), { tenant: 'alpha', token }, '198.51.100.11')),
      );
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(`wrong-guess-${i}`)));
    expect(results.filter((r) => r.status === 400)).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(results.filter((r) => r.status === 429)).toHaveLength(20 - MAX_FAILURES_PER_ACCOUNT);
    expect((await attempt(TEST_PASSWORD)).status).toBe(429);
  });
});

/** A published educational psychology day, priced for alpha's schools and academies in 2025/26. */
async function publishedService() {
  const ctx = await requireTenantMember(get('/t/alpha', alphaAdmin), 'alpha', 'catalogue.manage');
  const serviceId = await createService(ctx, serviceForm.parse(EP_DAY_FIELDS));
  const scheduleId = await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 });
  await changeServiceStatus(ctx, serviceId, 'published');
  await setServicePrice(ctx, scheduleId, serviceId, 'own_maintained', {
    model: 'per_unit',
    unitPricePence: 50000,
    minimumChargePence: 0,
    rounding: 'penny',
  });
  await setServicePrice(ctx, scheduleId, serviceId, 'academy', {
    model: 'per_unit',
    unitPricePence: 54000,
    minimumChargePence: 0,
    rounding: 'penny',
  });
  await publishSchedule(ctx, scheduleId);
  return serviceId;
}

describe('races', () => {
  it('one basket checked out from 20 tabs at once makes one set of orders', async () => {
    const serviceId = await publishedService();
    const buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
    const added = await respond(() =>
      buyerService.action(
        args(
          post(
            `/buy/services/alpha/${serviceId}?quantity=3`,
            { quantity: '3', package: '', year: '', school: '', preferredDates: '' },
            buyer,
          ),
          { tenant: 'alpha', serviceId },
        ),
      ),
    );
    expect(added.status).toBe(302);
    const buyerCtx = await (await import('../../app/auth/guards.server')).requireBuyer(get('/buy', buyer), 'buy.order');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        submitOrder(
          buyerCtx,
          {
            slug: 'alpha',
            poNumber: '',
            contactName: 'Alpha Bursar',
            contactEmail: 'bursar@alpha-school.example',
            idempotencyKey: `tab-${i}`,
          },
          'http://localhost',
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const db = await ownerDb();
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from orders where tenant_id = ${alpha.id}`.execute(db);
    expect(rows[0]!.n).toBe(1);
  });

  it('two admins demoting each other at the same instant leave one admin', async () => {
    await promote(alpha.financeId);
    const first = await requireTenantMember(get('/t/alpha', alphaAdmin), 'alpha', 'users.manage');
    const second = await requireTenantMember(get('/t/alpha', await asUser(alpha.financeId)), 'alpha', 'users.manage');
    for (let round = 0; round < 10; round++) {
      const results = await Promise.allSettled([
        changeMemberRole(first, alpha.financeId, 'practitioner'),
        changeMemberRole(second, alpha.adminId, 'practitioner'),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await admins()).toHaveLength(1);
      const db = await ownerDb();
      await sql`update tenant_memberships set role = 'admin' where tenant_id = ${alpha.id} and user_id in (${alpha.adminId}, ${alpha.financeId})`.execute(
        db,
      );
    }
  });

  it('two admins removing each other, or one removing while the other demotes, leave one admin', async () => {
    await promote(alpha.financeId);
    const first = await requireTenantMember(get('/t/alpha', alphaAdmin), 'alpha', 'users.manage');
    const second = await requireTenantMember(get('/t/alpha', await asUser(alpha.financeId)), 'alpha', 'users.manage');
    const db = await ownerDb();
    for (let round = 0; round < 10; round++) {
      const results = await Promise.allSettled([
        removeMember(first, alpha.financeId),
        round % 2 ? changeMemberRole(second, alpha.adminId, 'finance') : removeMember(second, alpha.adminId),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await admins()).toHaveLength(1);
      await sql`delete from tenant_memberships where tenant_id = ${alpha.id} and user_id in (${alpha.adminId}, ${alpha.financeId})`.execute(
        db,
      );
      await addMember(alpha.id, alpha.adminId, 'admin');
      await addMember(alpha.id, alpha.financeId, 'admin');
    }
  });
});

async function promote(userId: string) {
  const db = await ownerDb();
  await sql`update tenant_memberships set role = 'admin' where tenant_id = ${alpha.id} and user_id = ${userId}`.execute(
    db,
  );
}

async function admins() {
  const db = await ownerDb();
  const { rows } = await sql<{ user_id: string }>`
    select user_id from tenant_memberships where tenant_id = ${alpha.id} and role = 'admin'`.execute(db);
  return rows;
}

/** The request a Remix action sees, its body streamed from the socket as @remix-run/express does. */
function asFetchRequest(req: express.Request): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`http://${req.headers.host}${req.originalUrl}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: createReadableStreamFromReadable(req), duplex: 'half' } : {}),
  } as RequestInit);
}

describe('the server in front of every page', () => {
  /** The real middleware, in front of a handler that reads the body as a Remix action does. */
  async function server() {
    const app = express();
    app.use('/assets', express.static('node_modules/govuk-frontend/dist/govuk/assets', { maxAge: '1d' }));
    serveRemix(app, undefined, async (req, res) => {
      try {
        const form = await readForm(asFetchRequest(req));
        res.status(200).end(`read ${String(form.get('text') ?? '').length}`);
      } catch (error) {
        if (res.headersSent) return;
        if (error instanceof Response) res.status(error.status).end(await error.text());
        else res.status(500).end('read failed');
      }
    });
    const listening = app.listen(0, '127.0.0.1');
    await once(listening, 'listening');
    return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`, close: () => listening.close() };
  }

  const form = (browser: Browser, text = 'hello') => `csrf=${browser.csrf}&text=${text}`;

  it('answers a cross-origin post 403 and reads a same-origin one', async () => {
    const { url, close } = await server();
    try {
      const send = (origin?: string) =>
        fetch(`${url}/t/alpha/settings`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: alphaAdmin.cookie,
            ...(origin ? { origin } : {}),
          },
          body: form(alphaAdmin),
        });
      expect((await send('https://evil.example')).status).toBe(403);
      expect((await send('null')).status).toBe(403);
      expect((await send(url)).status).toBe(200);
      expect((await send()).status).toBe(200);
    } finally {
      close();
    }
  });

  it('refuses a 20 MB body with 413 before reading it, and counts the bytes of a chunked body', async () => {
    const { url, close } = await server();
    try {
      const { port } = new URL(url);
      const answer = (chunked: boolean) =>
        new Promise<{ status: number; sent: number; body: string }>((resolve, reject) => {
          const request = http.request({
            host: '127.0.0.1',
            port,
            path: '/t/alpha/settings',
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              cookie: alphaAdmin.cookie,
              ...(chunked ? {} : { 'content-length': String(20 * 1024 * 1024) }),
            },
          });
          let sent = 0;
          let answered = false;
          const chunk = Buffer.alloc(64 * 1024, 'a');
          request.on('response', (response) => {
            answered = true;
            let body = '';
            response.on('data', (d: Buffer) => (body += d.toString()));
            response.on('end', () => resolve({ status: response.statusCode!, sent, body }));
          });
          request.on('error', (error) => (answered ? undefined : reject(error)));
          const pump = () => {
            if (answered || sent >= 20 * 1024 * 1024) return;
            sent += chunk.length;
            if (request.write(chunk)) setImmediate(pump);
            else request.once('drain', pump);
          };
          pump();
        });
      const declared = await answer(false);
      expect(declared.status).toBe(413);
      expect(declared.body).toMatch(/too large/);
      expect(declared.sent).toBeLessThan(20 * 1024 * 1024);
      const chunked = await answer(true);
      expect(chunked.status).toBe(413);
      expect(chunked.sent).toBeLessThan(20 * 1024 * 1024);
      // A form of ordinary size is read as before.
      const small = await fetch(`${url}/t/alpha/settings`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: alphaAdmin.cookie },
        body: form(alphaAdmin, 'x'.repeat(100_000)),
      });
      expect(await small.text()).toBe('read 100000');
      // An upload has its own, larger limit: a 1.5 MB schedule file is read, not refused.
      const upload = await fetch(`${url}/t/alpha/schedules/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: alphaAdmin.cookie },
        body: form(alphaAdmin, 'x'.repeat(1_500_000)),
      });
      expect(await upload.text()).toBe('read 1500000');
      expect(bodyLimitFor('/t/alpha/schedules/import.data')).toBeGreaterThan(2 * 1024 * 1024);
      expect(bodyLimitFor('/platform/schools')).toBeGreaterThan(100 * 1024 * 1024);
      expect(bodyLimitFor('/t/alpha/services/new')).toBe(1024 * 1024);
    } finally {
      close();
    }
  });

  it('marks every page and data response no-store; static assets keep their caching', async () => {
    const { url, close } = await server();
    try {
      for (const path of ['/t/alpha', '/t/alpha.data', '/sign-in', '/buy/basket?_data=root'])
        expect(
          (await fetch(`${url}${path}`, { headers: { cookie: alphaAdmin.cookie } })).headers.get('cache-control'),
          path,
        ).toBe('no-store');
      const asset = await fetch(`${url}/assets/images/favicon.ico`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=86400');
    } finally {
      close();
    }
  });

  it('answers a NUL or another control character in the path 404, not 500', async () => {
    const { url, close } = await server();
    try {
      for (const path of ['/invitations/%00/abc', '/t/%00', '/t/alpha%0d%0a', '/t/%E0%A4%A'])
        expect((await fetch(`${url}${path}`)).status, path).toBe(404);
    } finally {
      close();
    }
  });
});
