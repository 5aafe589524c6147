import { getDatabase, type Db } from '../../db/client.server';
import {
  countSchools,
  finishSchoolImport,
  insertSchoolImport,
  listSchoolImports,
  recordSchoolImportProgress,
  stopSchoolImport,
  stopUnfinishedSchoolImports,
} from '../../db/queries/platform-admins';
import type { RowProblem } from '../schools/parse-gias';
import { checkSchoolsFile, saveSchools } from '../schools/import-schools.server';
import { forgetImportProgress, settleImport, trackImportProgress } from './school-import-progress.server';

export const IMPORT_FAILED = 'The import failed and nothing was saved. Try again; if it fails again, contact support.';

/**
 * A platform administrator's upload of a GIAS extract: the same all-or-nothing import as
 * `npm run import:schools`, run by the server that holds the database. The file is checked at
 * once (every wrong row is listed and nothing is written); a good file is recorded as importing
 * and saved in the background, in one transaction, while the page shows how far it has got.
 * Schools are national reference data, so this is platform administration on the owner's handle.
 */
export async function uploadSchools(
  userId: string,
  file: { name: string; bytes: Uint8Array },
): Promise<{ ok: false; fileError?: string; problems: RowProblem[] } | { ok: true; importId: string }> {
  const checked = checkSchoolsFile(file.bytes);
  if (!checked.ok) return checked;
  const { db, kind } = await getDatabase();
  const schools = checked.schools;
  const importId = await insertSchoolImport(db, { importedBy: userId, fileName: file.name, total: schools.length });
  // On PostgreSQL another server process may be asked for the import's page: the progress is
  // recorded in its row too. The embedded database is one process's, and its one connection is the
  // import's until it ends, so there the progress stays in memory.
  const progress = trackImportProgress(
    importId,
    schools.length * 2,
    kind === 'postgres' ? (percent) => recordSchoolImportProgress(db, importId, percent) : undefined,
  );
  settleImport(
    importId,
    saveSchools(db, schools, progress)
      .then(({ inserted, updated, unchanged }) => finishSchoolImport(db, importId, { inserted, updated, unchanged }))
      .catch(async (error: unknown) => {
        console.error(`School import ${importId} failed:`, error);
        await stopSchoolImport(db, importId, IMPORT_FAILED);
      })
      .finally(() => forgetImportProgress(importId)),
  );
  return { ok: true, importId };
}

export const IMPORT_INTERRUPTED =
  'The server restarted before the import finished, so nothing was saved. Upload the file again.';

/** At start-up: an import still marked as importing was cut off by a restart (nothing of it was saved). */
export async function stopInterruptedImports(db: Db): Promise<number> {
  return stopUnfinishedSchoolImports(db, IMPORT_INTERRUPTED);
}

export async function schoolsOverview() {
  const { db } = await getDatabase();
  const [schools, imports] = await Promise.all([countSchools(db), listSchoolImports(db)]);
  return { schools, imports };
}
