import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import * as calendar from '../../app/routes/t.$tenant.calendar';
import { instalmentScheduleIn } from '../../app/calendar/line-instalments.server';
import { defaultTerms } from '../../app/calendar/terms';
import { findYearKindDefault, listTermDates, upsertTermDates } from '../../db/queries/calendar';
import { withTenant } from '../../db/scope.server';
import {
  addMember,
  asUser,
  createUser,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  useToday,
  type TestTenant,
} from '../setup/fixtures';

// In the 2025/26 academic year: the page looks after 2025/26 and 2026/27.
useToday('2026-03-02');

let alpha: TestTenant;
let beta: TestTenant;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
});

const args = (request: Request, tenant = 'alpha') => ({ request, params: { tenant }, context: {} });

/** The posted fields of a year's six date inputs. */
function termFields(academicYear: number, dates: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = { intent: 'terms', academicYear: String(academicYear) };
  for (const [field, iso] of Object.entries(dates)) {
    const [year, month, day] = iso.split('-');
    fields[`${field}-day`] = day ?? '';
    fields[`${field}-month`] = month ?? '';
    fields[`${field}-year`] = year ?? '';
  }
  return fields;
}

const OWN_2026 = {
  autumnStart: '2026-09-02',
  autumnEnd: '2026-12-18',
  springStart: '2027-01-05',
  springEnd: '2027-03-26',
  summerStart: '2027-04-12',
  summerEnd: '2027-07-21',
};

const YEAR_KINDS = {
  intent: 'yearKinds',
  own_maintained: 'academic',
  academy: 'academic',
  other_la_school: 'financial',
  partner_council: 'financial',
  independent_other: 'financial',
};

async function storedTermRows() {
  return (await ownerDb()).selectFrom('term_dates').selectAll().execute();
}

async function auditActions(tenantId: string) {
  const rows = await (
    await ownerDb()
  )
    .selectFrom('audit_events')
    .select(['action', 'subject_id', 'detail'])
    .where('tenant_id', '=', tenantId)
    .where('action', 'like', 'calendar.%')
    .execute();
  return rows;
}

type Shown = Awaited<ReturnType<typeof calendar.loader>>;
type Refused = { errors: Array<{ field?: string; message: string }> };

describe('term dates', () => {
  it('shows the usual English dates for the current and next academic year until the provider sets its own', async () => {
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    const shown = (await respond(() => calendar.loader(args(get('/t/alpha/calendar', finance))))).value as Shown;
    expect(shown.canChange).toBe(true);
    expect(shown.years.map((y) => [y.academicYear, y.label, y.setByProvider])).toEqual([
      [2025, '2025/26 academic year', false],
      [2026, '2026/27 academic year', false],
    ]);
    expect(shown.years[0]!.terms).toEqual(defaultTerms(2025));
  });

  it('a finance officer saves a year of term dates; it is audited and shown as set by the provider', async () => {
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    const saved = await respond(() =>
      calendar.action(args(post('/t/alpha/calendar', termFields(2026, OWN_2026), finance))),
    );
    expect(saved.status).toBe(302);
    expect(saved.response!.headers.get('location')).toBe('/t/alpha/calendar?saved=2026');

    const stored = await withTenant({ tenantId: alpha.id }, (tx) => listTermDates(tx, alpha.id, [2025, 2026]));
    expect(stored).toEqual([
      {
        academicYear: 2026,
        autumn: { start: '2026-09-02', end: '2026-12-18' },
        spring: { start: '2027-01-05', end: '2027-03-26' },
        summer: { start: '2027-04-12', end: '2027-07-21' },
      },
    ]);
    const audit = await auditActions(alpha.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'calendar.term_dates_set', subject_id: '2026' });
    expect(audit[0]!.detail).toMatchObject({ before: defaultTerms(2026), after: stored[0] });

    const shown = (await respond(() => calendar.loader(args(get('/t/alpha/calendar', finance))))).value as Shown;
    expect(shown.years[1]).toMatchObject({ academicYear: 2026, setByProvider: true, terms: stored[0] });

    // Changing them again updates the one row.
    const again = termFields(2026, { ...OWN_2026, summerEnd: '2027-07-16' });
    expect((await respond(() => calendar.action(args(post('', again, finance))))).status).toBe(302);
    const rows = await storedTermRows();
    expect(rows.map((r) => [r.academic_year, r.summer_ends_on])).toEqual([[2026, '2027-07-16']]);
  });

  it.each([
    ['a term ending before it starts', { autumnEnd: '2026-08-30' }, 'autumnEnd'],
    [
      'a term ending before it starts, inside the year',
      { autumnStart: '2026-12-18', autumnEnd: '2026-09-02' },
      'autumnEnd',
    ],
    ['overlapping terms', { springStart: '2026-12-01' }, 'springStart'],
    ['a date outside the academic year', { summerEnd: '2027-09-03' }, 'summerEnd'],
    ['a start before 1 September', { autumnStart: '2026-08-31' }, 'autumnStart'],
  ])('refuses %s with a message on that date, and saves nothing', async (_, change, field) => {
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    const refused = await respond(() =>
      calendar.action(args(post('', termFields(2026, { ...OWN_2026, ...change }), finance))),
    );
    expect(refused.status).toBe(400);
    const errors = (refused.value as Refused).errors;
    expect(errors.map((e) => e.field)).toContain(field);
    expect(errors.every((e) => e.message.length > 10)).toBe(true);
    expect(await storedTermRows()).toEqual([]);
    expect(await auditActions(alpha.id)).toEqual([]);
  });

  it('refuses a date that does not exist, like 31 February, or an incomplete one, as GOV.UK date inputs do', async () => {
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    const fields = termFields(2026, OWN_2026);
    fields['springEnd-day'] = '31';
    fields['springEnd-month'] = '2';
    fields['summerStart-month'] = '';
    fields['summerEnd-day'] = '';
    fields['summerEnd-month'] = '';
    fields['summerEnd-year'] = '';
    fields['autumnEnd-month'] = 'December';
    const refused = await respond(() => calendar.action(args(post('', fields, finance))));
    expect(refused.status).toBe(400);
    expect((refused.value as Refused).errors).toEqual([
      { field: 'autumnEnd', message: 'The date the autumn term ends must be a real date' },
      { field: 'springEnd', message: 'The date the spring term ends must be a real date' },
      { field: 'summerStart', message: 'The date the summer term starts must include a month' },
      { field: 'summerEnd', message: 'Enter the date the summer term ends' },
    ]);
    expect(await storedTermRows()).toEqual([]);
  });

  it('only the current and next academic year can be set', async () => {
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    const shifted = Object.fromEntries(
      Object.entries(OWN_2026).map(([k, v]) => [k, `${Number(v.slice(0, 4)) + 1}${v.slice(4)}`]),
    );
    const refused = await respond(() => calendar.action(args(post('', termFields(2027, shifted), finance))));
    expect(refused.status).toBe(400);
    expect((refused.value as Refused).errors.map((e) => e.field)).toEqual(['academicYear']);
    expect(await storedTermRows()).toEqual([]);
  });

  it('the database refuses terms that end before they start, overlap or leave the academic year', async () => {
    const good = defaultTerms(2026);
    const bad = [
      { ...good, autumn: { start: good.autumn.end, end: good.autumn.start } },
      { ...good, spring: { start: good.autumn.end, end: good.spring.end } },
      { ...good, summer: { start: good.summer.start, end: '2027-09-01' } },
      { ...good, autumn: { start: '2026-08-31', end: good.autumn.end } },
    ];
    for (const terms of bad)
      await expect(
        withTenant({ tenantId: alpha.id }, (tx) => upsertTermDates(tx, alpha.id, terms, null)),
      ).rejects.toThrow(/term_dates_/);
    await withTenant({ tenantId: alpha.id }, (tx) => upsertTermDates(tx, alpha.id, good, null));
    expect(await storedTermRows()).toHaveLength(1);
  });
});

describe("instalments with the provider's term dates", () => {
  it('termly instalments fall due on the first day of the terms the provider set, defaults elsewhere', async () => {
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    await respond(() => calendar.action(args(post('', termFields(2026, OWN_2026), finance))));
    const request = {
      totalPence: 100_000,
      plan: 'termly' as const,
      yearKind: 'financial' as const,
      yearStart: '2026-04-01',
    };
    const alphaSchedule = await withTenant({ tenantId: alpha.id }, (tx) => instalmentScheduleIn(tx, alpha.id, request));
    expect(alphaSchedule.map((i) => [i.label, i.dueOn, i.amountPence])).toEqual([
      ['Summer term 2026', defaultTerms(2025).summer.start, 33334],
      ['Autumn term 2026', '2026-09-02', 33333],
      ['Spring term 2027', '2027-01-05', 33333],
    ]);
    const betaSchedule = await withTenant({ tenantId: beta.id }, (tx) => instalmentScheduleIn(tx, beta.id, request));
    expect(betaSchedule[1]!.dueOn).toBe(defaultTerms(2026).autumn.start);
  });
});

describe('contract year type per customer class', () => {
  it('falls back to financial years for maintained schools and academic years for academies', async () => {
    const kinds = await withTenant({ tenantId: alpha.id }, async (tx) => [
      await findYearKindDefault(tx, alpha.id, 'own_maintained'),
      await findYearKindDefault(tx, alpha.id, 'academy'),
    ]);
    expect(kinds).toEqual(['financial', 'academic']);
  });

  it('a finance officer sets them; the tenant setting is what the calendar answers, and it is audited', async () => {
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    const saved = await respond(() => calendar.action(args(post('', YEAR_KINDS, finance))));
    expect(saved.status).toBe(302);
    expect(saved.response!.headers.get('location')).toBe('/t/alpha/calendar?saved=yearKinds');
    const alphaKinds = await withTenant({ tenantId: alpha.id }, async (tx) => [
      await findYearKindDefault(tx, alpha.id, 'own_maintained'),
      await findYearKindDefault(tx, alpha.id, 'independent_other'),
    ]);
    expect(alphaKinds).toEqual(['academic', 'financial']);
    // Beta's setting is its own.
    const betaKind = await withTenant({ tenantId: beta.id }, (tx) =>
      findYearKindDefault(tx, beta.id, 'own_maintained'),
    );
    expect(betaKind).toBe('financial');
    const audit = await auditActions(alpha.id);
    expect(audit.map((a) => a.action)).toEqual(['calendar.year_kinds_set']);
    expect(audit[0]!.detail).toMatchObject({
      before: { own_maintained: 'financial', academy: 'academic' },
      after: { own_maintained: 'academic', independent_other: 'financial' },
    });
    const shown = (await respond(() => calendar.loader(args(get('', finance))))).value as Shown;
    expect(shown.yearKinds.own_maintained).toBe('academic');
  });

  it('refuses a class left unanswered or an unknown year type, and saves nothing', async () => {
    const finance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    const { academy: _, ...withoutAcademy } = YEAR_KINDS;
    const refused = await respond(() =>
      calendar.action(args(post('', { ...withoutAcademy, partner_council: 'calendar' }, finance))),
    );
    expect(refused.status).toBe(400);
    expect((refused.value as Refused).errors.map((e) => e.field)).toEqual(['academy', 'partner_council']);
    expect(await (await ownerDb()).selectFrom('year_kind_defaults').selectAll().execute()).toEqual([]);
    expect(await auditActions(alpha.id)).toEqual([]);
  });
});

describe('who may see and change the calendar', () => {
  it('a service manager may read but not change it; a practitioner may do neither', async () => {
    const managerId = await createUser('manager@alpha.example');
    const practitionerId = await createUser('practitioner@alpha.example');
    await addMember(alpha.id, managerId, 'service_manager');
    await addMember(alpha.id, practitionerId, 'practitioner');
    const manager = await asUser(managerId, `tenant:${alpha.id}`);
    const practitioner = await asUser(practitionerId, `tenant:${alpha.id}`);

    const read = await respond(() => calendar.loader(args(get('', manager))));
    expect(read.status).toBe(200);
    expect((read.value as Shown).canChange).toBe(false);
    expect((await respond(() => calendar.action(args(post('', termFields(2026, OWN_2026), manager))))).status).toBe(
      403,
    );
    expect((await respond(() => calendar.loader(args(get('', practitioner))))).status).toBe(403);
    expect(
      (await respond(() => calendar.action(args(post('', termFields(2026, OWN_2026), practitioner))))).status,
    ).toBe(403);
    expect((await respond(() => calendar.action(args(post('', YEAR_KINDS, practitioner))))).status).toBe(403);
    expect(await storedTermRows()).toEqual([]);
  });

  it("another tenant gets 404 for the page and for changes, and its scope can neither read nor write the tenant's rows", async () => {
    const alphaFinance = await asUser(alpha.financeId, `tenant:${alpha.id}`);
    await respond(() => calendar.action(args(post('', termFields(2026, OWN_2026), alphaFinance))));
    await respond(() => calendar.action(args(post('', YEAR_KINDS, alphaFinance))));

    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    expect((await respond(() => calendar.loader(args(get('', betaAdmin))))).status).toBe(404);
    expect(
      (await respond(() => calendar.action(args(post('', termFields(2025, defaultDates(2025)), betaAdmin))))).status,
    ).toBe(404);
    expect((await respond(() => calendar.action(args(post('', YEAR_KINDS, betaAdmin))))).status).toBe(404);

    const seenByBeta = await withTenant({ tenantId: beta.id }, async (tx) => ({
      terms: await listTermDates(tx, alpha.id, [2026]),
      kind: await findYearKindDefault(tx, alpha.id, 'own_maintained'),
    }));
    expect(seenByBeta).toEqual({ terms: [], kind: 'financial' });
    await expect(
      withTenant({ tenantId: beta.id }, (tx) => upsertTermDates(tx, alpha.id, defaultTerms(2025), null)),
    ).rejects.toThrow(/row-level security/);
    const noScope = await withTenant({ tenantId: '' }, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from term_dates`.execute(tx),
    );
    expect(noScope.rows[0]!.n).toBe(0);
  });
});

function defaultDates(academicYear: number): Record<string, string> {
  const t = defaultTerms(academicYear);
  return {
    autumnStart: t.autumn.start,
    autumnEnd: t.autumn.end,
    springStart: t.spring.start,
    springEnd: t.spring.end,
    summerStart: t.summer.start,
    summerEnd: t.summer.end,
  };
}
