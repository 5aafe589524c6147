import { getDatabase } from '../../db/client.server';
import { countPerformanceData, listPerformanceImports } from '../../db/queries/school-performance';
import { importKs2, importOfsted, type PerformanceFile } from '../performance/import-performance.server';

/**
 * A platform administrator's upload of a KS2 or Ofsted file: the same all-or-nothing import as
 * `npm run import:ks2` and `import:ofsted`, run by the server that holds the database. National
 * reference data, so platform administration on the owner's handle. A national file takes seconds,
 * so it is imported while the person waits, and the page shows what it did.
 */
export async function uploadPerformance(
  userId: string,
  kind: 'ks2' | 'ofsted',
  file: PerformanceFile,
  academicYear: number | null,
) {
  const { db } = await getDatabase();
  return kind === 'ks2'
    ? importKs2(db, file, { academicYear, importedBy: userId })
    : importOfsted(db, file, { importedBy: userId });
}

export async function performanceOverview() {
  const { db } = await getDatabase();
  const [totals, imports] = await Promise.all([countPerformanceData(db), listPerformanceImports(db)]);
  return { totals, imports };
}
