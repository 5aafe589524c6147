import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { countSchools, ensurePlatformAdmin } from '../../db/queries/platform-admins';
import { runScoped } from '../../db/scope.server';
import { action, loader } from '../../app/routes/platform.schools';
import { asUser, createUser, get, ownerDb, respond, twoTenants, type Browser } from '../setup/fixtures';

// A platform administrator imports GIAS extracts through the running app (the server holds the
// embedded database; the command refuses while it runs). Same all-or-nothing rules as the command.
const sample = readFileSync(new URL('../../tenants/schools-5la.csv', import.meta.url));

function upload(browser: Browser, file: File | null, options: { csrf?: string } = {}): Request {
  const body = new FormData();
  body.set('csrf', options.csrf ?? browser.csrf);
  if (file) body.set('file', file);
  return new Request('http://localhost/platform/schools', {
    method: 'POST',
    body,
    headers: { cookie: browser.cookie },
  });
}
const csv = (text: string | Buffer, name = 'edubasealldata.csv') =>
  new File([typeof text === 'string' ? text : new Uint8Array(text)], name, { type: 'text/csv' });
const args = (request: Request) => ({ request, params: {}, context: {} });

let platform: Browser;
let tenantAdmin: Browser;
let buyer: Browser;

beforeEach(async () => {
  const { alpha } = await twoTenants();
  const adminId = await createUser('platform@traded.example', 'Platform administrator');
  await ensurePlatformAdmin(await ownerDb(), adminId);
  platform = await asUser(adminId);
  tenantAdmin = await asUser(alpha.adminId);
  buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
});

async function schools() {
  return countSchools(await ownerDb());
}

describe('platform administrators in the database', () => {
  it("are visible to the runtime role only as the signed-in person's own row; imports not at all", async () => {
    const db = await ownerDb();
    const other = await createUser('second-platform@traded.example');
    await ensurePlatformAdmin(db, other);
    const someone = await createUser('someone@example.com');
    const seen = (userId: string | null) =>
      runScoped(db, { userId }, (tx) => tx.selectFrom('platform_admins').select('user_id').execute());
    expect(await seen(someone)).toEqual([]);
    expect(await seen(null)).toEqual([]);
    expect(await seen(other)).toEqual([{ user_id: other }]);
    await expect(
      runScoped(db, { userId: other }, (tx) => tx.selectFrom('school_imports').selectAll().execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(
      runScoped(db, { userId: other }, (tx) => tx.insertInto('platform_admins').values({ user_id: someone }).execute()),
    ).rejects.toThrow(/permission denied/);
  });
});

describe('/platform/schools', () => {
  it('is not found for anyone but a platform administrator, and imports nothing for them', async () => {
    const before = await schools();
    for (const browser of [tenantAdmin, buyer]) {
      expect((await respond(() => loader(args(get('/platform/schools', browser))))).status).toBe(404);
      expect((await respond(() => action(args(upload(browser, csv(sample)))))).status).toBe(404);
    }
    expect(await schools()).toBe(before);
    const signedOut = await respond(() => loader(args(get('/platform/schools'))));
    expect(signedOut.status).toBe(302);
  });

  it('imports a good file and shows what was imported', async () => {
    const before = await schools();
    const posted = await respond(() => action(args(upload(platform, csv(sample)))));
    expect(posted.status).toBe(302);
    const location = posted.response!.headers.get('location')!;
    expect(location).toMatch(/^\/platform\/schools\?imported=[0-9a-f-]{36}$/);
    expect(await schools()).toBe(before + 389);

    const page = await respond(() => loader(args(get(location, platform))));
    expect(page.value).toMatchObject({
      schools: before + 389,
      justImported: { fileName: 'edubasealldata.csv', by: 'Platform administrator', total: 389, inserted: 389 },
    });

    // The same file again changes nothing, and is listed as such.
    const again = await respond(() => action(args(upload(platform, csv(sample)))));
    const second = await respond(() => loader(args(get(again.response!.headers.get('location')!, platform))));
    expect(second.value).toMatchObject({ justImported: { total: 389, inserted: 0, unchanged: 389 } });
    expect((second.value as { imports: unknown[] }).imports).toHaveLength(2);
  });

  it('lists every bad row of a bad file and imports nothing', async () => {
    const before = await schools();
    const lines = sample.toString('utf8').split('\n');
    lines[3] = lines[3]!.replace(/^"116089"/, '"abc"');
    lines[7] = lines[7]!.replace(/^"\d+"/, '""');
    const posted = await respond(() => action(args(upload(platform, csv(lines.join('\n'))))));
    expect(posted.status).toBe(400);
    const errors = (posted.value as { errors: { field: string; message: string }[] }).errors;
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.every((e) => e.field === 'file')).toBe(true);
    expect(errors[0]!.message).toMatch(/^Line 4\b/);
    expect(errors.some((e) => /^Line 8\b/.test(e.message))).toBe(true);
    expect(await schools()).toBe(before);
  });

  it('asks for a CSV file when none, an empty one or another kind is sent', async () => {
    const before = await schools();
    for (const file of [null, csv(''), csv(sample, 'schools.pdf')]) {
      const posted = await respond(() => action(args(upload(platform, file))));
      expect(posted.status).toBe(400);
      const errors = (posted.value as { errors: { field: string; message: string }[] }).errors;
      expect(errors).toHaveLength(1);
      expect(errors[0]!.field).toBe('file');
      expect(errors[0]!.message).toMatch(/CSV file/);
    }
    const notCsv = await respond(() => action(args(upload(platform, csv('%PDF-1.7\n1 0 obj << >>')))));
    expect(notCsv.status).toBe(400);
    expect(await schools()).toBe(before);
  });

  it('refuses an upload without the CSRF token', async () => {
    const before = await schools();
    const posted = await respond(() => action(args(upload(platform, csv(sample), { csrf: 'wrong' }))));
    expect(posted.status).toBe(403);
    expect(await schools()).toBe(before);
  });
});
