import { getDatabase } from '../../db/client.server';
import { countSchools, insertSchoolImport, listSchoolImports } from '../../db/queries/platform-admins';
import { importSchools, type ImportSchoolsResult } from '../schools/import-schools.server';

/**
 * A platform administrator's upload of a GIAS extract: the same all-or-nothing import as
 * `npm run import:schools`, run by the server that holds the database, and recorded with who did it.
 * Schools are national reference data, so this is platform administration on the owner's handle.
 */
export async function uploadSchools(
  userId: string,
  file: { name: string; bytes: Uint8Array },
): Promise<Exclude<ImportSchoolsResult, { ok: true }> | { ok: true; importId: string }> {
  const { db } = await getDatabase();
  const result = await importSchools(db, file.bytes);
  if (!result.ok) return result;
  const importId = await insertSchoolImport(db, {
    importedBy: userId,
    fileName: file.name,
    total: result.total,
    inserted: result.inserted,
    updated: result.updated,
    unchanged: result.unchanged,
  });
  return { ok: true, importId };
}

export async function schoolsOverview() {
  const { db } = await getDatabase();
  const [schools, imports] = await Promise.all([countSchools(db), listSchoolImports(db)]);
  return { schools, imports };
}
