import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireBuyer, requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { DEFAULT_YEAR_KIND } from '../../app/calendar/year-kind-defaults';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import { addToBasket } from '../../app/commissioning/basket.server';
import { submitOrder } from '../../app/commissioning/submit-order.server';
import { createScheduleVersion } from '../../app/pricing/create-schedule-version.server';
import { publishSchedule } from '../../app/pricing/publish-schedule.server';
import { setServicePrice } from '../../app/pricing/set-service-prices.server';
import * as accountPage from '../../app/routes/t.$tenant.customers.$accountId';
import * as listPage from '../../app/routes/t.$tenant.customers._index';
import * as newPage from '../../app/routes/t.$tenant.customers.new';
import { classifySchool, customerClassNames } from '../../app/tenancy/customer-class';
import type { CustomerClass, TypeGroup } from '../../db/schema';
import { runScoped } from '../../db/scope.server';
import { upsertYearKindDefaults } from '../../db/queries/calendar';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import {
  addBuyer,
  addMember,
  asUser,
  createSchool,
  createUser,
  EP_DAY_FIELDS,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  useToday,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';

// Orders here are for the 2025/26 academic year, placed while it runs.
useToday('2026-04-01');

let alpha: TestTenant;
let beta: TestTenant;
let finance: Browser;
let accountId: string;

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const perDay = (pence: number) => ({
  model: 'per_unit' as const,
  unitPricePence: pence,
  minimumChargePence: 0,
  rounding: 'penny' as const,
});

/** A school with its GIAS address. */
async function schoolWithAddress(
  urn: number,
  laCode: string,
  name: string,
  address = ['Manor Farm Road', 'Southampton', 'SO18 1NX'],
) {
  const id = await createSchool(urn, laCode, name);
  await (
    await ownerDb()
  )
    .updateTable('schools')
    .set({ street: address[0], town: address[1], postcode: address[2] })
    .where('urn', '=', urn)
    .execute();
  return id;
}

async function accountRow(id: string) {
  return (await ownerDb()).selectFrom('customer_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function auditFor(subjectId: string) {
  return (await ownerDb())
    .selectFrom('audit_events')
    .select(['action', 'detail', 'actor_user_id'])
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
}

/** The posted fields of the account form for an account as it stands, with changes. */
function accountFields(changes: Record<string, string> = {}) {
  return {
    customerClass: 'own_maintained',
    settlementMethod: 'recharge',
    yearKind: 'financial',
    accountCode: '',
    poRequired: 'no',
    billingContactName: '',
    billingContactEmail: '',
    billingAddressLine1: 'Manor Farm Road',
    billingAddressLine2: '',
    billingTown: 'Southampton',
    billingPostcode: 'SO18 1NX',
    ...changes,
  };
}

async function save(browser: Browser, id: string, fields: Record<string, string>, tenant = 'alpha') {
  return respond(() =>
    accountPage.action(args(post(`/t/${tenant}/customers/${id}`, fields, browser), { tenant, accountId: id })),
  );
}

const messages = (value: unknown) => (value as { errors: Array<{ field?: string; message: string }> }).errors;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  finance = await asUser(alpha.financeId);
  const db = await ownerDb();
  await db
    .updateTable('schools')
    .set({ street: 'Manor Farm Road', town: 'Southampton', postcode: 'SO18 1NX' })
    .where('urn', '=', 900001)
    .execute();
  accountId = (
    await db
      .selectFrom('customer_accounts')
      .select('id')
      .where('tenant_id', '=', alpha.id)
      .where('organisation_id', '=', alpha.schoolOrganisationId)
      .executeTakeFirstOrThrow()
  ).id;
  // The fixture's school had no address when its account opened: as after the migration's backfill.
  await db
    .updateTable('customer_accounts')
    .set({ billing_address_line1: 'Manor Farm Road', billing_town: 'Southampton', billing_postcode: 'SO18 1NX' })
    .where('id', '=', accountId)
    .execute();
});

describe('the list of customer accounts', () => {
  it('lists, searches by name, URN or account code, filters by class and pages through hundreds', async () => {
    const db = await ownerDb();
    // 120 more schools, as a seeded authority has them (in one insert each, as the import does).
    const urns = Array.from({ length: 120 }, (_, i) => 910000 + i);
    await db
      .insertInto('schools')
      .values(
        urns.map((urn) => ({
          urn,
          la_code: '852',
          name: `School ${urn}`,
          type_group: 'academy' as const,
          status: 'Open',
        })),
      )
      .execute();
    const orgs = await db
      .insertInto('organisations')
      .values(urns.map((urn) => ({ kind: 'school' as const, name: `School ${urn}`, urn, la_code: '852' })))
      .returning('id')
      .execute();
    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      ensureCustomerAccounts(
        tx,
        alpha.id,
        orgs.map((o) => ({ organisationId: o.id, customerClass: 'academy', settlementMethod: 'invoice' })),
      ),
    );
    await db.updateTable('customer_accounts').set({ account_code: 'SCH-2407' }).where('id', '=', accountId).execute();

    const list = async (query: string) => {
      const r = await respond(() =>
        listPage.loader(args(get(`/t/alpha/customers${query}`, finance), { tenant: 'alpha' })),
      );
      expect(r.status).toBe(200);
      return r.value as {
        total: number;
        pages: number;
        accounts: Array<{ id: string; name: string; urn: number | null; accountCode: string | null }>;
        canManage: boolean;
      };
    };
    const all = await list('');
    expect(all).toMatchObject({ total: 121, pages: 3, canManage: true });
    expect(all.accounts).toHaveLength(50);
    const third = await list('?page=3');
    expect(third.accounts).toHaveLength(21);
    const seen = new Set([...all.accounts, ...(await list('?page=2')).accounts, ...third.accounts].map((a) => a.id));
    expect(seen.size).toBe(121);

    expect((await list('?q=alpha+primary')).accounts.map((a) => a.id)).toEqual([accountId]);
    expect((await list('?q=900001')).accounts.map((a) => a.id)).toEqual([accountId]);
    expect((await list('?q=sch-2407')).accounts.map((a) => a.id)).toEqual([accountId]);
    expect((await list('?q=910005')).accounts.map((a) => a.name)).toEqual(['School 910005']);
    expect((await list('?class=own_maintained')).accounts.map((a) => a.id)).toEqual([accountId]);
    expect((await list('?class=academy')).total).toBe(120);
    expect((await list('?q=School+9100&class=own_maintained')).total).toBe(0);
    // What a search cannot use is ignored, never an error.
    expect((await list('?class=nonsense&page=-4')).total).toBe(121);
  });

  it('is open to service managers to read, and refused to practitioners', async () => {
    const manager = await createUser('services@alpha.example');
    await addMember(alpha.id, manager, 'service_manager');
    const practitioner = await createUser('ep@alpha.example');
    await addMember(alpha.id, practitioner, 'practitioner');
    const asManager = await asUser(manager);
    const asPractitioner = await asUser(practitioner);

    const read = await respond(() => listPage.loader(args(get('/t/alpha/customers', asManager), { tenant: 'alpha' })));
    expect(read.status).toBe(200);
    expect((read.value as { canManage: boolean }).canManage).toBe(false);
    expect(
      (await respond(() => accountPage.loader(args(get('', asManager), { tenant: 'alpha', accountId })))).status,
    ).toBe(200);
    expect((await save(asManager, accountId, accountFields({ accountCode: 'X1' }))).status).toBe(403);
    expect(
      (await respond(() => newPage.loader(args(get('/t/alpha/customers/new', asManager), { tenant: 'alpha' })))).status,
    ).toBe(403);

    expect(
      (await respond(() => listPage.loader(args(get('/t/alpha/customers', asPractitioner), { tenant: 'alpha' }))))
        .status,
    ).toBe(403);
    expect(
      (await respond(() => accountPage.loader(args(get('', asPractitioner), { tenant: 'alpha', accountId })))).status,
    ).toBe(403);
    expect((await save(asPractitioner, accountId, accountFields({ accountCode: 'X1' }))).status).toBe(403);
    expect((await accountRow(accountId)).account_code).toBeNull();
  });

  it("gives another tenant 404 for an account's page and its form", async () => {
    const betaFinance = await asUser(beta.financeId);
    expect(
      (await respond(() => accountPage.loader(args(get('', betaFinance), { tenant: 'beta', accountId })))).status,
    ).toBe(404);
    expect(
      (await respond(() => accountPage.loader(args(get('', betaFinance), { tenant: 'alpha', accountId })))).status,
    ).toBe(404);
    expect((await save(betaFinance, accountId, accountFields({ accountCode: 'STOLEN' }), 'beta')).status).toBe(404);
    expect((await accountRow(accountId)).account_code).toBeNull();
    expect(
      (await respond(() => accountPage.loader(args(get('', finance), { tenant: 'alpha', accountId: 'x' })))).status,
    ).toBe(404);
  });
});

describe('opening an account', () => {
  it('finds a school by name or URN in the national data and opens its account from GIAS, audited', async () => {
    const trustId = (
      await (
        await ownerDb()
      )
        .insertInto('organisations')
        .values({ kind: 'trust', name: 'Coastal Learning Trust', trust_key: 'name:coastal' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const schoolId = await schoolWithAddress(900050, '852', 'Coastal Academy', [
      'Shore Road',
      'Southampton',
      'SO19 9AA',
    ]);
    const db = await ownerDb();
    await db.updateTable('organisations').set({ trust_id: trustId }).where('id', '=', schoolId).execute();
    await db.updateTable('schools').set({ type_group: 'academy' }).where('urn', '=', 900050).execute();

    const find = async (q: string) => {
      const r = await respond(() =>
        newPage.loader(args(get(`/t/alpha/customers/new?q=${encodeURIComponent(q)}`, finance), { tenant: 'alpha' })),
      );
      expect(r.status).toBe(200);
      return (r.value as { results: Array<{ id: string; name: string; accountId: string | null }> }).results;
    };
    expect((await find('900050')).map((r) => r.name)).toEqual(['Coastal Academy']);
    const byName = await find('coastal');
    expect(byName.map((r) => r.name).sort()).toEqual(['Coastal Academy', 'Coastal Learning Trust']);
    expect((await find('alpha primary'))[0]).toMatchObject({ accountId });

    const chosen = await respond(() =>
      newPage.loader(args(get(`/t/alpha/customers/new?organisation=${schoolId}`, finance), { tenant: 'alpha' })),
    );
    const defaults = (
      chosen.value as { chosen: { fields: Record<string, unknown>; organisation: { inTrust: boolean } } }
    ).chosen;
    expect(defaults.organisation.inTrust).toBe(true);
    expect(defaults.fields).toMatchObject({
      customerClass: 'academy',
      settlementMethod: 'invoice',
      yearKind: 'academic',
      billingAddressLine1: 'Shore Road',
      billingTown: 'Southampton',
      billingPostcode: 'SO19 9AA',
    });

    const created = await respond(() =>
      newPage.action(
        args(
          post(
            '/t/alpha/customers/new',
            {
              organisationId: schoolId,
              ...accountFields({
                customerClass: 'academy',
                settlementMethod: 'invoice',
                yearKind: 'academic',
                accountCode: 'c-1001',
                poRequired: 'yes',
                invoiceTrust: 'yes',
                billingContactName: 'Pat Jones',
                billingContactEmail: 'finance@coastal.example',
                billingAddressLine1: 'Shore Road',
                billingPostcode: 'so199aa',
              }),
            },
            finance,
          ),
          { tenant: 'alpha' },
        ),
      ),
    );
    expect(created.status).toBe(302);
    const id = created.response!.headers.get('location')!.match(/customers\/([0-9a-f-]{36})\?opened=1$/)![1]!;
    expect(await accountRow(id)).toMatchObject({
      tenant_id: alpha.id,
      organisation_id: schoolId,
      customer_class: 'academy',
      account_code: 'C-1001',
      po_required: true,
      invoice_trust: true,
      billing_postcode: 'SO19 9AA',
      billing_contact_email: 'finance@coastal.example',
      updated_by: alpha.financeId,
    });
    const [audit] = await auditFor(id);
    expect(audit).toMatchObject({ action: 'customer_account.created', actor_user_id: alpha.financeId });
    expect(audit!.detail).toMatchObject({ after: { accountCode: 'C-1001', billingPostcode: 'SO19 9AA' } });

    // A second account for the same organisation is refused.
    const again = await respond(() =>
      newPage.action(
        args(post('/t/alpha/customers/new', { organisationId: schoolId, ...accountFields() }, finance), {
          tenant: 'alpha',
        }),
      ),
    );
    expect(again.status).toBe(409);
  });

  it('refuses to invoice the trust of a school that is in none', async () => {
    const schoolId = await schoolWithAddress(900051, '852', 'Lone Primary');
    const r = await respond(() =>
      newPage.action(
        args(
          post(
            '/t/alpha/customers/new',
            { organisationId: schoolId, ...accountFields({ invoiceTrust: 'yes' }) },
            finance,
          ),
          {
            tenant: 'alpha',
          },
        ),
      ),
    );
    expect(r.status).toBe(400);
    expect(messages(r.value)).toEqual([expect.objectContaining({ field: 'invoiceTrust' })]);
    expect(
      await (
        await ownerDb()
      )
        .selectFrom('customer_accounts')
        .select('id')
        .where('organisation_id', '=', schoolId)
        .execute(),
    ).toEqual([]);
  });
});

describe('changing an account', () => {
  it('saves the billing details and audits the before and after of what changed', async () => {
    const r = await save(
      finance,
      accountId,
      accountFields({
        billingAddressLine1: 'Finance Office',
        billingAddressLine2: 'Manor Farm Road',
        billingPostcode: 'so18 1nx',
        billingContactName: 'Sam Patel',
        billingContactEmail: 'sam.patel@alpha-school.example',
        accountCode: 'SCH-2407',
        poRequired: 'yes',
        yearKind: 'academic',
      }),
    );
    expect(r.status).toBe(302);
    expect(r.response!.headers.get('location')).toBe(`/t/alpha/customers/${accountId}?saved=1`);
    expect(await accountRow(accountId)).toMatchObject({
      billing_address_line1: 'Finance Office',
      billing_address_line2: 'Manor Farm Road',
      billing_town: 'Southampton',
      billing_postcode: 'SO18 1NX',
      billing_contact_name: 'Sam Patel',
      account_code: 'SCH-2407',
      po_required: true,
      year_kind: 'academic',
      updated_by: alpha.financeId,
    });
    const audit = await auditFor(accountId);
    expect(audit.map((a) => a.action)).toEqual(['customer_account.changed']);
    expect(audit[0]!.detail).toEqual({
      organisation: 'alpha primary school',
      before: {
        billingAddressLine1: 'Manor Farm Road',
        billingAddressLine2: null,
        billingContactName: null,
        billingContactEmail: null,
        accountCode: null,
        poRequired: false,
        yearKind: 'financial',
      },
      after: {
        billingAddressLine1: 'Finance Office',
        billingAddressLine2: 'Manor Farm Road',
        billingContactName: 'Sam Patel',
        billingContactEmail: 'sam.patel@alpha-school.example',
        accountCode: 'SCH-2407',
        poRequired: true,
        yearKind: 'academic',
      },
    });
    const view = await respond(() => accountPage.loader(args(get('', finance), { tenant: 'alpha', accountId })));
    expect((view.value as { account: { fields: Record<string, unknown> } }).account.fields).toMatchObject({
      billingAddressLine1: 'Finance Office',
      billingPostcode: 'SO18 1NX',
    });
  });

  it('refuses an invalid postcode, an invalid email and a code another account has, saving nothing', async () => {
    const otherSchool = await schoolWithAddress(900060, '852', 'Other Primary');
    await runScoped(await ownerDb(), { tenantId: alpha.id }, (tx) =>
      ensureCustomerAccounts(tx, alpha.id, [
        { organisationId: otherSchool, customerClass: 'own_maintained', settlementMethod: 'recharge' },
      ]),
    );
    await (
      await ownerDb()
    )
      .updateTable('customer_accounts')
      .set({ account_code: 'SCH-0001' })
      .where('organisation_id', '=', otherSchool)
      .execute();
    const before = await accountRow(accountId);

    const postcode = await save(
      finance,
      accountId,
      accountFields({ billingPostcode: 'SO18', billingTown: 'Elsewhere' }),
    );
    expect(postcode.status).toBe(400);
    expect(messages(postcode.value)).toEqual([
      { field: 'billingPostcode', message: 'Enter a real UK postcode, like SO18 1NX' },
    ]);
    expect((postcode.value as { values: Record<string, string> }).values.billingPostcode).toBe('SO18');

    const email = await save(
      finance,
      accountId,
      accountFields({ billingContactEmail: 'sam.patel@', billingTown: 'Elsewhere' }),
    );
    expect(email.status).toBe(400);
    expect(messages(email.value)).toEqual([
      expect.objectContaining({ field: 'billingContactEmail', message: expect.stringMatching(/correct format/) }),
    ]);

    const blank = await save(finance, accountId, accountFields({ billingAddressLine1: ' ', billingTown: '' }));
    expect(messages(blank.value).map((e) => e.field)).toEqual(['billingAddressLine1', 'billingTown']);

    const taken = await save(finance, accountId, accountFields({ accountCode: 'sch-0001', billingTown: 'Elsewhere' }));
    expect(taken.status).toBe(409);
    expect(messages(taken.value)).toEqual([
      { field: 'accountCode', message: 'That account code is already used by Other Primary: enter a different one' },
    ]);

    expect(await accountRow(accountId)).toEqual(before);
    expect(await auditFor(accountId)).toEqual([]);
  });

  it('the database refuses a second account with the same code in a tenant, but not in another tenant', async () => {
    const db = await ownerDb();
    await db.updateTable('customer_accounts').set({ account_code: 'C-1' }).where('id', '=', accountId).execute();
    const second = await schoolWithAddress(900061, '852', 'Second Primary');
    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      ensureCustomerAccounts(tx, alpha.id, [
        { organisationId: second, customerClass: 'own_maintained', settlementMethod: 'recharge' },
      ]),
    );
    await expect(
      runScoped(db, { tenantId: alpha.id }, (tx) =>
        tx
          .updateTable('customer_accounts')
          .set({ account_code: 'C-1' })
          .where('organisation_id', '=', second)
          .execute(),
      ),
    ).rejects.toThrow(/customer_accounts_account_code/);
    await runScoped(db, { tenantId: beta.id }, (tx) =>
      tx.updateTable('customer_accounts').set({ account_code: 'C-1' }).where('tenant_id', '=', beta.id).execute(),
    );
  });
});

describe('accounts and orders', () => {
  let serviceId: string;
  let alphaCtx: TenantContext;

  beforeEach(async () => {
    alphaCtx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
    serviceId = await createService(alphaCtx, serviceForm.parse({ ...EP_DAY_FIELDS, soldAnySchool: 'yes' }));
    await changeServiceStatus(alphaCtx, serviceId, 'published');
    const schedule = await createScheduleVersion(alphaCtx, { yearKind: 'academic', startYear: 2025 });
    await setServicePrice(alphaCtx, schedule, serviceId, 'own_maintained', perDay(50000));
    await setServicePrice(alphaCtx, schedule, serviceId, 'other_la_school', perDay(60000));
    await setServicePrice(alphaCtx, schedule, serviceId, 'academy', perDay(60000));
    await setServicePrice(alphaCtx, schedule, serviceId, 'independent_other', perDay(70000));
    await publishSchedule(alphaCtx, schedule);
  });

  async function order(buyerId: string, organisationId: string, poNumber = '') {
    const ctx = await requireBuyer(get('/buy', await asUser(buyerId, `org:${organisationId}`)), 'buy.order');
    await addToBasket(ctx, { slug: 'alpha', serviceId, quantity: 2, yearKey: 'academic:2025-09-01' });
    const [placed] = await submitOrder(
      ctx,
      {
        slug: 'alpha',
        poNumber,
        contactName: 'Bursar',
        contactEmail: 'bursar@example.com',
        idempotencyKey: crypto.randomUUID(),
      },
      'http://localhost',
    );
    return placed!;
  }

  it('changing an account never changes orders already placed', async () => {
    const placed = await order(alpha.buyerId, alpha.schoolOrganisationId);
    const db = await ownerDb();
    const orderBefore = await db.selectFrom('orders').selectAll().where('id', '=', placed.id).executeTakeFirstOrThrow();
    const linesBefore = await db.selectFrom('order_lines').selectAll().where('order_id', '=', placed.id).execute();
    expect(orderBefore).toMatchObject({
      customer_class: 'own_maintained',
      settlement_method: 'recharge',
      po_number: null,
    });

    const r = await save(
      finance,
      accountId,
      accountFields({ customerClass: 'academy', settlementMethod: 'invoice', poRequired: 'yes', yearKind: 'academic' }),
    );
    expect(r.status).toBe(302);
    expect(await accountRow(accountId)).toMatchObject({ customer_class: 'academy', po_required: true });

    expect(await db.selectFrom('orders').selectAll().where('id', '=', placed.id).executeTakeFirstOrThrow()).toEqual(
      orderBefore,
    );
    expect(await db.selectFrom('order_lines').selectAll().where('order_id', '=', placed.id).execute()).toEqual(
      linesBefore,
    );
  });

  it("a school's first order from a provider opens its account there from GIAS, in the same transaction", async () => {
    const schoolId = await schoolWithAddress(900070, '850', 'Hampshire Primary', [
      'School Lane',
      'Winchester',
      'SO23 8AA',
    ]);
    const bursar = await createUser('bursar@hampshire.example');
    await addBuyer(schoolId, bursar, 'business_manager');
    const db = await ownerDb();
    const accountsOf = () =>
      db.selectFrom('customer_accounts').selectAll().where('organisation_id', '=', schoolId).execute();
    expect(await accountsOf()).toEqual([]);

    // Alpha budgets other authorities' schools by the academic year (its calendar setting).
    expect(DEFAULT_YEAR_KIND.other_la_school).toBe('financial');
    await runScoped(db, { tenantId: alpha.id }, (tx) =>
      upsertYearKindDefaults(tx, alpha.id, { ...DEFAULT_YEAR_KIND, other_la_school: 'academic' }, alpha.financeId),
    );

    const placed = await order(bursar, schoolId);
    const [account] = await accountsOf();
    expect(account).toMatchObject({
      tenant_id: alpha.id,
      customer_class: 'other_la_school',
      settlement_method: 'invoice',
      year_kind: 'academic',
      billing_address_line1: 'School Lane',
      billing_town: 'Winchester',
      billing_postcode: 'SO23 8AA',
      po_required: false,
    });
    const placedOrder = await db.selectFrom('orders').selectAll().where('id', '=', placed.id).executeTakeFirstOrThrow();
    expect(placedOrder).toMatchObject({ customer_class: 'other_la_school', settlement_method: 'invoice' });
    expect(await auditFor(account!.id)).toEqual([
      expect.objectContaining({ action: 'customer_account.opened', actor_user_id: bursar }),
    ]);

    // A second order uses the same account.
    await order(bursar, schoolId);
    expect(await accountsOf()).toHaveLength(1);
  });

  it('an order that is refused opens no account', async () => {
    const schoolId = await schoolWithAddress(900071, '850', 'Hampshire Junior');
    const bursar = await createUser('bursar@hampshire-junior.example');
    await addBuyer(schoolId, bursar, 'business_manager');
    const ctx = await requireBuyer(get('/buy', await asUser(bursar, `org:${schoolId}`)), 'buy.order');
    await addToBasket(ctx, { slug: 'alpha', serviceId, quantity: 2, yearKey: 'academic:2025-09-01' });
    await changeServiceStatus(alphaCtx, serviceId, 'retired');
    await expect(
      submitOrder(
        ctx,
        {
          slug: 'alpha',
          poNumber: '',
          contactName: 'B',
          contactEmail: 'b@example.com',
          idempotencyKey: crypto.randomUUID(),
        },
        'http://localhost',
      ),
    ).rejects.toThrow(/no longer offered/);
    expect(
      await (
        await ownerDb()
      )
        .selectFrom('customer_accounts')
        .select('id')
        .where('organisation_id', '=', schoolId)
        .execute(),
    ).toEqual([]);
  });

  it('the database refuses an order without an account', async () => {
    const placed = await order(alpha.buyerId, alpha.schoolOrganisationId);
    const schoolId = await createSchool(900072, '850', 'No Account Primary');
    const db = await ownerDb();
    await expect(
      sql`update orders set organisation_id = ${schoolId} where id = ${placed.id}`.execute(db),
    ).rejects.toThrow(/orders_customer_account_fk/);
    await expect(sql`delete from customer_accounts where id = ${accountId}`.execute(db)).rejects.toThrow(
      /orders_customer_account_fk/,
    );
  });

  describe('the function that opens a buyer’s account', () => {
    const open = (scope: { organisationId: string; userId: string }, tenantId: string, organisationId: string) =>
      ownerDb().then((db) =>
        runScoped(db, scope, (tx) =>
          sql<{
            account_id: string;
            opened: boolean;
          }>`select * from open_customer_account(${tenantId}, ${organisationId})`.execute(tx),
        ),
      );

    it('refuses an organisation the buyer does not act for', async () => {
      const schoolId = await schoolWithAddress(900080, '850', 'Someone Else Primary');
      await expect(
        open({ organisationId: alpha.schoolOrganisationId, userId: alpha.buyerId }, alpha.id, schoolId),
      ).rejects.toThrow(/not an organisation you act for/);
      await expect(open({ organisationId: '', userId: alpha.buyerId }, alpha.id, schoolId)).rejects.toThrow(
        /not an organisation you act for/,
      );
    });

    it('refuses a provider whose services the buyer may not see, and opens one where it may', async () => {
      const schoolId = await schoolWithAddress(900081, '850', 'Buyer Primary');
      const bursar = await createUser('bursar@buyer-primary.example');
      await addBuyer(schoolId, bursar, 'business_manager');
      // Beta sells nothing to this school (nothing published at all).
      await expect(open({ organisationId: schoolId, userId: bursar }, beta.id, schoolId)).rejects.toThrow(
        /offers this organisation nothing/,
      );
      const { rows } = await open({ organisationId: schoolId, userId: bursar }, alpha.id, schoolId);
      expect(rows[0]!.opened).toBe(true);
      const again = await open({ organisationId: schoolId, userId: bursar }, alpha.id, schoolId);
      expect(again.rows[0]).toEqual({ account_id: rows[0]!.account_id, opened: false });
    });

    it("is the buyer's only way in: a buyer cannot insert an account itself", async () => {
      const schoolId = await schoolWithAddress(900082, '850', 'Sneaky Primary');
      const bursar = await createUser('bursar@sneaky.example');
      await addBuyer(schoolId, bursar, 'business_manager');
      await expect(
        runScoped(await ownerDb(), { organisationId: schoolId, userId: bursar }, (tx) =>
          tx
            .insertInto('customer_accounts')
            .values({
              tenant_id: alpha.id,
              organisation_id: schoolId,
              customer_class: 'own_maintained',
              settlement_method: 'recharge',
            })
            .execute(),
        ),
      ).rejects.toThrow(/row-level security/);
    });
  });
});

describe('the database and the app classify alike', () => {
  it('default_year_kind matches the calendar defaults for every class', async () => {
    const db = await ownerDb();
    for (const cls of Object.keys(customerClassNames) as CustomerClass[]) {
      const { rows } = await sql<{ kind: string }>`select default_year_kind(${cls}) as kind`.execute(db);
      expect(rows[0]!.kind, cls).toBe(DEFAULT_YEAR_KIND[cls]);
    }
  });

  it('classify_school matches classifySchool', async () => {
    const db = await ownerDb();
    const groups: TypeGroup[] = ['la_maintained', 'academy', 'free_school', 'special', 'independent', 'other'];
    for (const typeGroup of groups)
      for (const laCode of ['852', '921'])
        for (const typeOfEstablishment of ['Community special school', 'Academy special sponsor led', null]) {
          const { rows } = await sql<{ cls: string }>`
            select classify_school(${laCode}, ${typeGroup}, ${typeOfEstablishment}, '852') as cls`.execute(db);
          expect(rows[0]!.cls, `${typeGroup} ${laCode} ${typeOfEstablishment}`).toBe(
            classifySchool({ laCode, typeGroup, typeOfEstablishment }, '852').customerClass,
          );
        }
  });
});
