import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../app/auth/csrf.server';
import { serializeCookie } from '../app/auth/cookies.server';
import { mailFolder } from '../app/mail/mailer.server';
import { readMails } from './setup/mail';
import * as users from '../app/routes/t.$tenant.users._index';
import { configureSite, strictTransportSecurity } from '../app/site.server';
import { lockPathFor } from '../db/embedded-lock.server';
import { prepareDatabase, shouldSeedDemo } from '../db/prepare.server';
import { hasInstallationFlag } from '../db/queries/platform-admins';
import { asUser, ownerDb, resetDatabase, respond, twoTenants } from './setup/fixtures';
import { embeddedPass, killed, runTs, startTs, waitForLine } from './embedded/child';

// Production by default: settings come from configuration, never from what a client sends.
const saved = { PUBLIC_URL: process.env.PUBLIC_URL, TRADED_TODAY: process.env.TRADED_TODAY };
afterEach(() => {
  for (const [key, value] of Object.entries(saved))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

describe('HTTPS is decided by PUBLIC_URL, not by X-Forwarded-Proto', () => {
  const forwarded = () =>
    new Request('http://127.0.0.1:3000/sign-in', { headers: { 'x-forwarded-proto': 'https', host: 'evil.example' } });

  it('gives no Secure cookie and no HSTS on an http PUBLIC_URL, whatever the client claims', () => {
    process.env.PUBLIC_URL = 'http://traded.internal:3000';
    const { setCookie } = csrfTokenFor(forwarded());
    expect(setCookie).toMatch(/^traded_csrf=[a-z0-9]+; /);
    expect(setCookie).not.toMatch(/Secure/i);
    expect(serializeCookie(forwarded(), 'traded_session', 'abc')).not.toMatch(/Secure|__Host-/);
    expect(strictTransportSecurity()).toBeNull();
  });

  it('gives Secure __Host- cookies and HSTS on an https PUBLIC_URL, even behind a proxy speaking http', () => {
    process.env.PUBLIC_URL = 'https://traded.example.gov.uk';
    const plain = new Request('http://127.0.0.1:3000/sign-in');
    const { setCookie } = csrfTokenFor(plain);
    expect(setCookie).toMatch(/^__Host-traded_csrf=[a-z0-9]+; /);
    expect(setCookie).toMatch(/; Secure/);
    expect(strictTransportSecurity()).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('links in mail', () => {
  async function inviteWithEvilHost() {
    const { alpha } = await twoTenants();
    const browser = await asUser(alpha.adminId);
    const body = new URLSearchParams({ email: 'new.person@example.com', role: 'practitioner', csrf: browser.csrf });
    const request = new Request('http://evil.example/t/alpha/users', {
      method: 'POST',
      body,
      headers: {
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
        'content-type': 'application/x-www-form-urlencoded',
        cookie: browser.cookie,
      },
    });
    rmSync(mailFolder(), { recursive: true, force: true });
    const result = await respond(() => users.action({ request, params: { tenant: 'alpha' }, context: {} }));
    expect(result.status).toBe(302);
    const sent = (await readMails()).filter((m) => m.to === 'new.person@example.com');
    expect(sent).toHaveLength(1);
    // Both parts carry the link: what the person reads, and the HTML their mail client shows.
    return `${sent[0]!.text}\n${sent[0]!.html}`;
  }

  it('point at PUBLIC_URL only, even when the request says Host: evil.example', async () => {
    process.env.PUBLIC_URL = 'http://traded.internal:3000';
    const mail = await inviteWithEvilHost();
    expect(mail).toContain('http://traded.internal:3000/invitations/alpha/');
    expect(mail).not.toContain('evil.example');
  });

  it('never take the Host header when PUBLIC_URL is unset (outside the server)', async () => {
    delete process.env.PUBLIC_URL;
    const mail = await inviteWithEvilHost();
    expect(mail).not.toContain('evil.example');
    expect(mail).toMatch(/http:\/\/localhost:\d+\/invitations\/alpha\//);
  });
});

describe('start-up configuration', () => {
  it('loads the demo on the embedded default, and on PostgreSQL only when SEED_DEMO=true', () => {
    expect(shouldSeedDemo('pglite', {})).toBe(true);
    expect(shouldSeedDemo('pglite', { SEED_DEMO: 'false' })).toBe(false);
    expect(shouldSeedDemo('postgres', {})).toBe(false);
    expect(shouldSeedDemo('postgres', { SEED_DEMO: 'yes' })).toBe(false);
    expect(shouldSeedDemo('postgres', { SEED_DEMO: 'true' })).toBe(true);
  });

  it('requires PUBLIC_URL except on the embedded demo, where it is localhost', () => {
    const log = () => {};
    expect(() => configureSite({ kind: 'postgres', demoLoaded: false, port: 3000, env: {}, log })).toThrow(
      /PUBLIC_URL is not set/,
    );
    expect(() => configureSite({ kind: 'postgres', demoLoaded: true, port: 3000, env: {}, log })).toThrow(
      /PUBLIC_URL is not set/,
    );
    expect(() => configureSite({ kind: 'pglite', demoLoaded: false, port: 3000, env: {}, log })).toThrow(
      /PUBLIC_URL is not set/,
    );
    const demo: Record<string, string | undefined> = {};
    expect(configureSite({ kind: 'pglite', demoLoaded: true, port: 3100, env: demo, log })).toMatchObject({
      publicUrl: 'http://localhost:3100',
      https: false,
    });
    expect(demo.PUBLIC_URL).toBe('http://localhost:3100');
    const real: Record<string, string | undefined> = { PUBLIC_URL: 'https://traded.example.gov.uk/' };
    expect(configureSite({ kind: 'postgres', demoLoaded: false, port: 3000, env: real, log })).toMatchObject({
      publicUrl: 'https://traded.example.gov.uk',
      https: true,
    });
    for (const bad of ['traded.example.gov.uk', 'ftp://traded.example', 'https://traded.example/app?x=1'])
      expect(() =>
        configureSite({ kind: 'postgres', demoLoaded: false, port: 3000, env: { PUBLIC_URL: bad }, log }),
      ).toThrow(/PUBLIC_URL must/);
  });

  it('honours TRADED_TODAY only where the demo data was loaded, and says when it ignores it', () => {
    const lines: string[] = [];
    const real: Record<string, string | undefined> = {
      PUBLIC_URL: 'https://traded.example.gov.uk',
      TRADED_TODAY: '2026-11-22',
    };
    configureSite({ kind: 'postgres', demoLoaded: false, port: 3000, env: real, log: (l) => lines.push(l) });
    expect(real.TRADED_TODAY).toBeUndefined();
    expect(lines.join('\n')).toMatch(/TRADED_TODAY=2026-11-22 is ignored/);
    const demo: Record<string, string | undefined> = { TRADED_TODAY: '2026-11-22' };
    configureSite({ kind: 'pglite', demoLoaded: true, port: 3000, env: demo, log: () => {} });
    expect(demo.TRADED_TODAY).toBe('2026-11-22');
  });
});

describe('preparing the database', () => {
  let seedDemo: string | undefined;
  beforeAll(() => {
    seedDemo = process.env.SEED_DEMO;
    delete process.env.SEED_DEMO;
  });
  afterAll(() => {
    if (seedDemo !== undefined) process.env.SEED_DEMO = seedDemo;
  });

  it('leaves an empty PostgreSQL database without demo sign-ins unless SEED_DEMO=true', async () => {
    await resetDatabase();
    const db = await ownerDb();
    expect(await prepareDatabase(db, 'postgres', () => {})).toEqual({ demoLoaded: false });
    expect(await db.selectFrom('users').select('email').execute()).toEqual([]);
    expect(await hasInstallationFlag(db, 'demo_data')).toBe(false);

    process.env.SEED_DEMO = 'true';
    try {
      expect(await prepareDatabase(db, 'postgres', () => {})).toEqual({ demoLoaded: true });
    } finally {
      delete process.env.SEED_DEMO;
    }
    const admin = await db
      .selectFrom('platform_admins')
      .innerJoin('users', 'users.id', 'platform_admins.user_id')
      .select('users.email')
      .execute();
    expect(admin).toEqual([{ email: 'platform@traded.example' }]);
  }, 180_000);
});

describe.runIf(embeddedPass)('the server process', () => {
  let parent: string;
  beforeAll(() => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'traded-startup-'));
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  function folder(name: string) {
    const dir = path.join(parent, name);
    if (process.env.TEST_PGLITE_TEMPLATE) cpSync(process.env.TEST_PGLITE_TEMPLATE, dir, { recursive: true });
    return dir;
  }
  const serverEnv = (dir: string, extra: Record<string, string> = {}) => ({
    PGLITE_DIR: dir,
    DATABASE_URL: '',
    PUBLIC_URL: '',
    PORT: '3987',
    ...extra,
  });

  it('refuses to start without PUBLIC_URL when not on the embedded demo, saying what to set', async () => {
    const result = await runTs('server.ts', [], serverEnv(folder('real'), { SEED_DEMO: 'false' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PUBLIC_URL is not set');
    expect(result.stderr).toContain('PUBLIC_URL=https://');
  }, 120_000);

  it('stops cleanly on SIGTERM: answers what it has in hand, closes the embedded database and frees its folder', async () => {
    const dir = folder('stopping');
    // The development server needs no production build; stopping is the same code.
    // No demo to load: the folder holds the migrated schema and nothing else.
    const server = startTs(
      'server.ts',
      ['--dev'],
      serverEnv(dir, { PORT: '3988', SEED_DEMO: 'false', PUBLIC_URL: 'http://127.0.0.1:3988' }),
    );
    try {
      await waitForLine(server, /^Traded is running at /, 120_000);
      const page = await fetch('http://127.0.0.1:3988/accessibility');
      expect(page.status).toBe(200);
      await page.arrayBuffer();
      expect(existsSync(lockPathFor(dir))).toBe(true);
      let output = '';
      server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exitCode = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      server.kill('SIGTERM');
      expect(await exitCode).toBe(0);
      expect(output).toContain('SIGTERM: finishing the requests in hand, then stopping');
      expect(existsSync(lockPathFor(dir))).toBe(false);
      // Nothing left holding the folder: another process opens it at once.
      const next = startTs('test/embedded/hold-database.ts', ['hold'], { PGLITE_DIR: dir, DATABASE_URL: '' });
      try {
        await waitForLine(next, /^ready$/);
      } finally {
        next.kill('SIGKILL');
        await killed(next);
      }
    } finally {
      server.kill('SIGKILL');
      await killed(server);
    }
  }, 180_000);

  it('refuses a second server on the same embedded folder at once', async () => {
    const dir = folder('shared');
    const holder = startTs('test/embedded/hold-database.ts', ['hold'], { PGLITE_DIR: dir, DATABASE_URL: '' });
    try {
      await waitForLine(holder, /^ready$/);
      const result = await runTs('server.ts', [], serverEnv(dir));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('is in use by another process');
    } finally {
      holder.kill('SIGKILL');
      await killed(holder);
    }
  }, 120_000);
});
