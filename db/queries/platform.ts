import { sql, type Kysely } from 'kysely';
import type { BuyerRole, Database, Organisation, ProviderKind } from '../schema';

/** Platform administration (seed, provisioning): the owner's handle, outside any tenant. */
type PlatformTx = Kysely<Database>;

export async function upsertCouncil(tx: PlatformTx, council: { laCode: string; name: string }) {
  const existing = await tx
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'council')
    .where('la_code', '=', council.laCode)
    .executeTakeFirst();
  if (existing) {
    await tx.updateTable('organisations').set({ name: council.name }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await tx
    .insertInto('organisations')
    .values({ kind: 'council', name: council.name, la_code: council.laCode })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function upsertTenant(
  tx: PlatformTx,
  tenant: {
    /** A council unless said otherwise; its organisation must be of the matching kind. */
    kind?: ProviderKind;
    slug: string;
    name: string;
    organisationId: string;
    laCode: string;
    address: string;
    postcode: string;
    vatNumber: string;
    vatNumberIsDemo: boolean;
    paymentTermsDays: number;
    invoicePrefix: string;
    /** 2–6 capital letters leading its order and agreement references. */
    referencePrefix: string;
    contactEmail: string;
    /** Where payment goes, printed on invoices; left as it is when not given. */
    bank?: { name: string; sortCode: string; accountNumber: string };
  },
) {
  const values = {
    ...(tenant.kind ? { kind: tenant.kind } : {}),
    slug: tenant.slug,
    name: tenant.name,
    organisation_id: tenant.organisationId,
    la_code: tenant.laCode,
    address: tenant.address,
    postcode: tenant.postcode,
    vat_number: tenant.vatNumber,
    vat_number_is_demo: tenant.vatNumberIsDemo,
    payment_terms_days: tenant.paymentTermsDays,
    invoice_prefix: tenant.invoicePrefix,
    reference_prefix: tenant.referencePrefix,
    contact_email: tenant.contactEmail,
    ...(tenant.bank
      ? {
          bank_name: tenant.bank.name,
          bank_sort_code: tenant.bank.sortCode,
          bank_account_number: tenant.bank.accountNumber,
        }
      : {}),
  };
  const { slug: _slug, ...changes } = values;
  const row = await tx
    .insertInto('tenants')
    .values(values)
    .onConflict((oc) => oc.column('slug').doUpdateSet(changes))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Creates the person if new; never changes an existing person's password. */
export async function ensureUser(tx: PlatformTx, user: { email: string; name: string; passwordHash: string }) {
  const existing = await tx
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', user.email.toLowerCase())
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await tx
    .insertInto('users')
    .values({ email: user.email, name: user.name, password_hash: user.passwordHash })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function ensureOrganisationMembership(
  tx: PlatformTx,
  membership: { organisationId: string; userId: string; role: BuyerRole },
) {
  await tx
    .insertInto('organisation_memberships')
    .values({ organisation_id: membership.organisationId, user_id: membership.userId, role: membership.role })
    .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
    .execute();
}

export async function findSchoolOrganisation(tx: PlatformTx, urn: number): Promise<Organisation | undefined> {
  return tx.selectFrom('organisations').selectAll().where('urn', '=', urn).executeTakeFirst();
}

export async function findCouncilOrganisation(tx: PlatformTx, laCode: string) {
  return tx
    .selectFrom('organisations')
    .selectAll()
    .where('kind', '=', 'council')
    .where('la_code', '=', laCode)
    .executeTakeFirst();
}

export async function listSchoolOrganisations(tx: PlatformTx, laCodes: string[]) {
  if (laCodes.length === 0) return [];
  return tx
    .selectFrom('organisations')
    .innerJoin('schools', 'schools.urn', 'organisations.urn')
    .select([
      'organisations.id as organisationId',
      'schools.la_code as laCode',
      'schools.type_group as typeGroup',
      'schools.type_of_establishment as typeOfEstablishment',
    ])
    .where('schools.la_code', 'in', laCodes)
    .where('schools.status', '=', 'Open')
    .execute();
}

export async function findUserIdByEmail(tx: PlatformTx, email: string): Promise<string | null> {
  const row = await tx
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row?.id ?? null;
}
