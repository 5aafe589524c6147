import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuyer } from '../../app/auth/guards.server';
import { addToBasket } from '../../app/commissioning/basket.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import * as catalogue from '../../app/routes/buy.services._index';
import * as home from '../../app/routes/t.$tenant._index';
import * as agreements from '../../app/routes/t.$tenant.agreements._index';
import * as customers from '../../app/routes/t.$tenant.customers._index';
import * as finance from '../../app/routes/t.$tenant.finance._index';
import * as settlement from '../../app/routes/t.$tenant.finance.settlement';
import * as orders from '../../app/routes/t.$tenant.orders._index';
import * as schedules from '../../app/routes/t.$tenant.schedules._index';
import * as services from '../../app/routes/t.$tenant.services._index';
import * as settings from '../../app/routes/t.$tenant.settings';
import * as usersPage from '../../app/routes/t.$tenant.users._index';
import { customerClassNameFor } from '../../app/tenancy/customer-class';
import { findSchoolOrganisation, findUserIdByEmail } from '../../db/queries/platform';
import { seedDemo } from '../../db/seed';
import { asUser, get, ownerDb, resetDatabase, respond, useToday } from '../setup/fixtures';

// The demo's teaching school: Springhill Catholic Primary School in Southampton in a made-up
// teaching school role, selling school-to-school support through the same catalogue, schedules
// and orders as the councils.

useToday('2026-12-03');

beforeAll(async () => {
  await resetDatabase();
  await seedDemo(await ownerDb());
}, 180_000);

async function bitterneParkBuyer() {
  const db = await ownerDb();
  const userId = (await findUserIdByEmail(db, 'bitterne-park@schools.southampton.example'))!;
  const school = (await findSchoolOrganisation(db, 116090))!;
  const browser = await asUser(userId, `org:${school.id}`);
  return { browser, schoolId: school.id };
}

describe('the demo teaching school', () => {
  it('is a teaching school provider whose organisation is the real school, serving Southampton', async () => {
    const db = await ownerDb();
    const row = await db
      .selectFrom('tenants')
      .innerJoin('organisations', 'organisations.id', 'tenants.organisation_id')
      .select(['tenants.name', 'tenants.kind', 'tenants.la_code', 'organisations.kind as orgKind', 'organisations.urn'])
      .where('tenants.slug', '=', 'springhill-teaching-school')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      name: 'Springhill Teaching School (demo role)',
      kind: 'teaching_school',
      la_code: '852',
      orgKind: 'school',
      urn: 137293,
    });
    // Its customers are Southampton's other schools, all invoiced (it has no council ledger).
    const accounts = await db
      .selectFrom('customer_accounts')
      .innerJoin('tenants', 'tenants.id', 'customer_accounts.tenant_id')
      .select(['customer_accounts.settlement_method', 'customer_accounts.organisation_id'])
      .where('tenants.slug', '=', 'springhill-teaching-school')
      .execute();
    expect(accounts.length).toBeGreaterThan(50);
    expect(new Set(accounts.map((a) => a.settlement_method))).toEqual(new Set(['invoice']));
    const own = (await findSchoolOrganisation(db, 137293))!;
    expect(accounts.some((a) => a.organisation_id === own.id)).toBe(false);
  });

  it("shows its school-to-school support to a Southampton school's buyer, who orders two specialist leader days", async () => {
    const { browser, schoolId } = await bitterneParkBuyer();
    const catalogueAt = async (path: string) => {
      const page = await respond(() => catalogue.loader({ request: get(path, browser), params: {}, context: {} }));
      expect(page.status).toBe(200);
      return page.value as Awaited<ReturnType<typeof catalogue.loader>>;
    };
    // Among the school's providers (the catalogue's front page), worded for a teaching school: no
    // "own" school, and invoiced.
    const { providers } = await catalogueAt('/buy/services');
    const row = providers.find((p) => p.slug === 'springhill-teaching-school')!;
    expect(customerClassNameFor(row.customerClass, row.providerKind)).toBe('Maintained school in the area');
    expect(row.settlementMethod).toBe('invoice');
    expect(customerClassNameFor(row.customerClass, 'council')).toBe('Own maintained school');
    const { services } = await catalogueAt('/buy/services?provider=springhill-teaching-school');
    const names = services.filter((s) => s.slug === 'springhill-teaching-school').map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Specialist leader of education day',
        'Specialist leader of education half day',
        'Peer review',
        'Middle leadership programme (place)',
      ]),
    );

    const buyer = await requireBuyer(get('/buy', browser), 'buy.order');
    const sle = services.find(
      (s) => s.slug === 'springhill-teaching-school' && s.name === 'Specialist leader of education day',
    )!;
    await addToBasket(buyer, {
      slug: 'springhill-teaching-school',
      serviceId: sle.id,
      yearKey: 'academic:2026-09-01',
      quantity: 2,
    });
    const [placed] = await submitOrder(
      buyer,
      {
        slug: 'springhill-teaching-school',
        poNumber: 'BP-2026-114',
        contactName: 'Jo Whitfield',
        contactEmail: 'bitterne-park@schools.southampton.example',
        idempotencyKey: crypto.randomUUID(),
      },
      'http://localhost:3000',
    );
    expect(placed).toMatchObject({ totalPence: 80000, organisationId: schoolId });
    expect(placed!.reference).toMatch(/^STS-ORD-\d+$/);
  });

  it("opens its staff's pages as a provider's, worded for a school (no council pages fail on it)", async () => {
    const db = await ownerDb();
    const tenant = await db
      .selectFrom('tenants')
      .select('id')
      .where('slug', '=', 'springhill-teaching-school')
      .executeTakeFirstOrThrow();
    const params = { tenant: 'springhill-teaching-school' };
    const pages: Array<[string, string, { loader: (a: never) => Promise<unknown> }]> = [
      ['admin@springhill.example', '', home],
      ['admin@springhill.example', '/users', usersPage],
      ['admin@springhill.example', '/settings', settings],
      ['sle.coordinator@springhill.example', '/services', services],
      ['sle.coordinator@springhill.example', '/schedules', schedules],
      ['sle.coordinator@springhill.example', '/orders', orders],
      ['sle.coordinator@springhill.example', '/agreements', agreements],
      ['finance@springhill.example', '/customers', customers],
      ['finance@springhill.example', '/finance', finance],
      ['finance@springhill.example', '/finance/settlement', settlement],
    ];
    for (const [email, path, route] of pages) {
      const userId = (await findUserIdByEmail(db, email))!;
      const browser = await asUser(userId, `tenant:${tenant.id}`);
      const url = `/t/springhill-teaching-school${path}`;
      const page = await respond(() => route.loader({ request: get(url, browser), params, context: {} } as never));
      expect([url, page.status]).toEqual([url, 200]);
    }
  });
});
