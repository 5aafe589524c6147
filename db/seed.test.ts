import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireTenantMember } from '../app/auth/guards.server';
import { signIn } from '../app/auth/sign-in.server';
import { listBrokeredSupport } from '../app/improvement/broker-support.server';
import { reviewSchools } from '../app/improvement/categories.server';
import { improvementBudget } from '../app/improvement/improvement-budget.server';
import { asUser, get, ownerDb, resetDatabase } from '../test/setup/fixtures';
import { DEMO_PASSWORD, loadDemoTenants, seedDemo } from './seed';

beforeAll(async () => {
  await resetDatabase();
  await seedDemo(await ownerDb());
}, 240_000);

describe('demo data', () => {
  it('checks every tenant file against its schema and has the five authorities and the teaching school', () => {
    expect(loadDemoTenants().map((t) => [t.profile.slug, t.profile.kind, t.profile.laCode])).toEqual([
      ['isle-of-wight', 'council', '921'],
      ['peterborough', 'council', '874'],
      ['portsmouth', 'council', '851'],
      ['southampton', 'council', '852'],
      ['springhill-teaching-school', 'teaching_school', '852'],
      ['walsall', 'council', '335'],
    ]);
  });

  it('classifies own maintained schools as recharge and academies as invoice', async () => {
    const db = await ownerDb();
    const rows = await sql<{ urn: number; customer_class: string; settlement_method: string }>`
      select o.urn, c.customer_class, c.settlement_method
      from customer_accounts c join tenants t on t.id = c.tenant_id join organisations o on o.id = c.organisation_id
      where t.slug = 'southampton' and o.urn in (116090, 135628, 136753)
      order by o.urn`.execute(db);
    expect(rows.rows).toEqual([
      { urn: 116090, customer_class: 'own_maintained', settlement_method: 'recharge' },
      { urn: 135628, customer_class: 'academy', settlement_method: 'invoice' },
      { urn: 136753, customer_class: 'other_la_school', settlement_method: 'invoice' },
    ]);
  });

  it("makes the Isle of Wight and Southampton partner-council customers of each other (and Southampton the teaching school's)", async () => {
    const db = await ownerDb();
    const rows = await sql<{ provider: string; customer: string }>`
      select t.slug as provider, o.la_code as customer from customer_accounts c
      join tenants t on t.id = c.tenant_id join organisations o on o.id = c.organisation_id
      where c.customer_class = 'partner_council' order by t.slug`.execute(db);
    expect(rows.rows).toEqual([
      { provider: 'isle-of-wight', customer: '852' },
      { provider: 'southampton', customer: '921' },
      // Opened when Southampton brokered support from the teaching school, funded by the authority.
      { provider: 'springhill-teaching-school', customer: '852' },
    ]);
  });

  it('stores the usual term dates of 2025/26 and 2026/27 for every provider, so they show on the calendar page', async () => {
    const db = await ownerDb();
    const rows = await sql<{ slug: string; academic_year: number; autumn_starts_on: string; summer_ends_on: string }>`
      select t.slug, d.academic_year, d.autumn_starts_on, d.summer_ends_on
      from term_dates d join tenants t on t.id = d.tenant_id
      where t.slug in ('southampton', 'walsall') order by t.slug, d.academic_year`.execute(db);
    expect(rows.rows).toEqual([
      { slug: 'southampton', academic_year: 2025, autumn_starts_on: '2025-09-03', summer_ends_on: '2026-07-22' },
      { slug: 'southampton', academic_year: 2026, autumn_starts_on: '2026-09-03', summer_ends_on: '2027-07-22' },
      { slug: 'walsall', academic_year: 2025, autumn_starts_on: '2025-09-03', summer_ends_on: '2026-07-22' },
      { slug: 'walsall', academic_year: 2026, autumn_starts_on: '2026-09-03', summer_ends_on: '2027-07-22' },
    ]);
    const all = await sql<{ n: number }>`select count(*)::int as n from term_dates`.execute(db);
    expect(all.rows[0]?.n).toBe(12);
  });

  it('is safe to run again and every demo sign-in works', async () => {
    const db = await ownerDb();
    const counts = async () =>
      (
        await sql<Record<string, number>>`select
          (select count(*)::int from customer_accounts) as accounts,
          (select count(*)::int from support_placements) as placements,
          (select count(*)::int from improvement_visits) as visits,
          (select count(*)::int from brokered_supports) as brokerages,
          (select count(*)::int from orders) as orders,
          (select count(*)::int from deliveries) as deliveries,
          (select count(*)::int from feedback) as feedback,
          (select count(*)::int from progress_reviews) as reviews,
          (select count(*)::int from progress_review_actions) as actions,
          (select count(*)::int from audit_events) as audit`.execute(db)
      ).rows[0];
    const before = await counts();
    await seedDemo(db);
    expect(await counts()).toEqual(before);
    const sam = await signIn({ email: 'finance@southampton.example', password: DEMO_PASSWORD, address: 'seed-test' });
    expect(sam.home).toBe('/t/southampton');
  });

  it("puts each council commissioner on their own council only, and Southampton's finance officer on no buying side", async () => {
    const db = await ownerDb();
    const rows = await sql<{ email: string; role: string; la_code: string }>`
      select u.email, m.role, o.la_code from organisation_memberships m
      join users u on u.id = m.user_id join organisations o on o.id = m.organisation_id
      where o.kind = 'council' or u.email = 'finance@southampton.example' order by u.email`.execute(db);
    expect(rows.rows).toEqual([
      { email: 'commissioning@isle-of-wight.example', role: 'council_commissioner', la_code: '921' },
      { email: 'commissioning@southampton.example', role: 'council_commissioner', la_code: '852' },
    ]);
    const grace = await signIn({
      email: 'commissioning@southampton.example',
      password: DEMO_PASSWORD,
      address: 'seed-test',
    });
    expect(grace.home).toBe('/buy');
  });

  it('gives Cowes Primary an approval threshold of £1,000, set by its headteacher', async () => {
    const db = await ownerDb();
    const rows = await sql<{ urn: number; approval_threshold_pence: string; email: string }>`
      select o.urn, s.approval_threshold_pence::text, u.email from buyer_settings s
      join organisations o on o.id = s.organisation_id join users u on u.id = s.updated_by`.execute(db);
    expect(rows.rows).toEqual([
      { urn: 118156, approval_threshold_pence: '100000', email: 'cowes-primary-head@schools.isle-of-wight.example' },
    ]);
  });

  it("places most of Southampton's own schools for 2026/27 as their data suggests, leaving Bitterne Park and a few others for the review", async () => {
    const db = await ownerDb();
    const rows = await sql<{ urn: number; level: string; suggested_level: string; reason: string }>`
      select p.urn, c.level, p.suggested_level, p.reason from support_placements p
      join support_categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
      join tenants t on t.id = p.tenant_id
      where t.slug = 'southampton' and p.academic_year = 2027`.execute(db);
    expect(rows.rows.length).toBeGreaterThan(60);
    expect(rows.rows.every((r) => r.level === r.suggested_level && r.reason.length > 20)).toBe(true);
    expect(new Set(rows.rows.map((r) => r.level))).toEqual(new Set(['intensive', 'targeted', 'universal']));
    expect(rows.rows.map((r) => r.urn)).not.toContain(116090);
    const unplaced = await sql<{ n: number }>`
      select count(*)::int as n from schools s where s.la_code = '852' and not exists (
        select 1 from support_placements p where p.urn = s.urn and p.academic_year = 2027)`.execute(db);
    expect(unplaced.rows[0]?.n).toBeGreaterThanOrEqual(3);
    const elsewhere = await sql<{ n: number }>`select count(*)::int as n from support_placements p
      join tenants t on t.id = p.tenant_id where t.slug <> 'southampton'`.execute(db);
    expect(elsewhere.rows[0]?.n).toBe(0);
  });

  it("draws down an intensive and a targeted school's core entitlement, the targeted one beyond it", async () => {
    const db = await ownerDb();
    const rows = await sql<{ urn: number; visits: number; funded: number; traded: number; level: string }>`
      select v.urn, count(*)::int as visits, sum(v.funded_hundredths)::int as funded,
             sum(v.traded_hundredths)::int as traded, min(c.level) as level
        from improvement_visits v
        join support_placements p on p.tenant_id = v.tenant_id and p.urn = v.urn and p.academic_year = v.academic_year
        join support_categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
       where v.academic_year = 2027 and v.voided_at is null and v.visited_on <= '2026-11-20'
       group by v.urn order by v.urn`.execute(db);
    expect(rows.rows).toEqual([
      { urn: 132025, visits: 6, funded: 500, traded: 50, level: 'targeted' },
      { urn: 139747, visits: 1, funded: 100, traded: 0, level: 'intensive' },
      { urn: 145222, visits: 3, funded: 250, traded: 0, level: 'intensive' },
    ]);
  });

  it('brokers three authority-funded days from the teaching school, one delivered, confirmed and rated', async () => {
    const db = await ownerDb();
    const rows = await sql<Record<string, unknown>>`
      select b.reference, b.urn, b.days_hundredths, b.funded_by, s.slug as provider, o.status, l.status as line_status,
             (select count(*)::int from deliveries d where d.order_line_id = l.id and d.status = 'confirmed') as confirmed,
             (select count(*)::int from feedback f where f.order_line_id = l.id) as feedback
        from brokered_supports b join tenants s on s.id = b.supporting_tenant_id
        join orders o on o.tenant_id = b.supporting_tenant_id and o.id = b.order_id
        join order_lines l on l.tenant_id = o.tenant_id and l.id = b.order_line_id`.execute(db);
    expect(rows.rows).toEqual([
      {
        reference: 'BRK-0001',
        urn: 145222,
        days_hundredths: 300,
        funded_by: 'authority',
        provider: 'springhill-teaching-school',
        status: 'accepted',
        line_status: 'active',
        confirmed: 1,
        feedback: 1,
      },
    ]);
  });

  it('records a progress review group for the intensive school with three actions, one complete', async () => {
    const db = await ownerDb();
    const rows = await sql<{ urn: number; position: number; completed: boolean }>`
      select r.urn, a.position, a.completed_on is not null as completed
        from progress_reviews r join progress_review_actions a on a.tenant_id = r.tenant_id and a.review_id = r.id
       order by a.position`.execute(db);
    expect(rows.rows).toEqual([
      { urn: 145222, position: 1, completed: true },
      { urn: 145222, position: 2, completed: false },
      { urn: 145222, position: 3, completed: false },
    ]);
  });

  it("shows Southampton's service manager Bitterne Park still to review, and spent and committed on the 2026/27 budget", async () => {
    const db = await ownerDb();
    const manager = await sql<{
      id: string;
    }>`select id from users where email = 'services@southampton.example'`.execute(db);
    const ctx = await requireTenantMember(
      get('/t/southampton', await asUser(manager.rows[0]!.id)),
      'southampton',
      'improvement.view',
    );
    const { position } = await improvementBudget(ctx, 2027);
    // The brokered support list reads the delivery and feedback through the teaching school's side.
    expect(
      (await listBrokeredSupport(ctx, 2027)).map((b) => [b.reference, b.confirmedHundredths, b.feedbackCount]),
    ).toEqual([['BRK-0001', 100, 1]]);
    // The review page has Bitterne Park (and a few others) still to decide.
    const review = await reviewSchools(ctx, 2027);
    const undecided = review.schools.filter((r) => r.current === null).map((r) => r.urn);
    expect(undecided).toContain(116090);
    expect(review.schools.filter((r) => r.current !== null).length).toBeGreaterThan(60);
    expect(position.budgetPence).toBe(42_000_000);
    expect(position.spentPence).toBeGreaterThan(0);
    expect(position.committedPence).toBeGreaterThan(0);
    // The brokered day confirmed in October, at the teaching school's £400 a day.
    expect(position.byMonth.find((m) => m.label === 'Oct 2026')?.brokeredPence).toBe(40_000);
    expect(position.byMonth.find((m) => m.label === 'Nov 2026')?.corePence).toBeGreaterThan(0);
  });
});
