import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** Resident set now, in MB. */
  rssMb: number;
  /** The largest resident set the process has had (the kernel's high-water mark), in MB. */
  peakMb: number;
}

/** VmRSS and VmHWM from the text of /proc/<pid>/status (kB, as the kernel writes them). */
export function parseProcStatus(text: string): ProcessMemory {
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(text);
    if (!match) throw new Error(`/proc status has no ${field} line`);
    return Number(match[1]);
  };
  return { rssMb: (kb('VmRSS') * 1024) / 1e6, peakMb: (kb('VmHWM') * 1024) / 1e6 };
}

export function readProcessMemory(pid: number): ProcessMemory {
  return parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/**
 * The server's Node processes: the one started and the Node processes it started in turn (the
 * server processes, when several serve on PostgreSQL), read from each process's parent in
 * /proc/<pid>/stat. Helpers of theirs that are not Node (tsx's esbuild service) are left out.
 */
export function serverProcessIds(pid: number): number[] {
  return serverProcesses(pid).map((p) => p.pid);
}

/** The server's Node processes with the text of each one's /proc/<pid>/stat (the server's own first). */
function serverProcesses(pid: number): Array<{ pid: number; stat: string }> {
  const node = processesNamed('node');
  const found = node.filter((p) => p.pid === pid);
  for (let i = 0; i < found.length; i++) {
    const parent = found[i]!.pid;
    found.push(...node.filter((p) => Number(p.stat.slice(p.stat.lastIndexOf(')') + 2).split(' ')[1]) === parent));
  }
  return found;
}

/**
 * The server's memory: each of its processes' resident sets added up (their high-water marks too,
 * which may not have been reached at the same moment, so the peak is at most that).
 */
export function readServerMemory(pid: number): ProcessMemory & { processes: number } {
  const total = { rssMb: 0, peakMb: 0, processes: 0 };
  for (const id of serverProcessIds(pid)) {
    let memory: ProcessMemory;
    try {
      memory = readProcessMemory(id);
    } catch {
      continue; // it ended while we looked
    }
    total.rssMb += memory.rssMb;
    total.peakMb += memory.peakMb;
    total.processes += 1;
  }
  return total;
}

/**
 * Whether memory grew over a soak: the mean of the samples in the last `window` of the run against
 * the mean of the first `window` after warm-up. Growth beyond `tolerance` (a fraction) counts.
 */
export function soakGrowth(
  samples: ReadonlyArray<{ atMs: number; rssMb: number }>,
  { warmUpMs, windowMs, tolerance }: { warmUpMs: number; windowMs: number; tolerance: number },
): { firstMb: number; lastMb: number; grewBy: number; grew: boolean } | null {
  const afterWarmUp = samples.filter((s) => s.atMs >= warmUpMs);
  if (afterWarmUp.length < 2) return null;
  const start = afterWarmUp[0]!.atMs;
  const end = afterWarmUp[afterWarmUp.length - 1]!.atMs;
  const mean = (xs: typeof samples) => xs.reduce((sum, s) => sum + s.rssMb, 0) / xs.length;
  const first = afterWarmUp.filter((s) => s.atMs <= start + windowMs);
  const last = afterWarmUp.filter((s) => s.atMs >= end - windowMs);
  const firstMb = mean(first);
  const lastMb = mean(last);
  const grewBy = (lastMb - firstMb) / firstMb;
  return { firstMb, lastMb, grewBy, grew: grewBy > tolerance };
}

/**
 * The CPU time a process has used, user and system, in ms: fields 14 and 15 of /proc/<pid>/stat
 * (clock ticks), read after the command name, which may hold spaces and parentheses.
 */
export function parseProcStatCpuMs(text: string, ticksPerSecond: number): number {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

let ticks: number | undefined;
function ticksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** CPU ms the process has used so far (a whole machine's load does not change it, unlike req/s). */
export function readProcessCpuMs(pid: number): number {
  return parseProcStatCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'), ticksPerSecond());
}

/** CPU ms used so far by each of the server's processes, by pid (for cpuUsedBetween). */
export function readServerCpuMs(pid: number): Map<number, number> {
  return new Map(serverProcesses(pid).map((p) => [p.pid, parseProcStatCpuMs(p.stat, ticksPerSecond())]));
}

/**
 * CPU ms used so far by each process of a PostgreSQL server on this machine (every process whose
 * command name is postgres: the backends, the WAL writer, the checkpointer …), by pid.
 */
export function readPostgresCpuMs(): Map<number, number> {
  const used = new Map<number, number>();
  for (const { pid, stat } of processesNamed('postgres')) used.set(pid, parseProcStatCpuMs(stat, ticksPerSecond()));
  return used;
}

/** Each process on this machine whose command name is `command`, with the text of its /proc/<pid>/stat. */
function processesNamed(command: string): Array<{ pid: number; stat: string }> {
  const found: Array<{ pid: number; stat: string }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // it ended while we looked
    }
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === command) found.push({ pid: Number(name), stat });
  }
  return found;
}

/** Whether the PostgreSQL server a URL names runs on this machine (its processes' CPU readable here). */
export function postgresIsLocal(databaseUrl: string): boolean {
  const host = new URL(databaseUrl).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/**
 * The CPU ms processes used between two readings: a process that started in between counts whole,
 * one that ended in between is lost (so a figure from it is at least what was used).
 */
export function cpuUsedBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
