import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import * as platformPage from '../../app/routes/platform.performance';
import * as schoolPage from '../../app/routes/t.$tenant.schools.$urn';
import * as listPage from '../../app/routes/t.$tenant.schools._index';
import * as thresholdsPage from '../../app/routes/t.$tenant.schools.thresholds';
import { ensurePlatformAdmin } from '../../db/queries/platform-admins';
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
import { routeData } from '../setup/route-data';

const remix = routeData();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const ALPHA_SCHOOL = 900001;
const BETA_SCHOOL = 900002;

let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: Browser;
let betaAdmin: Browser;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId);
  betaAdmin = await asUser(beta.adminId);
  const db = await ownerDb();
  await sql`insert into ks2_results (urn, academic_year, source, eligible_pupils, ptrwm_exp, ptrwm_high, read_prog, writ_prog, mat_prog)
            values (${ALPHA_SCHOOL}, 2023, 'year_file', 60, 62, 8, -5.4, 0.3, 1.2),
                   (${ALPHA_SCHOOL}, 2025, 'year_file', 58, 70, null, null, null, null),
                   (${BETA_SCHOOL}, 2025, 'year_file', 30, 90, 20, null, null, null)`.execute(db);
  await sql`insert into ofsted_inspections (urn, inspection_date, overall_effectiveness, quality_of_education)
            values (${ALPHA_SCHOOL}, '2019-05-01', 'good', 'good'),
                   (${ALPHA_SCHOOL}, '2025-03-04', null, 'requires_improvement')`.execute(db);
});

const schoolArgs = (browser: Browser, urn: string | number, slug = 'alpha') =>
  args(get(`/t/${slug}/schools/${urn}`, browser), { tenant: slug, urn: String(urn) });
const saveThresholds = (fields: Record<string, string>, browser = alphaAdmin, slug = 'alpha') =>
  respond(() => thresholdsPage.action(args(post(`/t/${slug}/schools/thresholds`, fields, browser), { tenant: slug })));
const thresholdRows = async () =>
  (await ownerDb())
    .selectFrom('improvement_thresholds')
    .select(['tenant_id', 'ptrwm_exp_floor', sql<number>`progress_limit::float8`.as('progress_limit')])
    .execute();

describe("a school's page", () => {
  it('shows results over the years against the default thresholds, as a chart and the same numbers in a table', async () => {
    const shown = await respond(() => schoolPage.loader(schoolArgs(alphaAdmin, ALPHA_SCHOOL)));
    expect(shown.status).toBe(200);
    remix.loaderData = shown.value;
    const html = renderToStaticMarkup(createElement(schoolPage.default));
    const svgs = [...html.matchAll(/<svg[^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) {
      const id = /id="([^"]+)"/.exec(svg)![1]!;
      expect(svg).toContain('role="img"');
      expect(svg).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
      expect(svg).toMatch(new RegExp(`<title id="${id}-title">[^<]+</title>`));
      expect(svg).toMatch(new RegExp(`<desc id="${id}-desc">[^<]+</desc>`));
    }
    expect(svgs[0]).toContain('Floor 65%');
    expect(svgs[0]).toContain('62%');
    expect(svgs[1]).toContain('Limit -5.0');
    expect(svgs[1]).toContain('-5.4');
    // The progress chart leaves out 2024/25, which has no progress scores.
    expect(svgs[1]).not.toContain('2024/25');
    expect(html).toContain('Key Stage 2 results by year');
    expect(html).toContain('Expected standard below the 65% floor');
    expect(html).toContain('Progress below -5.0 in reading');
    expect(html).toContain('No value');
    expect(html).toContain('Requires improvement');
    expect(html).toContain('No overall grade');
    expect(html).toContain('Open Government Licence v3.0');
  });

  it("is not found for another tenant's staff, at either tenant's address, unless the school is their customer", async () => {
    expect((await respond(() => schoolPage.loader(schoolArgs(betaAdmin, ALPHA_SCHOOL)))).status).toBe(404);
    expect((await respond(() => schoolPage.loader(schoolArgs(betaAdmin, ALPHA_SCHOOL, 'beta')))).status).toBe(404);
    await sql`insert into customer_accounts (tenant_id, organisation_id, customer_class, settlement_method)
              values (${beta.id}, ${alpha.schoolOrganisationId}, 'other_la_school', 'invoice')`.execute(
      await ownerDb(),
    );
    expect((await respond(() => schoolPage.loader(schoolArgs(betaAdmin, ALPHA_SCHOOL, 'beta')))).status).toBe(200);
  });

  it('is not found for a URN that is not a number or not a school', async () => {
    for (const urn of ['abc', '0', '999999', '1e5', '-900001'])
      expect((await respond(() => schoolPage.loader(schoolArgs(alphaAdmin, urn)))).status, urn).toBe(404);
  });

  it('is for staff who work with schools: a practitioner sees it, finance does not', async () => {
    const practitioner = await createUser('practitioner@alpha.example');
    await addMember(alpha.id, practitioner, 'practitioner');
    const asPractitioner = await asUser(practitioner);
    expect((await respond(() => schoolPage.loader(schoolArgs(asPractitioner, ALPHA_SCHOOL)))).status).toBe(200);
    const asFinance = await asUser(alpha.financeId);
    expect((await respond(() => schoolPage.loader(schoolArgs(asFinance, ALPHA_SCHOOL)))).status).toBe(403);
    expect((await saveThresholds({ ptrwmExpFloor: '60', progressLimit: '-4.0' }, asPractitioner)).status).toBe(403);
  });
});

describe('the schools list', () => {
  it("lists the tenant's own schools with their latest results, and none of another area's", async () => {
    const shown = await respond(() => listPage.loader(args(get('/t/alpha/schools', alphaAdmin), { tenant: 'alpha' })));
    const { schools } = shown.value as Awaited<ReturnType<typeof listPage.loader>>;
    expect(schools.map((s) => [s.urn, s.ks2Year, s.ptrwmExp, s.concerns.length])).toEqual([
      [ALPHA_SCHOOL, 2025, 70, 0],
    ]);
    remix.loaderData = shown.value;
    const html = renderToStaticMarkup(createElement(listPage.default));
    expect(html).toContain(`href="/t/alpha/schools/${ALPHA_SCHOOL}"`);
    expect(html).toContain('Open Government Licence v3.0');
    expect(
      (await respond(() => listPage.loader(args(get('/t/alpha/schools', betaAdmin), { tenant: 'alpha' })))).status,
    ).toBe(404);
  });
});

describe('thresholds', () => {
  it('are set by the tenant, audited, and the school page reads against them', async () => {
    expect((await saveThresholds({ ptrwmExpFloor: '75', progressLimit: '-6.0' })).status).toBe(302);
    expect(await thresholdRows()).toEqual([{ tenant_id: alpha.id, ptrwm_exp_floor: 75, progress_limit: -6 }]);
    const audit = await sql<{ action: string }>`
      select action from audit_events where tenant_id = ${alpha.id} and action = 'improvement_thresholds.changed'`.execute(
      await ownerDb(),
    );
    expect(audit.rows).toHaveLength(1);
    const page = await respond(() => schoolPage.loader(schoolArgs(alphaAdmin, ALPHA_SCHOOL)));
    remix.loaderData = page.value;
    const html = renderToStaticMarkup(createElement(schoolPage.default));
    expect(html).toContain('Expected standard below the 75% floor');
    expect(html).not.toContain('Progress below');
    // The same values again change nothing and audit nothing.
    await saveThresholds({ ptrwmExpFloor: '75', progressLimit: '-6.0' });
    const again = await sql<{ n: number }>`
      select count(*)::int as n from audit_events where action = 'improvement_thresholds.changed'`.execute(
      await ownerDb(),
    );
    expect(again.rows[0]!.n).toBe(1);
  });

  it('name the field and the problem for bad input, and save nothing', async () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ ptrwmExpFloor: '101', progressLimit: '-5.0' }, 'ptrwmExpFloor', /100% or less/],
      [{ ptrwmExpFloor: 'sixty', progressLimit: '-5.0' }, 'ptrwmExpFloor', /whole number/],
      [{ ptrwmExpFloor: '', progressLimit: '-5.0' }, 'ptrwmExpFloor', /Enter the floor/],
      [{ ptrwmExpFloor: '65', progressLimit: 'low' }, 'progressLimit', /one decimal place/],
      [{ ptrwmExpFloor: '65', progressLimit: '-25.0' }, 'progressLimit', /between -20.0 and 20.0/],
    ];
    for (const [fields, field, message] of cases) {
      const result = await saveThresholds(fields);
      expect(result.status, JSON.stringify(fields)).toBe(400);
      const { errors } = result.value as { errors: Array<{ field?: string; message: string }> };
      expect(errors.find((e) => e.field === field)?.message).toMatch(message);
    }
    expect(await thresholdRows()).toEqual([]);
  });

  it('of one tenant cannot be read or set by another', async () => {
    expect((await saveThresholds({ ptrwmExpFloor: '50', progressLimit: '-3.0' }, betaAdmin)).status).toBe(404);
    expect(
      (
        await respond(() =>
          thresholdsPage.loader(args(get('/t/alpha/schools/thresholds', betaAdmin), { tenant: 'alpha' })),
        )
      ).status,
    ).toBe(404);
    await saveThresholds({ ptrwmExpFloor: '80', progressLimit: '-2.0' });
    const own = await respond(() =>
      thresholdsPage.loader(args(get('/t/beta/schools/thresholds', betaAdmin), { tenant: 'beta' })),
    );
    expect(own.value).toMatchObject({ thresholds: { ptrwmExpFloor: 65, progressLimit: -5, setByTenant: false } });
  });
});

describe('/platform/performance', () => {
  const southampton = readFileSync(new URL('../../reference/performance/ks2-2024-25-southampton.csv', import.meta.url));
  const upload = (
    browser: Browser,
    fields: Record<string, string>,
    bytes?: Uint8Array,
    name = 'england_ks2final.csv',
  ) => {
    const body = new FormData();
    body.set('csrf', browser.csrf);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    if (bytes) body.set('file', new File([new Uint8Array(bytes)], name, { type: 'text/csv' }));
    return new Request('http://localhost/platform/performance', {
      method: 'POST',
      body,
      headers: { cookie: browser.cookie },
    });
  };
  let platform: Browser;
  beforeEach(async () => {
    const adminId = await createUser('platform@traded.example', 'Platform administrator');
    await ensurePlatformAdmin(await ownerDb(), adminId);
    platform = await asUser(adminId);
    // Two real Southampton schools of the file, in the schools list.
    await sql`insert into schools (urn, la_code, name, type_group, status)
              values (116090, '852', 'Bitterne Park Primary School', 'la_maintained', 'Open'),
                     (116622, '852', 'The Cedar School', 'special', 'Open')`.execute(await ownerDb());
  });
  const results = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ks2_results where urn in (116090, 116622)`.execute(
        await ownerDb(),
      )
    ).rows[0]!.n;

  it('is not found for anyone but a platform administrator, who imports nothing', async () => {
    for (const browser of [alphaAdmin, await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`)]) {
      expect((await respond(() => platformPage.loader(args(get('/platform/performance', browser))))).status).toBe(404);
      expect(
        (await respond(() => platformPage.action(args(upload(browser, { kind: 'ks2' }, southampton))))).status,
      ).toBe(404);
    }
    expect(await results()).toBe(0);
  });

  it('imports the real file and says what it did; again, it changes nothing', async () => {
    const first = await respond(() =>
      platformPage.action(args(upload(platform, { kind: 'ks2', academicYear: '' }, southampton))),
    );
    expect(first.status).toBe(200);
    expect(first.value).toMatchObject({
      summary: {
        kind: 'ks2',
        years: ['2024/25', '2023/24', '2022/23'],
        schoolRows: 27,
        unknownUrns: 25,
        summaryRows: 0,
        unchanged: 0,
      },
    });
    const imported = await results();
    expect(imported).toBeGreaterThanOrEqual(5);
    remix.actionData = first.value;
    remix.loaderData = (await respond(() => platformPage.loader(args(get('/platform/performance', platform))))).value;
    const html = renderToStaticMarkup(createElement(platformPage.default));
    expect(html).toContain('england_ks2final.csv imported');
    expect(html).toContain('25 skipped because the URN is not in the schools list');
    const again = await respond(() => platformPage.action(args(upload(platform, { kind: 'ks2' }, southampton))));
    expect(again.value).toMatchObject({ summary: { imported: 0, unchanged: imported } });
    expect(await results()).toBe(imported);
  });

  it('lists the wrong rows and imports nothing; refuses a missing file or a year that is not one', async () => {
    const bad = new TextEncoder().encode(southampton.toString('utf8').replace(/,58%,2%,/, ',158%,2%,'));
    const refused = await respond(() => platformPage.action(args(upload(platform, { kind: 'ks2' }, bad))));
    expect(refused.status).toBe(400);
    expect((refused.value as { errors: Array<{ message: string }> }).errors[0]!.message).toBe(
      'Line 2 (URN 131839): PTRWM_EXP is 158%, more than 100%',
    );
    expect(await results()).toBe(0);
    const noFile = await respond(() => platformPage.action(args(upload(platform, { kind: 'ks2' }))));
    expect(noFile.status).toBe(400);
    const badYear = await respond(() =>
      platformPage.action(args(upload(platform, { kind: 'ks2', academicYear: '2022/24' }, southampton))),
    );
    expect((badYear.value as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('academicYear');
    const wrongYear = await respond(() =>
      platformPage.action(args(upload(platform, { kind: 'ks2', academicYear: '2022/23' }, southampton))),
    );
    expect((wrongYear.value as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(/for 2024\/25/);
    expect(await results()).toBe(0);
  });
});
