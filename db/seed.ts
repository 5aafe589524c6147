import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ZodError, type ZodType } from 'zod';
import { hashPassword } from '../app/auth/password.server';
import { importSchools } from '../app/schools/import-schools.server';
import { classifySchool } from '../app/tenancy/customer-class';
import { peopleSchema, profileSchema, type OrganisationRef, type TenantPeople, type TenantProfile } from '../tenants/schema';
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
import { runScoped } from './scope.server';

export const DEMO_PASSWORD = 'traded-demo-2026';
export const DEFAULT_TENANTS_DIR = path.join(process.cwd(), 'tenants');

export interface DemoTenant {
  dir: string;
  profile: TenantProfile;
  people: TenantPeople;
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
      throw new Error(`${file} does not match tenants/schema.ts:\n${error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
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

/**
 * Loads the schools and the demo authorities. Safe to run again: nothing is duplicated and no
 * existing password is changed.
 */
export async function seedDemo(db: Db, options: { tenantsDir?: string; log?: (line: string) => void } = {}) {
  const log = options.log ?? (() => {});
  const tenantsDir = options.tenantsDir ?? DEFAULT_TENANTS_DIR;
  const demo = loadDemoTenants(tenantsDir);

  const schools = await importSchools(db, readFileSync(path.join(tenantsDir, 'schools-5la.csv')));
  if (!schools.ok) throw new Error(`tenants/schools-5la.csv could not be imported: ${schools.fileError ?? JSON.stringify(schools.problems.slice(0, 5))}`);
  log(`Schools: ${schools.total} (${schools.inserted} new, ${schools.updated} updated)`);

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const councilIds = new Map<string, string>();
  for (const { profile } of demo)
    councilIds.set(profile.laCode, await upsertCouncil(db, { laCode: profile.laCode, name: profile.councilName }));

  for (const { profile, people } of demo) {
    const tenantId = await upsertTenant(db, {
      slug: profile.slug,
      name: profile.name,
      organisationId: councilIds.get(profile.laCode)!,
      laCode: profile.laCode,
      address: profile.address.join('\n'),
      postcode: profile.postcode,
      vatNumber: profile.vatNumber,
      vatNumberIsDemo: profile.vatNumberIsDemo,
      paymentTermsDays: profile.paymentTermsDays,
      invoicePrefix: profile.invoicePrefix,
      contactEmail: profile.contactEmail,
    });

    const staffIds: Array<{ userId: string; role: (typeof people.staff)[number]['role'] }> = [];
    for (const person of people.staff)
      staffIds.push({ userId: await ensureUser(db, { ...person, passwordHash }), role: person.role });
    for (const person of people.buyers) {
      const userId = await ensureUser(db, { ...person, passwordHash });
      await ensureOrganisationMembership(db, {
        organisationId: await resolveOrganisation(db, person.organisation),
        userId,
        role: person.role,
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
        ...schoolsSold.map((s) => ({ organisationId: s.organisationId, ...classifySchool(s, profile.laCode) })),
        ...partners,
      ]);
    });
    log(`${profile.name}: ${people.staff.length} staff, ${schoolsSold.length + partners.length} customer accounts`);
  }
  return demo;
}
