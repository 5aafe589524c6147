/**
 * How many Node processes serve the app. On PostgreSQL one per core by default (`WEB_CONCURRENCY`
 * to choose): one Node process renders on one core only, and a page's CPU is mostly Node's. On the
 * embedded database always one, since PGlite is one process's database.
 */
export const MAX_SERVER_PROCESSES = 64;

export type ServerProcessPlan = { count: number; note: string | null } | { error: string };

export function serverProcessPlan(env: Record<string, string | undefined>, cores: number): ServerProcessPlan {
  const asked = env.WEB_CONCURRENCY?.trim();
  let wanted: number | undefined;
  if (asked) {
    wanted = /^\d+$/.test(asked) ? Number(asked) : NaN;
    if (!(wanted >= 1 && wanted <= MAX_SERVER_PROCESSES))
      return {
        error: `WEB_CONCURRENCY must be a whole number of server processes from 1 to ${MAX_SERVER_PROCESSES} (it is "${asked}"). Leave it unset for one per core.`,
      };
  }
  if (!env.DATABASE_URL)
    return {
      count: 1,
      note:
        wanted !== undefined && wanted > 1
          ? `WEB_CONCURRENCY=${wanted} is ignored: the embedded database is one process's, so one process serves.`
          : null,
    };
  return { count: wanted ?? Math.max(1, cores), note: null };
}

/**
 * What a server process does besides answering requests, when several serve (each is told by the
 * one that starts them, in TRADED_SERVER_DUTIES): `prepare` is done once a start (build the app if
 * it changed, migrate, load the demo, stop imports a restart cut off) by the first process, before
 * the others start; `jobs` (the hourly background jobs) by one process at a time. A process alone
 * does both.
 */
export type ServerDuty = 'prepare' | 'jobs';
export const DUTIES_VARIABLE = 'TRADED_SERVER_DUTIES';

export function serverDuties(value: string | undefined): Set<ServerDuty> {
  if (value === undefined) return new Set(['prepare', 'jobs']);
  return new Set(value.split(',').filter((d): d is ServerDuty => d === 'prepare' || d === 'jobs'));
}
