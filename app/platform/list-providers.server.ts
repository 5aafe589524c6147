import { getDatabase } from '../../db/client.server';
import { listProviders } from '../../db/queries/providers';

/** Every provider on the service, for the platform administrator: what it is, its area and its people. */
export async function providersOverview() {
  const { db } = await getDatabase();
  const rows = await listProviders(db);
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    laCode: r.la_code,
    urn: r.urn,
    companiesHouseNumber: r.companies_house_number,
    contactEmail: r.contact_email,
    people: Number(r.people ?? 0),
    waiting: Number(r.waiting ?? 0),
  }));
}
