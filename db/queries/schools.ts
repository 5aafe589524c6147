import { sql, type Kysely } from 'kysely';
import type { Database, NewSchool } from '../schema';

/**
 * National reference data is written by platform administration only (the import command and the
 * seed), with the owner's handle inside one transaction: schools are shared by every tenant.
 */
type PlatformTx = Kysely<Database>;

const COMPARED = [
  'la_code',
  'la_name',
  'establishment_number',
  'name',
  'type_of_establishment',
  'type_group',
  'status',
  'phase',
  'pupils',
  'trust_code',
  'trust_name',
  'street',
  'town',
  'postcode',
  'open_date',
  'links',
] as const;

/** Called after each batch is written, with how many rows that batch held. */
export type OnBatch = (rows: number) => void;

export async function upsertSchools(tx: PlatformTx, schools: NewSchool[], onBatch?: OnBatch) {
  let inserted = 0;
  let updated = 0;
  for (let i = 0; i < schools.length; i += 500) {
    const batch = schools.slice(i, i + 500);
    const rows = await tx
      .insertInto('schools')
      .values(batch)
      .onConflict((oc) =>
        oc
          .column('urn')
          .doUpdateSet((eb) => ({
            ...Object.fromEntries(COMPARED.map((c) => [c, eb.ref(`excluded.${c}`)])),
            imported_at: sql<Date>`now()`,
          }))
          .where(
            sql<boolean>`(${sql.join(COMPARED.map((c) => sql.ref(`schools.${c}`)))}) is distinct from (${sql.join(
              COMPARED.map((c) => sql.ref(`excluded.${c}`)),
            )})`,
          ),
      )
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .execute();
    for (const row of rows) {
      if (row.inserted) inserted += 1;
      else updated += 1;
    }
    onBatch?.(batch.length);
  }
  return { inserted, updated, unchanged: schools.length - inserted - updated };
}

export async function upsertTrusts(tx: PlatformTx, trusts: Array<{ key: string; name: string }>) {
  const ids = new Map<string, string>();
  for (let i = 0; i < trusts.length; i += 1000) {
    const batch = trusts.slice(i, i + 1000);
    await tx
      .insertInto('organisations')
      .values(batch.map((t) => ({ kind: 'trust' as const, name: t.name, trust_key: t.key })))
      .onConflict((oc) =>
        oc
          .column('trust_key')
          .doUpdateSet((eb) => ({ name: eb.ref('excluded.name') }))
          .where(sql<boolean>`organisations.name is distinct from excluded.name`),
      )
      .execute();
    const rows = await tx
      .selectFrom('organisations')
      .select(['id', 'trust_key'])
      .where(
        'trust_key',
        'in',
        batch.map((t) => t.key),
      )
      .execute();
    for (const row of rows) if (row.trust_key) ids.set(row.trust_key, row.id);
  }
  return ids;
}

export async function upsertSchoolOrganisations(
  tx: PlatformTx,
  schools: Array<{ urn: number; name: string; laCode: string; trustId: string | null }>,
  onBatch?: OnBatch,
) {
  for (let i = 0; i < schools.length; i += 1000) {
    const batch = schools.slice(i, i + 1000);
    await tx
      .insertInto('organisations')
      .values(
        batch.map((s) => ({
          kind: 'school' as const,
          name: s.name,
          urn: s.urn,
          la_code: s.laCode,
          trust_id: s.trustId,
        })),
      )
      .onConflict((oc) =>
        oc
          .column('urn')
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            la_code: eb.ref('excluded.la_code'),
            trust_id: eb.ref('excluded.trust_id'),
          }))
          .where(
            sql<boolean>`(organisations.name, organisations.la_code, organisations.trust_id)
              is distinct from (excluded.name, excluded.la_code, excluded.trust_id)`,
          ),
      )
      .execute();
    onBatch?.(batch.length);
  }
}

export async function countSchools(tx: PlatformTx) {
  const row = await tx
    .selectFrom('schools')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
