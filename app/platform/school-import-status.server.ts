import { getDatabase } from '../../db/client.server';
import { findSchoolImport } from '../../db/queries/platform-admins';
import { importPercentDone } from './school-import-progress.server';

/** One recorded import as its page shows it: its state, and how far it has got while it runs. */
export async function schoolImportStatus(importId: string) {
  const { db } = await getDatabase();
  const row = await findSchoolImport(db, importId);
  if (!row) return null;
  // Running here, the figure is this process's own; running in another, what it last recorded.
  const percentDone =
    row.status === 'importing'
      ? (importPercentDone(importId) ?? row.percent_done)
      : row.status === 'imported'
        ? 100
        : 0;
  return {
    id: row.id,
    status: row.status,
    fileName: row.file_name,
    by: row.imported_by_name,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    stoppedReason: row.stopped_reason,
    total: row.total,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    percentDone,
  };
}
