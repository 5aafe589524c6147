import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** Platform administration: the owner's handle, outside any tenant. */
type PlatformTx = Kysely<Database>;

export async function ensurePlatformAdmin(tx: PlatformTx, userId: string): Promise<void> {
  await tx
    .insertInto('platform_admins')
    .values({ user_id: userId })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

/** An upload checked and accepted: recorded as importing, with how many schools it holds. */
export async function insertSchoolImport(
  tx: PlatformTx,
  record: { importedBy: string; fileName: string; total: number },
): Promise<string> {
  const row = await tx
    .insertInto('school_imports')
    .values({
      imported_by: record.importedBy,
      file_name: record.fileName,
      status: 'importing',
      total: record.total,
      inserted: 0,
      updated: 0,
      unchanged: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishSchoolImport(
  tx: PlatformTx,
  id: string,
  counts: { inserted: number; updated: number; unchanged: number },
) {
  await tx
    .updateTable('school_imports')
    .set({ status: 'imported', finished_at: new Date(), ...counts })
    .where('id', '=', id)
    .where('status', '=', 'importing')
    .execute();
}

/** An import that did not finish: nothing of it was saved (one transaction). */
export async function stopSchoolImport(tx: PlatformTx, id: string, reason: string) {
  await tx
    .updateTable('school_imports')
    .set({ status: 'stopped', finished_at: new Date(), stopped_reason: reason })
    .where('id', '=', id)
    .where('status', '=', 'importing')
    .execute();
}

/**
 * How far a running import has got, for every server process to read (it only ever goes up, and
 * only while the import runs).
 */
export async function recordSchoolImportProgress(tx: PlatformTx, id: string, percentDone: number) {
  await tx
    .updateTable('school_imports')
    .set({ percent_done: percentDone })
    .where('id', '=', id)
    .where('status', '=', 'importing')
    .where('percent_done', '<', percentDone)
    .execute();
}

/** Imports still marked as importing when the server starts were cut off by a restart. */
export async function stopUnfinishedSchoolImports(tx: PlatformTx, reason: string) {
  const result = await tx
    .updateTable('school_imports')
    .set({ status: 'stopped', finished_at: new Date(), stopped_reason: reason })
    .where('status', '=', 'importing')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

const importColumns = [
  'school_imports.id',
  'school_imports.started_at',
  'school_imports.finished_at',
  'school_imports.status',
  'school_imports.stopped_reason',
  'school_imports.file_name',
  'school_imports.total',
  'school_imports.inserted',
  'school_imports.updated',
  'school_imports.unchanged',
  'school_imports.percent_done',
  'users.name as imported_by_name',
] as const;

export async function listSchoolImports(tx: PlatformTx, limit = 20) {
  return tx
    .selectFrom('school_imports')
    .innerJoin('users', 'users.id', 'school_imports.imported_by')
    .select(importColumns)
    .orderBy('school_imports.started_at', 'desc')
    .limit(limit)
    .execute();
}

export async function findSchoolImport(tx: PlatformTx, id: string) {
  return tx
    .selectFrom('school_imports')
    .innerJoin('users', 'users.id', 'school_imports.imported_by')
    .select(importColumns)
    .where('school_imports.id', '=', id)
    .executeTakeFirst();
}

export async function countSchools(tx: PlatformTx): Promise<number> {
  const row = await tx
    .selectFrom('schools')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setInstallationFlag(tx: PlatformTx, flag: 'demo_data'): Promise<void> {
  await tx
    .insertInto('installation_flags')
    .values({ flag })
    .onConflict((oc) => oc.column('flag').doNothing())
    .execute();
}

export async function hasInstallationFlag(tx: PlatformTx, flag: 'demo_data'): Promise<boolean> {
  const row = await tx.selectFrom('installation_flags').select('flag').where('flag', '=', flag).executeTakeFirst();
  return Boolean(row);
}
