import { describe, expect, it } from 'vitest';
import { serverDuties, serverProcessPlan } from './processes';

const postgres = 'postgres://traded@db.internal/traded';

describe('how many processes serve', () => {
  it('is one per core on PostgreSQL, or WEB_CONCURRENCY', () => {
    expect(serverProcessPlan({ DATABASE_URL: postgres }, 2)).toEqual({ count: 2, note: null });
    expect(serverProcessPlan({ DATABASE_URL: postgres }, 8)).toEqual({ count: 8, note: null });
    expect(serverProcessPlan({ DATABASE_URL: postgres, WEB_CONCURRENCY: '1' }, 8)).toEqual({ count: 1, note: null });
    expect(serverProcessPlan({ DATABASE_URL: postgres, WEB_CONCURRENCY: ' 3 ' }, 2)).toEqual({ count: 3, note: null });
    expect(serverProcessPlan({ DATABASE_URL: postgres, WEB_CONCURRENCY: '' }, 2)).toEqual({ count: 2, note: null });
  });

  it('is one on the embedded database, saying so when more were asked for', () => {
    expect(serverProcessPlan({}, 8)).toEqual({ count: 1, note: null });
    expect(serverProcessPlan({ DATABASE_URL: '' }, 8)).toEqual({ count: 1, note: null });
    expect(serverProcessPlan({ WEB_CONCURRENCY: '1' }, 8)).toEqual({ count: 1, note: null });
    expect(serverProcessPlan({ WEB_CONCURRENCY: '4' }, 8)).toEqual({
      count: 1,
      note: "WEB_CONCURRENCY=4 is ignored: the embedded database is one process's, so one process serves.",
    });
  });

  it('refuses a WEB_CONCURRENCY that is not a whole number from 1 to 64, saying what it should be', () => {
    for (const bad of ['0', '-1', '2.5', 'two', '65', '1e2'])
      for (const env of [{ DATABASE_URL: postgres }, {}])
        expect(serverProcessPlan({ ...env, WEB_CONCURRENCY: bad }, 2)).toEqual({
          error: `WEB_CONCURRENCY must be a whole number of server processes from 1 to 64 (it is "${bad}"). Leave it unset for one per core.`,
        });
    expect(serverProcessPlan({ DATABASE_URL: postgres, WEB_CONCURRENCY: '64' }, 2)).toEqual({ count: 64, note: null });
  });
});

describe("a server process's duties", () => {
  it('are all of them for a process alone, and what it was given for one of several', () => {
    expect(serverDuties(undefined)).toEqual(new Set(['prepare', 'jobs']));
    expect(serverDuties('prepare,jobs')).toEqual(new Set(['prepare', 'jobs']));
    expect(serverDuties('jobs')).toEqual(new Set(['jobs']));
    expect(serverDuties('')).toEqual(new Set());
    expect(serverDuties('jobs,anything')).toEqual(new Set(['jobs']));
  });
});
