import { sql } from 'kysely';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ZodError, type ZodType } from 'zod';
import { hashPassword } from '../app/auth/password.server';
import { importSchools } from '../app/schools/import-schools.server';
import { classifySchool } from '../app/tenancy/customer-class';
import {
  catalogueSchema,
  peopleSchema,
  profileSchema,
  type DemoCatalogue,
  type OrganisationRef,
  type TenantPeople,
  type TenantProfile,
} from '../tenants/schema';
import type { Db } from './client.server';
import {
  ensureOrganisationMembership,
  ensureUser,
  findCouncilOrganisation,
  findSchoolOrganisation,
  listSchoolOrganisations,
  upsertCouncil,
  upsertTenant,
} from './queries/platform';
import { ensureCustomerAccounts, ensureTenantMembership } from './queries/tenancy';
import { insertTermDatesIfMissing } from './queries/calendar';
import { defaultTerms } from '../app/calendar/terms';
import {
  findServiceByCode,
  insertSchedule,
  insertService,
  latestScheduleVersion,
  markSchedulePublished,
  setServiceStatus,
  upsertSchedulePrice,
} from './queries/catalogue';
import { runScoped, type Scoped } from './scope.server';
import type { BuyerContext } from '../app/auth/guards.server';
import { placeOrdersIn } from '../app/commissioning/submit-order.server';
import {
  findBuyerSettings,
  hasOrdersWith,
  saveBuyerSettings,
  setContactOfficer,
  setLinesStatus,
  setOrderStatus,
} from './queries/commissioning';
import { findVisibleServiceByCode } from './queries/catalogue';
import { findUserIdByEmail } from './queries/platform';
import { ensurePlatformAdmin, setInstallationFlag } from './queries/platform-admins';
import { findAgreementForCommissioner } from './queries/agreements';
import { createAgreementIn } from '../app/agreements/create-agreement.server';
import { readActivity, seedDemoActivity, type DemoActivity } from './seed-activity';
import { seedImprovementBudgets } from './seed-improvement-budget';
import { seedSchoolImprovement } from './seed-improvement';
import { seedPerformanceData } from './seed-performance';

export const DEMO_PASSWORD = 'traded-demo-2026';
/** The demo's platform administrator (imports schools through the app), with the demo password. */
export const DEMO_PLATFORM_ADMIN = { email: 'platform@traded.example', name: 'Platform administrator' };
export const DEFAULT_TENANTS_DIR = path.join(process.cwd(), 'tenants');

export interface DemoTenant {
  dir: string;
  profile: TenantProfile;
  people: TenantPeople;
  catalogue: DemoCatalogue | null;
}

function readChecked<T>(file: string, schema: ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return schema.parse(raw);
  } catch (error) {
    if (error instanceof ZodError)
      throw new Error(
        `${file} does not match tenants/schema.ts:\n${error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
      );
    throw error;
  }
}

/** Every demo authority under tenants/, each file checked against its zod schema. */
export function loadDemoTenants(dir = DEFAULT_TENANTS_DIR): DemoTenant[] {
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort()
    .map((name) => ({
      dir: path.join(dir, name),
      profile: readChecked(path.join(dir, name, 'profile.json'), profileSchema),
      people: readChecked(path.join(dir, name, 'people.json'), peopleSchema),
      catalogue: existsSync(path.join(dir, name, 'catalogue.json'))
        ? readChecked(path.join(dir, name, 'catalogue.json'), catalogueSchema)
        : null,
    }));
}

async function resolveOrganisation(db: Db, ref: OrganisationRef): Promise<string> {
  if ('urn' in ref || 'trustOfUrn' in ref) {
    const urn = 'urn' in ref ? ref.urn : ref.trustOfUrn;
    const school = await findSchoolOrganisation(db, urn);
    if (!school) throw new Error(`No school with URN ${urn} in the schools data`);
    if ('urn' in ref) return school.id;
    if (!school.trust_id) throw new Error(`The school with URN ${urn} has no trust`);
    return school.trust_id;
  }
  const council = await findCouncilOrganisation(db, ref.councilLaCode);
  if (!council) throw new Error(`No council with LA code ${ref.councilLaCode} among the demo tenants`);
  return council.id;
}

/** A council's own organisation, or a teaching school's school (from the schools list, by URN). */
async function providerOrganisation(db: Db, profile: TenantProfile, councilIds: Map<string, string>) {
  if (profile.kind === 'council') return councilIds.get(profile.laCode)!;
  const school = await findSchoolOrganisation(db, profile.schoolUrn!);
  if (!school) throw new Error(`${profile.slug}: no school with URN ${profile.schoolUrn} in the schools data`);
  return school.id;
}

/**
 * Loads the schools and the demo authorities. Safe to run again: nothing is duplicated and no
 * existing password is changed.
 */
export async function seedDemo(db: Db, options: { tenantsDir?: string; log?: (line: string) => void } = {}) {
  const log = options.log ?? (() => {});
  const tenantsDir = options.tenantsDir ?? DEFAULT_TENANTS_DIR;
  const demo = loadDemoTenants(tenantsDir);

  const schools = await importSchools(db, readFileSync(path.join(tenantsDir, 'schools-5la.csv')));
  if (!schools.ok)
    throw new Error(
      `tenants/schools-5la.csv could not be imported: ${schools.fileError ?? JSON.stringify(schools.problems.slice(0, 5))}`,
    );
  log(`Schools: ${schools.total} (${schools.inserted} new, ${schools.updated} updated)`);
  await seedPerformanceData(db, log);

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const activities: Array<{ tenant: Parameters<typeof seedDemoActivity>[1]; activity: DemoActivity }> = [];
  const councilIds = new Map<string, string>();
  const tenantIds = new Map<string, string>();
  for (const { profile } of demo)
    if (profile.kind === 'council')
      councilIds.set(profile.laCode, await upsertCouncil(db, { laCode: profile.laCode, name: profile.councilName! }));

  for (const { dir, profile, people, catalogue } of demo) {
    const organisationId = await providerOrganisation(db, profile, councilIds);
    const tenantId = await upsertTenant(db, {
      kind: profile.kind,
      slug: profile.slug,
      name: profile.name,
      organisationId,
      laCode: profile.laCode,
      address: profile.address.join('\n'),
      postcode: profile.postcode,
      vatNumber: profile.vatNumber,
      vatNumberIsDemo: profile.vatNumberIsDemo,
      paymentTermsDays: profile.paymentTermsDays,
      invoicePrefix: profile.invoicePrefix,
      referencePrefix: profile.referencePrefix,
      contactEmail: profile.contactEmail,
      bank: profile.bank,
    });
    tenantIds.set(profile.slug, tenantId);

    const staffIds: Array<{ userId: string; role: (typeof people.staff)[number]['role'] }> = [];
    for (const person of people.staff)
      staffIds.push({ userId: await ensureUser(db, { ...person, passwordHash }), role: person.role });
    for (const { approvalThresholdPence, ...person } of people.buyers) {
      const userId = await ensureUser(db, { ...person, passwordHash });
      const organisationId = await resolveOrganisation(db, person.organisation);
      await ensureOrganisationMembership(db, { organisationId, userId, role: person.role });
      // Set once, as the approver would: a threshold changed since is theirs to keep.
      if (approvalThresholdPence !== undefined)
        await runScoped(db, { organisationId, userId }, async (tx) => {
          if (!(await findBuyerSettings(tx, organisationId)))
            await saveBuyerSettings(tx, organisationId, approvalThresholdPence, userId);
        });
    }

    const schoolsSold = await listSchoolOrganisations(db, [profile.laCode, ...profile.sellsToSchoolsOf]);
    const partners: Parameters<typeof ensureCustomerAccounts>[2] = [];
    for (const partner of profile.partnerCouncils) {
      const council = await findCouncilOrganisation(db, partner.laCode);
      if (!council) throw new Error(`${profile.slug}: partner council ${partner.laCode} is not a demo tenant`);
      partners.push({
        organisationId: council.id,
        customerClass: 'partner_council' as const,
        settlementMethod: 'invoice' as const,
        poRequired: partner.poRequired,
        billingContactName: partner.billingContact.name,
        billingContactEmail: partner.billingContact.email,
      });
    }

    await runScoped(db, { tenantId }, async (tx) => {
      for (const { userId, role } of staffIds) await ensureTenantMembership(tx, tenantId, userId, role);
      await ensureCustomerAccounts(tx, tenantId, [
        ...schoolsSold
          // A teaching school does not sell to itself.
          .filter((s) => s.organisationId !== organisationId)
          .map((s) => ({ organisationId: s.organisationId, ...classifySchool(s, profile.laCode) })),
        ...partners,
      ]);
      await giveDemoAccountCodes(tx, tenantId);
    });
    // The usual English term dates, stored so that people see them on the calendar page.
    await runScoped(db, { tenantId }, (tx) =>
      insertTermDatesIfMissing(tx, tenantId, [defaultTerms(2025), defaultTerms(2026)]),
    );
    if (catalogue) await runScoped(db, { tenantId }, (tx) => seedCatalogue(tx, tenantId, catalogue));
    for (const partner of profile.partnerCouncils) {
      if (!partner.agreement) continue;
      const council = (await findCouncilOrganisation(db, partner.laCode))!;
      await runScoped(db, { tenantId }, async (tx) => {
        if (await findAgreementForCommissioner(tx, tenantId, council.id)) return;
        await createAgreementIn(tx, tenantId, null, {
          commissionerOrganisationId: council.id,
          title: partner.agreement!.title,
          yearKind: partner.agreement!.yearKind,
          firstYear: partner.agreement!.firstYear,
          years: partner.agreement!.years,
          providerContactName: profile.name,
          providerContactEmail: profile.contactEmail,
          commissionerContactName: partner.billingContact.name,
          commissionerContactEmail: partner.billingContact.email,
          notes: partner.agreement!.notes,
        });
      });
    }
    for (const demoOrder of profile.demoOrders) await seedOrder(db, tenantId, profile.slug, demoOrder);
    const activity = readActivity(dir);
    const practitioner = staffIds.find((s) => s.role === 'practitioner');
    if (activity && practitioner)
      activities.push({ tenant: { tenantId, slug: profile.slug, practitionerId: practitioner.userId }, activity });
    for (const officer of profile.contactOfficers) {
      const school = await findSchoolOrganisation(db, officer.urn);
      const userId = await findUserIdByEmail(db, officer.staffEmail);
      if (!school || !userId)
        throw new Error(`${profile.slug}: contact officer needs school ${officer.urn} and staff ${officer.staffEmail}`);
      await runScoped(db, { tenantId }, (tx) => setContactOfficer(tx, tenantId, school.id, userId));
    }
    log(
      `${profile.name}: ${people.staff.length} staff, ${schoolsSold.length + partners.length} customer accounts, ${catalogue?.services.length ?? 0} services`,
    );
  }
  // Activity last: an authority's work for a partner council is confirmed by the partner's people.
  for (const { tenant, activity } of activities) await seedDemoActivity(db, tenant, activity);
  await seedImprovementBudgets(db, tenantIds);
  await seedSchoolImprovement(db);
  await ensureDemoPlatformAdmin(db, passwordHash);
  // Demo data (published sign-ins, a fixable date) is now in this database: remembered, so that
  // TRADED_TODAY is honoured here and nowhere else.
  await setInstallationFlag(db, 'demo_data');
  return demo;
}

/**
 * The ledger's customer numbers for the demo accounts that have none: a school's URN, a council's
 * LA code, a trust's first eight characters (a finance officer changes them on the account page).
 */
async function giveDemoAccountCodes(tx: Scoped, tenantId: string) {
  await sql`
    update customer_accounts ca
       set account_code = case o.kind when 'school' then 'S' || o.urn::text
                                      when 'council' then 'LA' || o.la_code
                                      else 'T' || upper(left(o.id::text, 8)) end
      from organisations o
     where o.id = ca.organisation_id and ca.tenant_id = ${tenantId} and ca.account_code is null`.execute(tx);
}

/** The demo's platform administrator; also added at start-up to demo databases seeded before it existed. */
export async function ensureDemoPlatformAdmin(db: Db, passwordHash?: string) {
  const userId =
    (await findUserIdByEmail(db, DEMO_PLATFORM_ADMIN.email)) ??
    (await ensureUser(db, {
      ...DEMO_PLATFORM_ADMIN,
      passwordHash: passwordHash ?? (await hashPassword(DEMO_PASSWORD)),
    }));
  await ensurePlatformAdmin(db, userId);
}

/** Services by code and one version per contract year; existing ones are left as they are. */
async function seedCatalogue(tx: Scoped, tenantId: string, catalogue: DemoCatalogue) {
  const ids = new Map<string, string>();
  for (const service of catalogue.services) {
    const existing = await findServiceByCode(tx, tenantId, service.code);
    if (existing) {
      ids.set(service.code, existing.id);
      continue;
    }
    const { id } = await insertService(tx, tenantId, {
      ...service,
      unitHours: service.unitHours === null ? null : String(service.unitHours),
      vatByClass: { own_maintained: 'O', ...service.vatByClass },
      costSalaryPence: service.cost?.salaryPence ?? null,
      costProductiveDays: service.cost?.productiveDays ?? null,
      costOverheadBasisPoints: service.cost?.overheadBasisPoints ?? null,
    });
    if (service.status !== 'draft') await setServiceStatus(tx, tenantId, id, service.status);
    ids.set(service.code, id);
  }
  for (const schedule of catalogue.schedules) {
    const yearStart = `${schedule.startYear}-${schedule.yearKind === 'academic' ? '09' : '04'}-01`;
    if (await latestScheduleVersion(tx, tenantId, schedule.yearKind, yearStart)) continue;
    const { id } = await insertSchedule(tx, {
      tenantId,
      yearKind: schedule.yearKind,
      yearStart,
      version: 1,
      effectiveFrom: yearStart,
      supersedesId: null,
      note: 'Demo schedule',
      createdBy: null,
    });
    for (const [code, byClass] of Object.entries(schedule.prices))
      for (const [customerClass, price] of Object.entries(byClass))
        await upsertSchedulePrice(tx, {
          tenantId,
          scheduleId: id,
          serviceId: ids.get(code)!,
          customerClass: customerClass as never,
          price,
        });
    if (schedule.status === 'published') await markSchedulePublished(tx, tenantId, id, null);
  }
}

/** Last year's accepted order for a school, placed the way a buyer places one; skipped if any exists. */
async function seedOrder(db: Db, tenantId: string, slug: string, demo: TenantProfile['demoOrders'][number]) {
  const school = await findSchoolOrganisation(db, demo.urn);
  const buyer = await findUserIdByEmail(db, demo.buyerEmail);
  if (!school || !buyer) throw new Error(`${slug}: demo order needs school ${demo.urn} and buyer ${demo.buyerEmail}`);
  const ctx: BuyerContext = {
    session: {
      sessionId: 'seed',
      userId: buyer,
      email: demo.buyerEmail,
      name: demo.buyerEmail,
      activeContext: null,
      expiresAt: new Date(),
    },
    organisationId: school.id,
    organisationName: school.name,
    organisationKind: 'school',
    role: 'business_manager',
    userId: buyer,
  };
  const placed = await runScoped(db, { organisationId: school.id, userId: buyer }, async (tx) => {
    if (await hasOrdersWith(tx, tenantId)) return [];
    const service = await findVisibleServiceByCode(tx, tenantId, demo.serviceCode);
    if (!service) throw new Error(`${slug}: no published service ${demo.serviceCode}`);
    return placeOrdersIn(
      tx,
      ctx,
      tenantId,
      {
        slug,
        poNumber: 'DEMO-PO-1',
        contactName: school.name,
        contactEmail: demo.buyerEmail,
        idempotencyKey: `seed-${slug}-${demo.urn}-${demo.serviceCode}`,
      },
      [
        {
          serviceId: service.id,
          yearKind: 'academic',
          yearStart: `${demo.startYear}-09-01`,
          forOrganisationId: school.id,
          quantity: demo.quantity,
          packageCode: demo.packageCode ?? null,
          preferredDates: '',
        },
      ],
      'http://localhost:3000',
      [],
      // Last year's order, placed as it was then.
      `${demo.startYear}-09-01`,
    );
  });
  for (const order of placed)
    await runScoped(db, { tenantId }, async (tx) => {
      await setOrderStatus(tx, tenantId, order.id, {
        status: 'accepted',
        by: buyer,
        kind: 'decision',
        on: `${demo.startYear}-09-01`,
      });
      await setLinesStatus(tx, tenantId, order.id, ['pending'], 'active');
    });
}
