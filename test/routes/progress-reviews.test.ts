import { sql } from 'kysely';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import * as decidePage from '../../app/routes/t.$tenant.schools.$urn_.category';
import * as reviewPage from '../../app/routes/t.$tenant.schools.$urn_.reviews.$reviewId';
import * as newReviewPage from '../../app/routes/t.$tenant.schools.$urn_.reviews.new';
import { currentPlacementYear } from '../../app/improvement/categories.server';
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
const SCHOOL = 900001;
const YEAR = currentPlacementYear();
// The first day of the current academic year: always today or in the past.
const MET_ON = `${YEAR - 1}-09-01`;
const parts = (iso: string, name: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

let alpha: TestTenant;
let beta: TestTenant;
let alphaAdmin: Browser;
let betaAdmin: Browser;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  alphaAdmin = await asUser(alpha.adminId);
  betaAdmin = await asUser(beta.adminId);
});

const place = async (level: string, year = YEAR) => {
  const placed = await respond(() =>
    decidePage.action(
      args(
        post(`/t/alpha/schools/${SCHOOL}/category`, { academicYear: String(year), level, reason: 'Test' }, alphaAdmin),
        { tenant: 'alpha', urn: String(SCHOOL) },
      ),
    ),
  );
  expect(placed.status).toBe(302);
};

const reviewFields = (extra: Record<string, string> = {}) => ({
  ...parts(MET_ON, 'metOn'),
  attendees: 'Head, chair of governors, council adviser',
  reviewed: 'Reading plan; phonics evidence',
  'action-1': 'Phonics training for year 1 staff',
  'owner-1': 'Head',
  ...parts(`${YEAR}-01-31`, 'due-1'),
  'action-3': 'Governors visit reading lessons',
  'owner-3': 'Chair of governors',
  ...parts(`${YEAR}-03-31`, 'due-3'),
  ...extra,
});

const record = (fields: Record<string, string>, browser = alphaAdmin, slug = 'alpha', urn = SCHOOL) =>
  respond(() =>
    newReviewPage.action(
      args(post(`/t/${slug}/schools/${urn}/reviews/new`, fields, browser), { tenant: slug, urn: String(urn) }),
    ),
  );

const reviews = async () =>
  (await ownerDb()).selectFrom('progress_reviews').selectAll().orderBy('recorded_at').execute();
const actions = async () =>
  (await ownerDb()).selectFrom('progress_review_actions').selectAll().orderBy('position').execute();

const render = (component: () => unknown, loaderData: unknown, actionData: unknown = undefined) => {
  remix.loaderData = loaderData;
  remix.actionData = actionData;
  return renderToStaticMarkup(createElement(component as never));
};

const reviewIdFrom = (location: string | null) => /\/reviews\/([0-9a-f-]{36})/.exec(location ?? '')![1]!;

const complete = (reviewId: string, fields: Record<string, string>, browser = alphaAdmin, slug = 'alpha') =>
  respond(() =>
    reviewPage.action(
      args(post(`/t/${slug}/schools/${SCHOOL}/reviews/${reviewId}`, fields, browser), {
        tenant: slug,
        urn: String(SCHOOL),
        reviewId,
      }),
    ),
  );

describe('progress review groups', () => {
  it('records a review with its actions (blank rows ignored), audited, and shows it', async () => {
    await place('targeted');
    const shownNew = await respond(() =>
      newReviewPage.loader(
        args(get(`/t/alpha/schools/${SCHOOL}/reviews/new`, alphaAdmin), { tenant: 'alpha', urn: String(SCHOOL) }),
      ),
    );
    expect(shownNew.status).toBe(200);
    const form = render(newReviewPage.default, shownNew.value);
    expect(form).toContain('Targeted support in');
    expect(form).toContain('name="action-5"');

    const saved = await record(reviewFields());
    expect(saved.status).toBe(302);
    const id = reviewIdFrom(saved.response!.headers.get('location'));
    const [review] = await reviews();
    expect(review).toMatchObject({
      tenant_id: alpha.id,
      urn: SCHOOL,
      academic_year: YEAR,
      reviewed: 'Reading plan; phonics evidence',
    });
    expect((await actions()).map((a) => [a.position, a.action, a.owner, String(a.due_on).slice(0, 10)])).toEqual([
      [1, 'Phonics training for year 1 staff', 'Head', `${YEAR}-01-31`],
      [2, 'Governors visit reading lessons', 'Chair of governors', `${YEAR}-03-31`],
    ]);
    const audit = await (
      await ownerDb()
    )
      .selectFrom('audit_events')
      .select(['action', 'subject_id'])
      .where('action', '=', 'progress_review.recorded')
      .execute();
    expect(audit).toEqual([{ action: 'progress_review.recorded', subject_id: String(SCHOOL) }]);

    const shown = await respond(() =>
      reviewPage.loader(
        args(get(`/t/alpha/schools/${SCHOOL}/reviews/${id}?recorded=1`, alphaAdmin), {
          tenant: 'alpha',
          urn: String(SCHOOL),
          reviewId: id,
        }),
      ),
    );
    expect(shown.status).toBe(200);
    const html = render(reviewPage.default, shown.value);
    expect(html).toContain('The progress review group has been recorded');
    expect(html).toContain('Phonics training for year 1 staff');
    expect(html).toContain('Mark action 2 complete');
  });

  it('refuses a school in universal support or none, saying so in words, and the database refuses it too', async () => {
    const none = await record(reviewFields());
    expect(none.status).toBe(400);
    expect((none.value as { errors: Array<{ field: string; message: string }> }).errors).toEqual([
      {
        field: 'metOn',
        message: expect.stringMatching(
          /^alpha primary school is not in intensive or targeted support for \d{4}\/\d{2} \(it has no category of support for that year\)/,
        ),
      },
    ]);
    const loaded = await respond(() =>
      newReviewPage.loader(
        args(get(`/t/alpha/schools/${SCHOOL}/reviews/new`, alphaAdmin), { tenant: 'alpha', urn: String(SCHOOL) }),
      ),
    );
    expect(render(newReviewPage.default, loaded.value)).toContain(
      'is not in intensive or targeted support in any year',
    );

    await place('universal');
    const universal = await record(reviewFields());
    expect(universal.status).toBe(400);
    expect(JSON.stringify(universal.value)).toContain('(it is in Universal)');
    // Intensive last year is not this year.
    await place('intensive', YEAR - 1);
    expect((await record(reviewFields())).status).toBe(400);
    expect(await reviews()).toEqual([]);

    const db = await ownerDb();
    await expect(
      sql`insert into progress_reviews (tenant_id, urn, academic_year, met_on, attendees, reviewed, recorded_by)
          values (${alpha.id}, ${SCHOOL}, ${YEAR}, ${MET_ON}, 'x', 'y', ${alpha.adminId})`.execute(db),
    ).rejects.toThrow(/intensive or targeted support/);
  });

  it('names the row of an action missing its owner or date, and saves nothing', async () => {
    await place('intensive');
    const result = await record(
      reviewFields({
        'owner-1': '',
        'action-2': '',
        'owner-2': 'Someone',
        'action-4': 'Lesson study',
        'owner-4': 'Deputy',
        'due-4-day': '31',
        'due-4-month': '2',
        'due-4-year': String(YEAR),
        attendees: ' ',
      }),
    );
    expect(result.status).toBe(400);
    const errors = (result.value as { errors: Array<{ field: string; message: string }> }).errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'attendees', message: 'Enter who attended' },
        { field: 'owner-1', message: 'Enter who owns action 1' },
        { field: 'action-2', message: 'Enter action 2, or clear its owner and due date' },
        { field: 'due-2', message: 'Enter the date action 2 is due' },
        { field: 'due-4', message: 'The date action 4 is due must be a real date' },
      ]),
    );
    expect(errors).toHaveLength(5);
    const loaded = await respond(() =>
      newReviewPage.loader(
        args(get(`/t/alpha/schools/${SCHOOL}/reviews/new`, alphaAdmin), { tenant: 'alpha', urn: String(SCHOOL) }),
      ),
    );
    const html = render(newReviewPage.default, loaded.value, result.value);
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('href="#owner-1"');
    expect(html).toContain('Lesson study');
    expect(await reviews()).toEqual([]);
    expect(await actions()).toEqual([]);
  });

  it('completes an action once, audited; a second completion is told who did it; the database agrees', async () => {
    await place('targeted');
    const id = reviewIdFrom((await record(reviewFields())).response!.headers.get('location'));
    const blank = await complete(id, { position: '1' });
    expect(blank.status).toBe(400);
    expect((blank.value as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['completedOn-1']);
    const early = await complete(id, { position: '1', ...parts(`${YEAR - 2}-01-01`, 'completedOn-1') });
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.value)).toContain('on or after the date the group met');

    const done = await complete(id, {
      position: '1',
      ...parts(MET_ON, 'completedOn-1'),
      'note-1': 'All staff trained',
    });
    expect(done.status).toBe(302);
    expect(done.response!.headers.get('location')).toBe(`/t/alpha/schools/${SCHOOL}/reviews/${id}?completed=1`);
    const again = await complete(id, { position: '1', ...parts(MET_ON, 'completedOn-1') });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.value)).toContain('Action 1 was already marked complete by alpha admin');
    const [first, second] = await actions();
    expect(first).toMatchObject({ completion_note: 'All staff trained', completed_by: alpha.adminId });
    expect(second!.completed_on).toBeNull();
    expect((await complete(id, { position: '9', ...parts(MET_ON, 'completedOn-9') })).status).toBe(404);

    const db = await ownerDb();
    await expect(
      sql`update progress_review_actions set completion_note = 'changed' where position = 1`.execute(db),
    ).rejects.toThrow(/already completed/);
    await expect(
      sql`update progress_review_actions set owner = 'Other' where position = 2`.execute(db),
    ).rejects.toThrow(/only changes when it is completed/);
    await expect(sql`delete from progress_review_actions`.execute(db)).rejects.toThrow(/never deleted/);
    await expect(sql`update progress_reviews set reviewed = 'edited'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from progress_reviews`.execute(db)).rejects.toThrow(/append-only/);
    await expect(
      sql`insert into progress_review_actions (tenant_id, review_id, position, action, owner, due_on)
          values (${alpha.id}, ${id}, 9, 'Late addition', 'Head', ${MET_ON})`.execute(db),
    ).rejects.toThrow(/recorded with their progress review/);
    const audit = await db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'progress_review.action_completed')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('lets a practitioner read a review but not record one or complete an action', async () => {
    await place('targeted');
    const id = reviewIdFrom((await record(reviewFields())).response!.headers.get('location'));
    const practitionerId = await createUser('adviser@alpha.example', 'Alpha adviser');
    await addMember(alpha.id, practitionerId, 'practitioner');
    const practitioner = await asUser(practitionerId);
    const read = await respond(() =>
      reviewPage.loader(
        args(get(`/t/alpha/schools/${SCHOOL}/reviews/${id}`, practitioner), {
          tenant: 'alpha',
          urn: String(SCHOOL),
          reviewId: id,
        }),
      ),
    );
    expect(read.status).toBe(200);
    const html = render(reviewPage.default, read.value);
    expect(html).toContain('Phonics training for year 1 staff');
    expect(html).not.toContain('Mark action 1 complete');
    expect((await record(reviewFields(), practitioner)).status).toBe(403);
    expect((await complete(id, { position: '1', ...parts(MET_ON, 'completedOn-1') }, practitioner)).status).toBe(403);
    expect(await reviews()).toHaveLength(1);
  });

  it('answers 404 to another tenant on every review route, and to a review under another school', async () => {
    await place('targeted');
    const id = reviewIdFrom((await record(reviewFields())).response!.headers.get('location'));
    const urn = String(SCHOOL);
    const statuses = [
      await respond(() =>
        newReviewPage.loader(args(get(`/t/alpha/schools/${urn}/reviews/new`, betaAdmin), { tenant: 'alpha', urn })),
      ),
      await record(reviewFields(), betaAdmin),
      await record(reviewFields(), betaAdmin, 'beta'),
      await respond(() =>
        reviewPage.loader(
          args(get(`/t/alpha/schools/${urn}/reviews/${id}`, betaAdmin), { tenant: 'alpha', urn, reviewId: id }),
        ),
      ),
      await respond(() =>
        reviewPage.loader(
          args(get(`/t/beta/schools/${urn}/reviews/${id}`, betaAdmin), { tenant: 'beta', urn, reviewId: id }),
        ),
      ),
      await respond(() =>
        reviewPage.loader(
          args(get(`/t/beta/schools/900002/reviews/${id}`, betaAdmin), { tenant: 'beta', urn: '900002', reviewId: id }),
        ),
      ),
      await complete(id, { position: '1', ...parts(MET_ON, 'completedOn-1') }, betaAdmin),
      await complete(id, { position: '1', ...parts(MET_ON, 'completedOn-1') }, betaAdmin, 'beta'),
      await respond(() =>
        reviewPage.loader(
          args(get(`/t/alpha/schools/${urn}/reviews/not-a-uuid`, alphaAdmin), {
            tenant: 'alpha',
            urn,
            reviewId: 'not-a-uuid',
          }),
        ),
      ),
    ];
    expect(statuses.map((s) => s.status)).toEqual(statuses.map(() => 404));
    expect((await actions()).every((a) => a.completed_on === null)).toBe(true);
    expect(beta.id).not.toBe(alpha.id);
  });
});
