import type { Db } from '../../db/client.server';
import { upsertSchoolOrganisations, upsertSchools, upsertTrusts } from '../../db/queries/schools';
import { decodeCsvBytes } from '../forms/csv-file';
import { parseGias, type RowProblem, type SchoolRecord } from './parse-gias';

export type ImportSchoolsResult =
  | { ok: true; total: number; inserted: number; updated: number; unchanged: number }
  | { ok: false; fileError?: string; problems: RowProblem[] };

/** How far a save has got: rows written of rows to write (each school is written twice: as a school and as an organisation). */
export type SaveProgress = (done: number, of: number) => void;

/** A trust is known by its GIAS code, or by its name where the file carries no code. */
export function trustKey(school: Pick<SchoolRecord, 'trustCode' | 'trustName'>): string | null {
  if (school.trustCode) return `gias:${school.trustCode}`;
  if (school.trustName) return `name:${school.trustName.trim().toLowerCase().replace(/\s+/g, ' ')}`;
  return null;
}

/** Reads and checks a GIAS extract: every school, or every wrong row (nothing is written either way). */
export function checkSchoolsFile(bytes: Uint8Array) {
  return parseGias(decodeCsvBytes(bytes));
}

/**
 * Upserts checked schools by URN, with an organisation for each school and trust, in one
 * transaction: all or nothing; a rerun of the same file changes nothing. Platform administration:
 * runs on the owner's handle, since schools are national reference data.
 */
export async function saveSchools(db: Db, schools: SchoolRecord[], onProgress?: SaveProgress) {
  const of = schools.length * 2;
  let done = 0;
  const onBatch = (rows: number) => {
    done += rows;
    onProgress?.(done, of);
  };
  return db.transaction().execute(async (tx) => {
    const counts = await upsertSchools(
      tx,
      schools.map((s) => ({
        urn: s.urn,
        la_code: s.laCode,
        la_name: s.laName,
        establishment_number: s.establishmentNumber,
        name: s.name,
        type_of_establishment: s.typeOfEstablishment,
        type_group: s.typeGroup,
        status: s.status,
        phase: s.phase,
        pupils: s.pupils,
        trust_code: s.trustCode,
        trust_name: s.trustName,
        street: s.street,
        town: s.town,
        postcode: s.postcode,
        open_date: s.openDate,
        links: s.links,
      })),
      onBatch,
    );
    const trusts = new Map<string, string>();
    for (const s of schools) {
      const key = trustKey(s);
      if (key && s.trustName && !trusts.has(key)) trusts.set(key, s.trustName);
    }
    const trustIds = await upsertTrusts(
      tx,
      [...trusts].map(([key, name]) => ({ key, name })),
    );
    await upsertSchoolOrganisations(
      tx,
      schools.map((s) => {
        const key = trustKey(s);
        return { urn: s.urn, name: s.name, laCode: s.laCode, trustId: key ? (trustIds.get(key) ?? null) : null };
      }),
      onBatch,
    );
    return { ok: true as const, total: schools.length, ...counts };
  });
}

/** Checks then saves a GIAS extract: any bad row and nothing is written. */
export async function importSchools(db: Db, bytes: Uint8Array): Promise<ImportSchoolsResult> {
  const checked = checkSchoolsFile(bytes);
  if (!checked.ok) return checked;
  return saveSchools(db, checked.schools);
}
