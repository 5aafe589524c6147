import { sql } from 'kysely';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import * as schoolPage from '../../app/routes/t.$tenant.schools.$urn';
import * as decidePage from '../../app/routes/t.$tenant.schools.$urn_.category';
import * as listPage from '../../app/routes/t.$tenant.schools._index';
import * as categoriesPage from '../../app/routes/t.$tenant.schools.categories';
import * as reviewPage from '../../app/routes/t.$tenant.schools.review';
import { currentPlacementYear } from '../../app/improvement/categories.server';
import { get, asUser, ownerDb, post, respond, twoTenants, type Browser, type TestTenant } from '../setup/fixtures';
import { routeData } from '../setup/route-data';

const remix = routeData();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const ALPHA_SCHOOL = 900001;
const YEAR = currentPlacementYear();

let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: Browser;
let betaAdmin: Browser;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId);
  betaAdmin = await asUser(beta.adminId);
  const db = await ownerDb();
  await sql`insert into ks2_results (urn, academic_year, source, eligible_pupils, ptrwm_exp, read_prog, writ_prog, mat_prog)
            values (${ALPHA_SCHOOL}, 2025, 'year_file', 58, 58, 0.1, 0.2, 0.3)`.execute(db);
});

const decide = (fields: Record<string, string>, browser = alphaAdmin, slug = 'alpha', urn = ALPHA_SCHOOL) =>
  respond(() =>
    decidePage.action(
      args(post(`/t/${slug}/schools/${urn}/category`, { academicYear: String(YEAR), ...fields }, browser), {
        tenant: slug,
        urn: String(urn),
      }),
    ),
  );
const placements = async () =>
  (await ownerDb())
    .selectFrom('support_placements as p')
    .innerJoin('support_categories as c', 'c.id', 'p.category_id')
    .select([
      'p.id',
      'p.tenant_id',
      'p.urn',
      'p.academic_year',
      'c.level',
      'p.reason',
      'p.supersedes',
      'p.suggested_level',
    ])
    .orderBy('p.decided_at')
    .execute();
const render = (component: () => unknown, loaderData: unknown, actionData: unknown = undefined) => {
  remix.loaderData = loaderData;
  remix.actionData = actionData;
  return renderToStaticMarkup(createElement(component as never));
};

describe('categories of support', () => {
  it('gives a council the default categories on first use, and saves its own names and days, audited', async () => {
    const shown = await respond(() =>
      categoriesPage.loader(args(get('/t/alpha/schools/categories', alphaAdmin), { tenant: 'alpha' })),
    );
    expect(shown.status).toBe(200);
    const { categories } = shown.value as { categories: Array<{ level: string; name: string; fundedDays: number }> };
    expect(categories.map((c) => [c.level, c.name, c.fundedDays])).toEqual([
      ['intensive', 'Intensive', 10],
      ['targeted', 'Targeted', 5],
      ['universal', 'Universal', 1],
    ]);
    const fields = {
      'intensive-name': 'Red',
      'intensive-description': 'Most help',
      'intensive-days': '12',
      'targeted-name': 'Amber',
      'targeted-description': '',
      'targeted-days': '5',
      'universal-name': 'Universal',
      'universal-description': 'Core',
      'universal-days': '1',
    };
    const saved = await respond(() =>
      categoriesPage.action(args(post('/t/alpha/schools/categories', fields, alphaAdmin), { tenant: 'alpha' })),
    );
    expect(saved.status).toBe(302);
    const rows = await (
      await ownerDb()
    )
      .selectFrom('support_categories')
      .select(['tenant_id', 'level', 'name', 'funded_days'])
      .where('tenant_id', '=', alpha.id)
      .orderBy('position')
      .execute();
    expect(rows.map((r) => [r.name, r.funded_days])).toEqual([
      ['Red', 12],
      ['Amber', 5],
      ['Universal', 1],
    ]);
    const audit = await (
      await ownerDb()
    )
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'support_category.changed')
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('refuses bad settings with an error summary and saves nothing', async () => {
    const bad = {
      'intensive-name': '',
      'intensive-days': 'ten',
      'targeted-name': 'Same',
      'targeted-days': '5',
      'universal-name': 'same',
      'universal-days': '999',
    };
    const result = await respond(() =>
      categoriesPage.action(args(post('/t/alpha/schools/categories', bad, alphaAdmin), { tenant: 'alpha' })),
    );
    expect(result.status).toBe(400);
    const errors = (result.value as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    // The second of two names the same (whatever the case) is the one in error.
    expect([...errors].sort()).toEqual(['intensive-days', 'intensive-name', 'universal-days', 'universal-name']);
    const html = render(categoriesPage.default, { slug: 'alpha', categories: [] }, result.value);
    expect(html).toContain('govuk-error-summary');
    expect(
      await (await ownerDb()).selectFrom('support_categories').select('name').where('name', '=', 'Same').execute(),
    ).toEqual([]);
  });

  it('suggests a category on the review page in words, and places and supersedes with history kept', async () => {
    const review = await respond(() =>
      reviewPage.loader(args(get('/t/alpha/schools/review', alphaAdmin), { tenant: 'alpha' })),
    );
    expect(review.status).toBe(200);
    const html = render(reviewPage.default, review.value);
    expect(html).toContain('58% met the expected standard in 2024/25, below your floor of 65%');
    expect(html).toContain('Not decided');
    expect(html).toContain(`/t/alpha/schools/${ALPHA_SCHOOL}/category?year=${YEAR}`);
    // Confirming the suggestion from the review page posts to the school's decision page.
    expect(html).toContain(`action="/t/alpha/schools/${ALPHA_SCHOOL}/category"`);
    expect(html).toContain('name="level" value="targeted"');
    expect(html).toContain(`id="reason-${ALPHA_SCHOOL}"`);

    const decidePageData = await respond(() =>
      decidePage.loader(
        args(get(`/t/alpha/schools/${ALPHA_SCHOOL}/category`, alphaAdmin), {
          tenant: 'alpha',
          urn: String(ALPHA_SCHOOL),
        }),
      ),
    );
    expect(decidePageData.status).toBe(200);
    expect(render(decidePage.default, decidePageData.value)).toContain('Suggested: Targeted — 58% met');

    expect(
      (await decide({ level: 'targeted', suggestedLevel: 'targeted', reason: 'Below the floor in 2024/25' })).status,
    ).toBe(302);
    expect(
      (await decide({ level: 'intensive', suggestedLevel: 'targeted', reason: 'New head; reading weak' })).status,
    ).toBe(302);
    const rows = await placements();
    expect(rows.map((r) => [r.level, r.reason, r.suggested_level])).toEqual([
      ['targeted', 'Below the floor in 2024/25', 'targeted'],
      ['intensive', 'New head; reading weak', 'targeted'],
    ]);
    expect(rows[1]!.supersedes).toBe(rows[0]!.id);
    expect(rows[0]!.supersedes).toBeNull();

    const page = await respond(() =>
      schoolPage.loader(
        args(get(`/t/alpha/schools/${ALPHA_SCHOOL}`, alphaAdmin), { tenant: 'alpha', urn: String(ALPHA_SCHOOL) }),
      ),
    );
    const school = render(schoolPage.default, page.value);
    expect(school).toContain('Category of support');
    expect(school).toContain('10 funded days of school improvement');
    expect(school).toContain('Targeted (superseded)');
    expect(school).toContain('New head; reading weak');
    expect(school).toContain(`/t/alpha/schools/${ALPHA_SCHOOL}/category?year=${YEAR}`);

    const audit = await (
      await ownerDb()
    )
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'support_category.placed')
      .orderBy('occurred_at')
      .execute();
    expect(audit).toHaveLength(2);

    const listed = await respond(() =>
      listPage.loader(args(get('/t/alpha/schools?category=intensive', alphaAdmin), { tenant: 'alpha' })),
    );
    expect((listed.value as { schools: Array<{ urn: number }> }).schools.map((s) => s.urn)).toEqual([ALPHA_SCHOOL]);
    const none = await respond(() =>
      listPage.loader(args(get('/t/alpha/schools?category=universal', alphaAdmin), { tenant: 'alpha' })),
    );
    expect((none.value as { schools: unknown[] }).schools).toEqual([]);
    const belowFloor = await respond(() =>
      listPage.loader(args(get('/t/alpha/schools?data=below_floor', alphaAdmin), { tenant: 'alpha' })),
    );
    expect((belowFloor.value as { schools: Array<{ urn: number }> }).schools.map((s) => s.urn)).toEqual([ALPHA_SCHOOL]);
  });

  it('refuses a blank reason with an error summary, saving nothing', async () => {
    const result = await decide({ level: 'targeted', reason: '   ' });
    expect(result.status).toBe(400);
    expect((result.value as { errors: Array<{ field: string; message: string }> }).errors).toEqual([
      { field: 'reason', message: 'Enter the reason for this category' },
    ]);
    const noLevel = await decide({ reason: 'A reason' });
    expect(noLevel.status).toBe(400);
    expect(await placements()).toEqual([]);
    const loaded = await respond(() =>
      decidePage.loader(
        args(get(`/t/alpha/schools/${ALPHA_SCHOOL}/category`, alphaAdmin), {
          tenant: 'alpha',
          urn: String(ALPHA_SCHOOL),
        }),
      ),
    );
    const html = render(decidePage.default, loaded.value, result.value);
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('href="#reason"');
  });

  it("answers 404 to another tenant for every new route, and for a school that is not the tenant's", async () => {
    const urn = String(ALPHA_SCHOOL);
    const statuses = [
      await respond(() =>
        categoriesPage.loader(args(get('/t/alpha/schools/categories', betaAdmin), { tenant: 'alpha' })),
      ),
      await respond(() =>
        categoriesPage.action(args(post('/t/alpha/schools/categories', {}, betaAdmin), { tenant: 'alpha' })),
      ),
      await respond(() => reviewPage.loader(args(get('/t/alpha/schools/review', betaAdmin), { tenant: 'alpha' }))),
      await respond(() =>
        decidePage.loader(args(get(`/t/alpha/schools/${urn}/category`, betaAdmin), { tenant: 'alpha', urn })),
      ),
      await decide({ level: 'targeted', reason: 'x' }, betaAdmin),
      // Beta's own tenant, alpha's school: not beta's school.
      await respond(() =>
        decidePage.loader(args(get(`/t/beta/schools/${urn}/category`, betaAdmin), { tenant: 'beta', urn })),
      ),
      await decide({ level: 'targeted', reason: 'x' }, betaAdmin, 'beta'),
      await decide({ level: 'targeted', reason: 'x' }, alphaAdmin, 'alpha', 999999),
    ];
    expect(statuses.map((s) => s.status)).toEqual(statuses.map(() => 404));
    expect(await placements()).toEqual([]);
  });

  it('shows no categories to a provider that is not a council', async () => {
    const db = await ownerDb();
    const kind = await db.selectFrom('tenants').select('kind').where('id', '=', alpha.id).executeTakeFirstOrThrow();
    expect(kind.kind).toBe('council');
    // A teaching school's tenant: the pages answer 404 and the school page has no category section.
    await sql`alter table tenants disable trigger user`.execute(db);
    try {
      await sql`update tenants set kind = 'teaching_school' where id = ${alpha.id}`.execute(db);
    } finally {
      await sql`alter table tenants enable trigger user`.execute(db);
    }
    const browser = await asUser(alpha.adminId);
    expect(
      (await respond(() => reviewPage.loader(args(get('/t/alpha/schools/review', browser), { tenant: 'alpha' }))))
        .status,
    ).toBe(404);
    const page = await respond(() =>
      schoolPage.loader(
        args(get(`/t/alpha/schools/${ALPHA_SCHOOL}`, browser), { tenant: 'alpha', urn: String(ALPHA_SCHOOL) }),
      ),
    );
    expect(page.status).toBe(200);
    expect((page.value as { support: unknown }).support).toBeNull();
  });
});

describe('the schools list', () => {
  it('filters by category, phase, data and contact officer with a GET form that works without JavaScript', async () => {
    const db = await ownerDb();
    await sql`insert into contact_officers (tenant_id, organisation_id, user_id)
              values (${alpha.id}, ${alpha.schoolOrganisationId}, ${alpha.adminId})`.execute(db);
    const list = async (query: string) => {
      const shown = await respond(() =>
        listPage.loader(args(get(`/t/alpha/schools${query}`, alphaAdmin), { tenant: 'alpha' })),
      );
      expect(shown.status, query).toBe(200);
      return shown.value as { schools: Array<{ urn: number }> };
    };
    const urns = async (query: string) => (await list(query)).schools.map((s) => s.urn);
    expect(await urns('')).toEqual([ALPHA_SCHOOL]);
    expect(await urns(`?officer=${alpha.adminId}`)).toEqual([ALPHA_SCHOOL]);
    expect(await urns('?officer=none')).toEqual([]);
    expect(await urns('?category=none')).toEqual([ALPHA_SCHOOL]);
    expect(await urns('?data=no_results')).toEqual([]);
    expect(await urns('?data=below_thresholds')).toEqual([ALPHA_SCHOOL]);
    expect(await urns('?phase=Nursery')).toEqual([]);
    // Nonsense in the query string is no filter, never an error page.
    expect(await urns('?category=purple&data=%3Cscript%3E&officer=1')).toEqual([ALPHA_SCHOOL]);
    const html = render(listPage.default, await list('?phase=Nursery'));
    expect(html).toContain('<form method="get"');
    expect(html).toContain('No schools match these filters.');
    expect(html).toContain('name="officer"');
    expect(html).toContain('name="category"');
    expect(html).toContain('/t/alpha/schools/review');
  });
});

describe('the database', () => {
  it('refuses to update or delete a placement, even for the owner', async () => {
    expect((await decide({ level: 'universal', reason: 'Doing well' })).status).toBe(302);
    const db = await ownerDb();
    await expect(sql`update support_placements set reason = 'changed'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from support_placements`.execute(db)).rejects.toThrow(/append-only/);
    expect((await placements()).map((r) => r.reason)).toEqual(['Doing well']);
  });

  it('refuses a second first decision, or two decisions superseding the same one, for a school and year', async () => {
    expect((await decide({ level: 'universal', reason: 'First' })).status).toBe(302);
    const [first] = await placements();
    const db = await ownerDb();
    const row = (supersedes: string | null) => sql`
      insert into support_placements (tenant_id, urn, academic_year, category_id, reason, decided_by, supersedes)
      select tenant_id, urn, academic_year, category_id, 'Raced', decided_by, ${supersedes}::uuid
        from support_placements where id = ${first!.id}`;
    await expect(row(null).execute(db)).rejects.toThrow(/support_placements_first/);
    expect((await decide({ level: 'targeted', reason: 'Second' })).status).toBe(302);
    await expect(row(first!.id).execute(db)).rejects.toThrow(/support_placements_tenant_id_supersedes_key/);
    expect((await placements()).map((r) => r.reason)).toEqual(['First', 'Second']);
  });
});
