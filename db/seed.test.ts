import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../app/auth/sign-in.server';
import { ownerDb, resetDatabase } from '../test/setup/fixtures';
import { DEMO_PASSWORD, loadDemoTenants, seedDemo } from './seed';

beforeAll(async () => {
  await resetDatabase();
  await seedDemo(await ownerDb());
}, 120_000);

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

  it('makes the Isle of Wight and Southampton partner-council customers of each other', async () => {
    const db = await ownerDb();
    const rows = await sql<{ provider: string; customer: string }>`
      select t.slug as provider, o.la_code as customer from customer_accounts c
      join tenants t on t.id = c.tenant_id join organisations o on o.id = c.organisation_id
      where c.customer_class = 'partner_council' order by t.slug`.execute(db);
    expect(rows.rows).toEqual([
      { provider: 'isle-of-wight', customer: '852' },
      { provider: 'southampton', customer: '921' },
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
    const before = await sql<{ n: number }>`select count(*)::int as n from customer_accounts`.execute(db);
    await seedDemo(db);
    const after = await sql<{ n: number }>`select count(*)::int as n from customer_accounts`.execute(db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
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
});
