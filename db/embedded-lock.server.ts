import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Another live process holds the embedded database: opening it too would corrupt it. */
export class EmbeddedDatabaseInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      [
        `The embedded database in ${dataDir} is in use by another process (PID ${holderPid}, most likely the Traded server).`,
        'Only one process may open it at a time: a second one would corrupt it.',
        'Stop the server (Ctrl+C) and run the command again, or do the work through the running app:',
        'sign in as a platform administrator and import schools at /platform/schools.',
        `(If process ${holderPid} is not Traded, the lock ${lockPathFor(dataDir)} is left over: delete it.)`,
      ].join('\n'),
    );
    this.name = 'EmbeddedDatabaseInUse';
  }
}

export function lockPathFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

// Locks this process holds, shared by every module graph in it (the server entry and the Remix build).
const heldKey = Symbol.for('traded.embedded-locks');
function held(): Set<string> {
  const g = globalThis as typeof globalThis & { [heldKey]?: Set<string> };
  return (g[heldKey] ??= new Set());
}

function isAlive(pid: number): boolean {
  // A lock left by an earlier run of a process that now has our PID (PID 1 in a container) is stale.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Takes the one-process lock on a PGlite folder: a file beside it holding this process's PID,
 * created atomically. A lock whose process has died (even by SIGKILL) is taken over; a live one
 * refuses at once, before the folder is touched. Returns the release function.
 */
export function acquireEmbeddedLock(dataDir: string): () => void {
  const resolved = path.resolve(dataDir);
  const lockPath = lockPathFor(resolved);
  if (held().has(lockPath)) throw new EmbeddedDatabaseInUse(resolved, process.pid);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held().add(lockPath);
      const release = () => {
        if (!held().delete(lockPath)) return;
        process.off('exit', release);
        if (readHolder(lockPath) === process.pid) unlinkSync(lockPath);
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockPath);
    if (holder === null) continue;
    // An empty or unreadable PID: a holder killed between creating and writing the file, or one
    // still writing it. Wait a moment before treating it as stale.
    if (holder === 0 && attempt === 0) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    if (holder !== 0 && isAlive(holder)) throw new EmbeddedDatabaseInUse(resolved, holder);
    try {
      unlinkSync(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`Could not take the lock ${lockPath}: another process keeps taking it.`);
}
