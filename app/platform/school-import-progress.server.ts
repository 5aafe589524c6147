/**
 * How far each running school import has got, held by the server process that runs it (the
 * save is one transaction, so its progress cannot be read from the database until it ends), and,
 * where several processes serve, shared through the import's row a whole percent at a time.
 */
interface Progress {
  done: number;
  of: number;
}

const running = new Map<string, Progress>();
const settling = new Map<string, Promise<void>>();

/**
 * Starts tracking an import; returns the callback its save reports to. With `share`, each whole
 * percent reached is passed on (one at a time, in order; a failure is logged and the import goes on),
 * for the other server processes; `shared` resolves once what was passed on is written.
 */
export function trackImportProgress(importId: string, of: number, share?: (percentDone: number) => Promise<void>) {
  const progress: Progress = { done: 0, of };
  running.set(importId, progress);
  let sharedPercent = 0;
  let sharing = Promise.resolve();
  const report = (done: number, total: number) => {
    progress.done = done;
    progress.of = total;
    const percent = percentDone(progress);
    if (!share || percent <= sharedPercent) return;
    sharedPercent = percent;
    sharing = sharing
      .then(() => share(percent))
      .catch((error: unknown) => console.error(`Recording the progress of school import ${importId} failed:`, error));
  };
  return Object.assign(report, { shared: () => sharing });
}

function percentDone(progress: Progress): number {
  return progress.of === 0 ? 100 : Math.min(100, Math.floor((progress.done * 100) / progress.of));
}

export function forgetImportProgress(importId: string) {
  running.delete(importId);
}

/** A running import's progress in whole percent, or null when this process is not running it. */
export function importPercentDone(importId: string): number | null {
  const progress = running.get(importId);
  return progress ? percentDone(progress) : null;
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
