import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  countSchools,
  ensurePlatformAdmin,
  insertSchoolImport,
  recordSchoolImportProgress,
} from '../../db/queries/platform-admins';
import {
  forgetImportProgress,
  importSettled,
  trackImportProgress,
} from '../../app/platform/school-import-progress.server';
import { IMPORT_INTERRUPTED, stopInterruptedImports } from '../../app/platform/upload-schools.server';
import * as importPage from '../../app/routes/platform.schools_.imports.$importId';
import { checkSchoolsFile, saveSchools } from '../../app/schools/import-schools.server';
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
const importArgs = (importId: string, browser: Browser) => ({
  request: get(`/platform/schools/imports/${importId}`, browser),
  params: { importId },
  context: {},
});

let platform: Browser;
let platformId: string;
let tenantAdmin: Browser;
let buyer: Browser;

beforeEach(async () => {
  const { alpha } = await twoTenants();
  const adminId = await createUser('platform@traded.example', 'Platform administrator');
  await ensurePlatformAdmin(await ownerDb(), adminId);
  platform = await asUser(adminId);
  platformId = adminId;
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
    expect(location).toMatch(/^\/platform\/schools\/imports\/[0-9a-f-]{36}$/);
    const importId = location.split('/').pop()!;
    await importSettled(importId);
    expect(await schools()).toBe(before + 389);

    const page = await respond(() => importPage.loader(importArgs(importId, platform)));
    expect(page.value).toMatchObject({
      status: 'imported',
      fileName: 'edubasealldata.csv',
      by: 'Platform administrator',
      total: 389,
      inserted: 389,
      percentDone: 100,
    });
    const overview = await respond(() => loader(args(get('/platform/schools', platform))));
    expect(overview.value).toMatchObject({ schools: before + 389, imports: [{ id: importId, status: 'imported' }] });

    // The same file again changes nothing, and is listed as such.
    const again = await respond(() => action(args(upload(platform, csv(sample)))));
    const secondId = again.response!.headers.get('location')!.split('/').pop()!;
    await importSettled(secondId);
    const second = await respond(() => importPage.loader(importArgs(secondId, platform)));
    expect(second.value).toMatchObject({ status: 'imported', total: 389, inserted: 0, unchanged: 389 });
    const listed = await respond(() => loader(args(get('/platform/schools', platform))));
    expect((listed.value as { imports: unknown[] }).imports).toHaveLength(2);
  });

  it('shows how far a running import has got, and an import cut off by a restart as stopped with nothing saved', async () => {
    const db = await ownerDb();
    const before = await schools();
    const importId = await insertSchoolImport(db, { importedBy: platformId, fileName: 'big.csv', total: 50 });
    const report = trackImportProgress(importId, 100);
    report(40, 100);
    const running = await respond(() => importPage.loader(importArgs(importId, platform)));
    expect(running.value).toMatchObject({ status: 'importing', percentDone: 40, total: 50 });
    forgetImportProgress(importId);

    // The server restarts: the background save is gone, and so is anything it had not committed.
    expect(await stopInterruptedImports(db)).toBe(1);
    const stopped = await respond(() => importPage.loader(importArgs(importId, platform)));
    expect(stopped.value).toMatchObject({ status: 'stopped', stoppedReason: IMPORT_INTERRUPTED, percentDone: 0 });
    expect(await schools()).toBe(before);
  });

  it('shows the progress another server process recorded for an import it is saving, and shares its own a whole percent at a time', async () => {
    const db = await ownerDb();
    const importId = await insertSchoolImport(db, { importedBy: platformId, fileName: 'big.csv', total: 50 });
    const percentOnPage = async () =>
      ((await respond(() => importPage.loader(importArgs(importId, platform)))).value as { percentDone: number })
        .percentDone;
    // Not running in this process: the page shows what the process saving it recorded, which only goes up.
    expect(await percentOnPage()).toBe(0);
    await recordSchoolImportProgress(db, importId, 29);
    expect(await percentOnPage()).toBe(29);
    await recordSchoolImportProgress(db, importId, 12);
    expect(await percentOnPage()).toBe(29);

    // The process saving it passes on each whole percent reached, once.
    const shared: number[] = [];
    const report = trackImportProgress(importId, 200, async (percent) => {
      shared.push(percent);
      await recordSchoolImportProgress(db, importId, percent);
    });
    for (const done of [1, 61, 62, 63, 120, 200]) report(done, 200);
    await report.shared();
    expect(shared).toEqual([30, 31, 60, 100]);
    forgetImportProgress(importId);
    expect(await percentOnPage()).toBe(100);

    // A recorded figure never outlives the import.
    await stopInterruptedImports(db);
    await recordSchoolImportProgress(db, importId, 100);
    expect(await percentOnPage()).toBe(0);
  });

  it('reports progress while saving, batch by batch, up to every row', async () => {
    const checked = checkSchoolsFile(sample);
    if (!checked.ok) throw new Error('the sample file should be good');
    const seen: Array<[number, number]> = [];
    await saveSchools(await ownerDb(), checked.schools, (done, of) => seen.push([done, of]));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every(([, of]) => of === 389 * 2)).toBe(true);
    expect(seen.map(([done]) => done)).toEqual([...seen.map(([done]) => done)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual([778, 778]);
  });

  it('an import page is not found for anyone but a platform administrator, nor for an unknown id', async () => {
    const posted = await respond(() => action(args(upload(platform, csv(sample)))));
    const importId = posted.response!.headers.get('location')!.split('/').pop()!;
    await importSettled(importId);
    for (const browser of [tenantAdmin, buyer])
      expect((await respond(() => importPage.loader(importArgs(importId, browser)))).status).toBe(404);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id'])
      expect((await respond(() => importPage.loader(importArgs(id, platform)))).status).toBe(404);
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
