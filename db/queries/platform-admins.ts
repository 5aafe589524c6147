import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import type { Scoped } from '../scope.server';

/** Platform administration: the owner's handle, outside any tenant. */
type PlatformTx = Kysely<Database>;

/** As the runtime role: is the person in scope a platform administrator? (They see only their own row.) */
export async function isPlatformAdmin(tx: Scoped, userId: string): Promise<boolean> {
  const row = await tx.selectFrom('platform_admins').select('user_id').where('user_id', '=', userId).executeTakeFirst();
  return Boolean(row);
}

export async function ensurePlatformAdmin(tx: PlatformTx, userId: string): Promise<void> {
  await tx
    .insertInto('platform_admins')
    .values({ user_id: userId })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

export interface SchoolImportRecord {
  importedBy: string;
  fileName: string;
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export async function insertSchoolImport(tx: PlatformTx, record: SchoolImportRecord): Promise<string> {
  const row = await tx
    .insertInto('school_imports')
    .values({
      imported_by: record.importedBy,
      file_name: record.fileName,
      total: record.total,
      inserted: record.inserted,
      updated: record.updated,
      unchanged: record.unchanged,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listSchoolImports(tx: PlatformTx, limit = 20) {
  return tx
    .selectFrom('school_imports')
    .innerJoin('users', 'users.id', 'school_imports.imported_by')
    .select([
      'school_imports.id',
      'school_imports.imported_at',
      'school_imports.file_name',
      'school_imports.total',
      'school_imports.inserted',
      'school_imports.updated',
      'school_imports.unchanged',
      'users.name as imported_by_name',
    ])
    .orderBy('school_imports.imported_at', 'desc')
    .limit(limit)
    .execute();
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
