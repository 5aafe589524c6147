import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember } from '../../app/auth/guards.server';
import { auditLog } from '../../app/audit/audit-log.server';
import * as list from '../../app/routes/platform.providers._index';
import * as add from '../../app/routes/platform.providers.new';
import * as users from '../../app/routes/t.$tenant.users._index';
import * as accountPage from '../../app/routes/t.$tenant.customers.$accountId';
import { acceptInvitation } from '../../app/tenancy/accept-invitation.server';
import { ensurePlatformAdmin } from '../../db/queries/platform-admins';
import { ensureCustomerAccounts } from '../../db/queries/tenancy';
import { runScoped, withTenant } from '../../db/scope.server';
import { readMails } from '../setup/mail';
import {
  asUser,
  createSchool,
  createUser,
  get,
  ownerDb,
  post,
  respond,
  twoTenants,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';

// A platform administrator adds providers beyond councils: a teaching school (a school in the
// schools list), an academy trust, or another council; each with its first admin invited by mail.

const TEACHING_SCHOOL_URN = 900010;
const args = (request: Request) => ({ request, params: {}, context: {} });

let alpha: TestTenant;
let platform: Browser;
let tenantAdmin: Browser;
let buyer: Browser;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  const adminId = await createUser('platform@traded.example', 'Platform administrator');
  await ensurePlatformAdmin(await ownerDb(), adminId);
  platform = await asUser(adminId);
  tenantAdmin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  buyer = await asUser(alpha.buyerId, `org:${alpha.schoolOrganisationId}`);
  // A school in the schools list with its address, as GIAS gives it.
  await createSchool(TEACHING_SCHOOL_URN, '852', 'Springfield Primary School');
  await (
    await ownerDb()
  )
    .updateTable('schools')
    .set({ street: 'Milton Road', town: 'Southampton', postcode: 'so15 2hw', type_group: 'academy' })
    .where('urn', '=', TEACHING_SCHOOL_URN)
    .execute();
});

const teachingSchool = {
  kind: 'teaching_school',
  name: 'Springfield Teaching School',
  slug: 'springfield-teaching-school',
  urn: String(TEACHING_SCHOOL_URN),
  contactEmail: 'hub@springfield.example',
  invoicePrefix: 'sfts-',
  referencePrefix: 'SFTS',
  vatNumber: '',
  adminEmail: 'Head@Springfield.example',
};

const trust = {
  kind: 'academy_trust',
  name: 'Solent Learning Trust school support',
  slug: 'solent-learning-trust',
  trustName: 'Solent Learning Trust',
  companiesHouseNumber: '07654321',
  laCode: '852',
  address: 'Trust Office\nHigh Street\nSouthampton',
  postcode: 'SO14 1AA',
  contactEmail: 'support@solent-trust.example',
  invoicePrefix: 'SLT-',
  referencePrefix: 'SLT',
  vatNumber: 'GB123456789',
  adminEmail: 'ceo@solent-trust.example',
};

const council = {
  kind: 'council',
  name: 'Hampshire County Council Education Services',
  slug: 'hampshire',
  laCode: '850',
  address: 'The Castle\nWinchester',
  postcode: 'SO23 8UJ',
  contactEmail: 'traded@hampshire.example',
  invoicePrefix: 'HCC-',
  referencePrefix: 'HANTS',
  adminEmail: 'admin@hampshire.example',
};

function submit(fields: Record<string, string>, browser = platform) {
  return respond(() => add.action(args(post('/platform/providers/new', fields, browser))));
}

async function counts() {
  const db = await ownerDb();
  const row = await sql<{ tenants: number; organisations: number; invitations: number; audit: number }>`
    select (select count(*)::int from tenants) as tenants,
           (select count(*)::int from organisations) as organisations,
           (select count(*)::int from invitations) as invitations,
           (select count(*)::int from audit_events) as audit`.execute(db);
  return { ...row.rows[0]!, mails: (await readMails()).length };
}

async function tokenMailedTo(email: string, slug: string) {
  const mails = (await readMails()).filter((m) => m.to === email);
  expect(mails).toHaveLength(1);
  const match = new RegExp(`/invitations/${slug}/([A-Za-z0-9]+)`).exec(mails[0]!.text);
  expect(match, mails[0]!.text).not.toBeNull();
  return { mail: mails[0]!, token: match![1]! };
}

async function tenantRow(slug: string) {
  return (await ownerDb())
    .selectFrom('tenants')
    .innerJoin('organisations', 'organisations.id', 'tenants.organisation_id')
    .select([
      'tenants.id',
      'tenants.kind',
      'tenants.la_code',
      'tenants.address',
      'tenants.postcode',
      'tenants.vat_number',
      'tenants.invoice_prefix',
      'tenants.reference_prefix',
      'organisations.kind as organisationKind',
      'organisations.urn',
      'organisations.name as organisationName',
      'organisations.companies_house_number',
    ])
    .where('tenants.slug', '=', slug)
    .executeTakeFirstOrThrow();
}

describe('/platform/providers', () => {
  it('is not found for anyone but a platform administrator, and adds nothing for them', async () => {
    const before = await counts();
    for (const browser of [tenantAdmin, buyer]) {
      expect((await respond(() => list.loader(args(get('/platform/providers', browser))))).status).toBe(404);
      expect((await respond(() => add.loader(args(get('/platform/providers/new', browser))))).status).toBe(404);
      expect((await submit(teachingSchool, browser)).status).toBe(404);
    }
    expect(await counts()).toEqual(before);
    expect((await respond(() => list.loader(args(get('/platform/providers'))))).status).toBe(302);
  });

  it('lists every provider with its kind and area', async () => {
    const page = await respond(() => list.loader(args(get('/platform/providers', platform))));
    expect(page.status).toBe(200);
    const { providers } = page.value as Awaited<ReturnType<typeof list.loader>>;
    expect(providers.map((p) => [p.slug, p.kind, p.laCode, p.people])).toEqual([
      ['alpha', 'council', '852', 2],
      ['beta', 'council', '921', 2],
    ]);
  });
});

describe('adding a teaching school', () => {
  it('makes the school a provider, invites its first admin by mail, and the admin who accepts runs it', async () => {
    const posted = await submit(teachingSchool);
    expect(posted.status).toBe(302);
    expect(posted.response!.headers.get('location')).toBe('/platform/providers?added=springfield-teaching-school');

    const row = await tenantRow('springfield-teaching-school');
    expect(row).toMatchObject({
      kind: 'teaching_school',
      organisationKind: 'school',
      urn: TEACHING_SCHOOL_URN,
      // Area and address from the schools list, as they were left blank.
      la_code: '852',
      address: 'Milton Road\nSouthampton',
      postcode: 'SO15 2HW',
      vat_number: null,
      invoice_prefix: 'SFTS-',
      reference_prefix: 'SFTS',
    });

    const { mail, token } = await tokenMailedTo('head@springfield.example', 'springfield-teaching-school');
    expect(mail.subject).toBe('You have been invited to Springfield Teaching School on Traded');
    expect(mail.text).toContain('Platform administrator has invited you to join Springfield Teaching School');
    expect(mail.text).toContain('as tenant admin');

    const listed = await respond(() => list.loader(args(get('/platform/providers', platform))));
    const providers = (listed.value as Awaited<ReturnType<typeof list.loader>>).providers;
    expect(providers.find((p) => p.slug === 'springfield-teaching-school')).toMatchObject({
      kind: 'teaching_school',
      urn: TEACHING_SCHOOL_URN,
      people: 0,
      waiting: 1,
    });

    const signedIn = await acceptInvitation('springfield-teaching-school', token, {
      name: 'Hannah Head',
      password: 'a long and unusual passphrase 42',
    });
    expect(signedIn.home).toBe('/t/springfield-teaching-school');
    const admin = await asUser(signedIn.userId, `tenant:${row.id}`);
    const ctx = await requireTenantMember(
      get('/t/springfield-teaching-school/users', admin),
      'springfield-teaching-school',
      'users.manage',
    );
    expect(ctx.role).toBe('admin');
    // A school has no council buying side to invite people to from its users page.
    const usersPage = await respond(() =>
      users.loader({
        ...args(get('/t/springfield-teaching-school/users', admin)),
        params: { tenant: 'springfield-teaching-school' },
      }),
    );
    expect(usersPage.value).toMatchObject({ council: false, users: [{ name: 'Hannah Head', role: 'admin' }] });
    const buying = await respond(() =>
      users.action({
        ...args(
          post(
            '/t/springfield-teaching-school/users',
            { intent: 'buying', buyerEmail: 'someone@springfield.example', buyerRole: 'approver' },
            admin,
          ),
        ),
        params: { tenant: 'springfield-teaching-school' },
      }),
    );
    expect(buying.status).toBe(404);

    // The log in words: a platform administrator added the provider and invited its admin (their
    // name is not the provider's to read: they are no member of it).
    const log = await auditLog(ctx, {}, { limit: 10, offset: 0 });
    expect(log.entries.map((e) => `${e.who} ${e.what}`).reverse()).toEqual([
      'A platform administrator added Springfield Teaching School to Traded as a teaching school, and invited its first admin',
      'A platform administrator invited head@springfield.example as tenant admin',
      'Hannah Head joined as tenant admin',
    ]);
    // Its calendar starts with the usual term dates.
    const terms = await withTenant(ctx, (tx) =>
      tx.selectFrom('term_dates').select('academic_year').where('tenant_id', '=', ctx.tenantId).execute(),
    );
    expect(terms).toHaveLength(2);
  });

  it('refuses an unknown URN, a school already a provider, and a closed school, saving nothing', async () => {
    const before = await counts();
    const unknown = await submit({ ...teachingSchool, urn: '999999' });
    expect(unknown.status).toBe(400);
    expect((unknown.value as { errors: unknown[] }).errors).toEqual([
      { field: 'urn', message: 'No school has the URN 999999 in the schools list' },
    ]);
    await (
      await ownerDb()
    )
      .updateTable('schools')
      .set({ status: 'Closed' })
      .where('urn', '=', TEACHING_SCHOOL_URN)
      .execute();
    const closed = await submit(teachingSchool);
    expect((closed.value as { errors: unknown[] }).errors).toEqual([
      { field: 'urn', message: 'Springfield Primary School (URN 900010) is not open' },
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('adding an academy trust', () => {
  it('adds the trust as an organisation known by its Companies House number, and refuses it twice', async () => {
    const posted = await submit(trust);
    expect(posted.status).toBe(302);
    expect(await tenantRow('solent-learning-trust')).toMatchObject({
      kind: 'academy_trust',
      organisationKind: 'trust',
      organisationName: 'Solent Learning Trust',
      companies_house_number: '07654321',
      la_code: '852',
      vat_number: 'GB123456789',
    });
    const { token } = await tokenMailedTo('ceo@solent-trust.example', 'solent-learning-trust');
    const signedIn = await acceptInvitation('solent-learning-trust', token, {
      name: 'Chris Executive',
      password: 'another long unusual passphrase 7',
    });
    expect(signedIn.home).toBe('/t/solent-learning-trust');

    const before = await counts();
    const again = await submit({ ...trust, slug: 'solent-two', invoicePrefix: 'SLTT-', referencePrefix: 'SLTT' });
    expect(again.status).toBe(400);
    expect((again.value as { errors: unknown[] }).errors).toEqual([
      {
        field: 'companiesHouseNumber',
        message: 'That trust is already a provider: Solent Learning Trust school support',
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('uses the trust of that name already in the schools list', async () => {
    const db = await ownerDb();
    const { id } = await db
      .insertInto('organisations')
      .values({ kind: 'trust', name: 'SOLENT  LEARNING TRUST', trust_key: 'gias:TR09999' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await submit(trust)).status).toBe(302);
    const row = await db
      .selectFrom('tenants')
      .select('organisation_id')
      .where('slug', '=', 'solent-learning-trust')
      .executeTakeFirstOrThrow();
    expect(row.organisation_id).toBe(id);
  });
});

describe('adding a council', () => {
  it('adds a new council organisation, or refuses a council that is already a provider', async () => {
    expect((await submit(council)).status).toBe(302);
    expect(await tenantRow('hampshire')).toMatchObject({
      kind: 'council',
      organisationKind: 'council',
      la_code: '850',
      organisationName: 'Hampshire County Council Education Services',
    });
    await tokenMailedTo('admin@hampshire.example', 'hampshire');

    const before = await counts();
    const beta = await submit({
      ...council,
      slug: 'beta-two',
      laCode: '921',
      invoicePrefix: 'BB-',
      referencePrefix: 'BB',
    });
    expect((beta.value as { errors: unknown[] }).errors).toEqual([
      { field: 'laCode', message: 'That council is already a provider: beta education services' },
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('bad input on the form', () => {
  it('lists every missing field against its field', async () => {
    const before = await counts();
    const blank = await submit({});
    expect(blank.status).toBe(400);
    expect((blank.value as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      'kind',
      'name',
      'slug',
      'contactEmail',
      'invoicePrefix',
      'referencePrefix',
      'adminEmail',
    ]);
    const trustOnly = await submit({
      ...trust,
      trustName: '',
      companiesHouseNumber: '',
      laCode: '',
      address: '',
      postcode: '',
    });
    expect((trustOnly.value as { errors: unknown[] }).errors).toEqual([
      { field: 'trustName', message: 'Enter the trust’s name' },
      { field: 'companiesHouseNumber', message: 'Enter the trust’s Companies House number' },
      { field: 'laCode', message: 'Enter the code of the area the trust serves' },
      { field: 'address', message: 'Enter the provider’s address' },
      { field: 'postcode', message: 'Enter the provider’s postcode' },
    ]);
    const school = await submit({ ...teachingSchool, urn: '' });
    expect((school.value as { errors: unknown[] }).errors).toEqual([
      { field: 'urn', message: 'Enter the URN of the school, from the schools list (Get Information about Schools)' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a bad email, slug, prefix or Companies House number', async () => {
    const before = await counts();
    const bad = await submit({
      ...trust,
      slug: 'Solent Trust',
      adminEmail: 'not an email',
      contactEmail: 'support@',
      invoicePrefix: 'S',
      referencePrefix: 'TOOLONGX',
      companiesHouseNumber: '123',
      vatNumber: '123',
    });
    expect(bad.status).toBe(400);
    expect((bad.value as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      'slug',
      'companiesHouseNumber',
      'contactEmail',
      'invoicePrefix',
      'referencePrefix',
      'vatNumber',
      'adminEmail',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a web address name or prefixes another provider has, naming it, and saves nothing', async () => {
    const before = await counts();
    const clash = await submit({ ...teachingSchool, slug: 'alpha', invoicePrefix: 'TST-', referencePrefix: 'BETA' });
    expect(clash.status).toBe(400);
    expect((clash.value as { errors: unknown[] }).errors).toEqual([
      { field: 'slug', message: 'The web address name alpha is already used by alpha education services' },
      {
        field: 'invoicePrefix',
        message:
          'The invoice prefix TST- is already used by alpha education services: choose another, so invoice numbers read apart',
      },
      { field: 'referencePrefix', message: 'The reference prefix BETA is already used by beta education services' },
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('in the database', () => {
  it("keeps a provider's organisation of its kind, and lets only a council settle by recharge", async () => {
    expect((await submit(teachingSchool)).status).toBe(302);
    const db = await ownerDb();
    const { id: tenantId } = await tenantRow('springfield-teaching-school');
    await expect(
      db.updateTable('tenants').set({ kind: 'council' }).where('id', '=', tenantId).execute(),
    ).rejects.toThrow(/a council provider must be a council organisation, not school/);

    // A maintained school in the area is classified as it would be by a council, but invoiced.
    await runScoped(db, { tenantId }, (tx) =>
      ensureCustomerAccounts(tx, tenantId, [
        { organisationId: alpha.schoolOrganisationId, customerClass: 'own_maintained', settlementMethod: 'recharge' },
      ]),
    );
    const account = () =>
      db
        .selectFrom('customer_accounts')
        .select(['customer_class', 'settlement_method'])
        .where('tenant_id', '=', tenantId)
        .where('organisation_id', '=', alpha.schoolOrganisationId)
        .executeTakeFirstOrThrow();
    expect(await account()).toEqual({ customer_class: 'own_maintained', settlement_method: 'invoice' });
    await expect(
      runScoped(db, { tenantId }, (tx) =>
        tx
          .updateTable('customer_accounts')
          .set({ settlement_method: 'recharge' })
          .where('tenant_id', '=', tenantId)
          .execute(),
      ),
    ).rejects.toThrow(/only a council settles by recharge/);
    // A council's own maintained school still settles by recharge.
    const alphaAccount = await db
      .selectFrom('customer_accounts')
      .select('settlement_method')
      .where('tenant_id', '=', alpha.id)
      .executeTakeFirstOrThrow();
    expect(alphaAccount.settlement_method).toBe('recharge');
  });
});

describe("a teaching school's customer accounts", () => {
  it('refuses recharge on the account form with a message, and saves invoice', async () => {
    // The mail folder lasts the whole file: this test's admin has an address of their own.
    expect((await submit({ ...teachingSchool, adminEmail: 'business@springfield.example' })).status).toBe(302);
    const { token } = await tokenMailedTo('business@springfield.example', 'springfield-teaching-school');
    const signedIn = await acceptInvitation('springfield-teaching-school', token, {
      name: 'Bea Business',
      password: 'a long and unusual passphrase 42',
    });
    const { id: tenantId } = await tenantRow('springfield-teaching-school');
    const admin = await asUser(signedIn.userId, `tenant:${tenantId}`);
    const db = await ownerDb();
    await runScoped(db, { tenantId }, (tx) =>
      ensureCustomerAccounts(tx, tenantId, [
        { organisationId: alpha.schoolOrganisationId, customerClass: 'own_maintained', settlementMethod: 'invoice' },
      ]),
    );
    const { id: accountId } = await db
      .selectFrom('customer_accounts')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    const fields = (settlementMethod: string) => ({
      customerClass: 'own_maintained',
      settlementMethod,
      yearKind: 'financial',
      accountCode: '',
      poRequired: 'no',
      billingContactName: '',
      billingContactEmail: '',
      billingAddressLine1: '1 School Lane',
      billingAddressLine2: '',
      billingTown: 'Southampton',
      billingPostcode: 'SO16 1AA',
    });
    const save = (settlementMethod: string) =>
      respond(() =>
        accountPage.action({
          request: post(`/t/springfield-teaching-school/customers/${accountId}`, fields(settlementMethod), admin),
          params: { tenant: 'springfield-teaching-school', accountId },
          context: {},
        }),
      );
    const refused = await save('recharge');
    expect(refused.status).toBe(400);
    expect((refused.value as { errors: unknown[] }).errors).toEqual([
      { field: 'settlementMethod', message: 'Only a council settles by internal recharge: choose invoice' },
    ]);
    expect((await save('invoice')).status).toBe(302);
  });
});
