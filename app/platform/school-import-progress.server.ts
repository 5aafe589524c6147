/**
 * How far each running school import has got, held by the server process that runs it (the
 * save is one transaction, so its progress cannot be read from the database until it ends).
 */
interface Progress {
  done: number;
  of: number;
}

const running = new Map<string, Progress>();
const settling = new Map<string, Promise<void>>();

/** Starts tracking an import; returns the callback its save reports to. */
export function trackImportProgress(importId: string, of: number) {
  const progress: Progress = { done: 0, of };
  running.set(importId, progress);
  return (done: number, total: number) => {
    progress.done = done;
    progress.of = total;
  };
}

export function forgetImportProgress(importId: string) {
  running.delete(importId);
}

/** A running import's progress as a share done (0 to 1), or null when this process is not running it. */
export function importProgress(importId: string): number | null {
  const progress = running.get(importId);
  if (!progress) return null;
  return progress.of === 0 ? 1 : Math.min(1, progress.done / progress.of);
}

/** Remembers the background work of an import, so a test (or shutdown) can wait for it. */
export function settleImport(importId: string, work: Promise<void>) {
  const settled = work.finally(() => settling.delete(importId));
  settling.set(importId, settled);
}

/** Resolves once the import has finished or stopped (at once if it is not running here). */
export async function importSettled(importId: string): Promise<void> {
  await settling.get(importId);
}
