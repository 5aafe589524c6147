import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ProviderKind } from '../schema';
import { RUNTIME_ROLE, type Scoped } from '../scope.server';

/** Platform administration: the owner's handle (or its transaction), outside any tenant. */
type PlatformTx = Kysely<Database>;

/** Every provider, for the platform administrator's list. */
export async function listProviders(tx: PlatformTx) {
  return tx
    .selectFrom('tenants')
    .innerJoin('organisations', 'organisations.id', 'tenants.organisation_id')
    .select([
      'tenants.id',
      'tenants.slug',
      'tenants.name',
      'tenants.kind',
      'tenants.la_code',
      'tenants.contact_email',
      'tenants.created_at',
      'organisations.urn',
      'organisations.companies_house_number',
      (eb) =>
        eb
          .selectFrom('tenant_memberships')
          .select((m) => m.fn.countAll<number>().as('n'))
          .whereRef('tenant_memberships.tenant_id', '=', 'tenants.id')
          .as('people'),
      (eb) =>
        eb
          .selectFrom('invitations')
          .select((m) => m.fn.countAll<number>().as('n'))
          .whereRef('invitations.tenant_id', '=', 'tenants.id')
          .where('invitations.accepted_at', 'is', null)
          .where('invitations.revoked_at', 'is', null)
          .where('invitations.expires_at', '>', new Date())
          .as('waiting'),
    ])
    .orderBy('tenants.name')
    .execute();
}

/** Which of a new provider's names are already someone else's. */
export async function findProviderClashes(
  tx: PlatformTx,
  wanted: { slug: string; invoicePrefix: string; referencePrefix: string; organisationId: string | null },
) {
  const rows = await tx
    .selectFrom('tenants')
    .select(['name', 'slug', 'invoice_prefix', 'reference_prefix', 'organisation_id'])
    .where((eb) =>
      eb.or([
        eb('slug', '=', wanted.slug),
        eb('invoice_prefix', '=', wanted.invoicePrefix),
        eb('reference_prefix', '=', wanted.referencePrefix),
        ...(wanted.organisationId ? [eb('organisation_id', '=', wanted.organisationId)] : []),
      ]),
    )
    .execute();
  const by = (match: (r: (typeof rows)[number]) => boolean) => rows.find(match)?.name ?? null;
  return {
    slug: by((r) => r.slug === wanted.slug),
    invoicePrefix: by((r) => r.invoice_prefix === wanted.invoicePrefix),
    referencePrefix: by((r) => r.reference_prefix === wanted.referencePrefix),
    organisation: by((r) => r.organisation_id === wanted.organisationId),
  };
}

/** An open school in the national schools list, with its organisation, for a teaching school provider. */
export async function findSchoolByUrn(tx: PlatformTx, urn: number) {
  return tx
    .selectFrom('schools')
    .innerJoin('organisations', 'organisations.urn', 'schools.urn')
    .select([
      'organisations.id as organisationId',
      'schools.name',
      'schools.la_code',
      'schools.status',
      'schools.street',
      'schools.town',
      'schools.postcode',
    ])
    .where('schools.urn', '=', urn)
    .executeTakeFirst();
}

export async function findCouncilByLaCode(tx: PlatformTx, laCode: string) {
  return tx
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('kind', '=', 'council')
    .where('la_code', '=', laCode)
    .executeTakeFirst();
}

export async function insertCouncilOrganisation(tx: PlatformTx, council: { laCode: string; name: string }) {
  const row = await tx
    .insertInto('organisations')
    .values({ kind: 'council', name: council.name, la_code: council.laCode })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A trust by its Companies House number, or the trust of that name in the schools list (then given
 * the number); a trust found in neither is added, known by its number.
 */
export async function findOrAddTrust(tx: PlatformTx, trust: { name: string; companiesHouseNumber: string }) {
  const byNumber = await tx
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('kind', '=', 'trust')
    .where('companies_house_number', '=', trust.companiesHouseNumber)
    .executeTakeFirst();
  if (byNumber) return byNumber.id;
  const byName = await tx
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'trust')
    .where('companies_house_number', 'is', null)
    .where(
      sql`lower(regexp_replace(trim(name), '\\s+', ' ', 'g'))`,
      '=',
      trust.name.trim().toLowerCase().replace(/\s+/g, ' '),
    )
    .executeTakeFirst();
  if (byName) {
    await tx
      .updateTable('organisations')
      .set({ companies_house_number: trust.companiesHouseNumber })
      .where('id', '=', byName.id)
      .execute();
    return byName.id;
  }
  const row = await tx
    .insertInto('organisations')
    .values({
      kind: 'trust',
      name: trust.name,
      trust_key: `companies-house:${trust.companiesHouseNumber}`,
      companies_house_number: trust.companiesHouseNumber,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertProvider(
  tx: PlatformTx,
  provider: {
    kind: ProviderKind;
    slug: string;
    name: string;
    organisationId: string;
    laCode: string;
    address: string;
    postcode: string;
    vatNumber: string | null;
    invoicePrefix: string;
    referencePrefix: string;
    contactEmail: string;
  },
) {
  const row = await tx
    .insertInto('tenants')
    .values({
      kind: provider.kind,
      slug: provider.slug,
      name: provider.name,
      organisation_id: provider.organisationId,
      la_code: provider.laCode,
      address: provider.address,
      postcode: provider.postcode,
      vat_number: provider.vatNumber,
      invoice_prefix: provider.invoicePrefix,
      reference_prefix: provider.referencePrefix,
      contact_email: provider.contactEmail,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The rest of the platform administrator's transaction runs as the runtime role, scoped to the new
 * provider: its first invitation and audit entries are written through row-level security like any
 * tenant admin's. (Within one transaction, so a refusal anywhere leaves nothing behind.)
 */
export async function actForNewProvider(
  tx: Transaction<Database>,
  scope: { tenantId: string; userId: string },
): Promise<Scoped> {
  await sql`select set_config('role', ${RUNTIME_ROLE}, true),
                   set_config('app.tenant_id', ${scope.tenantId}, true),
                   set_config('app.user_id', ${scope.userId}, true),
                   set_config('app.organisation_id', '', true)`.execute(tx);
  return tx as Scoped;
}
