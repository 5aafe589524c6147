import { describe, expect, it } from 'vitest';
import { PAGE_NAMES, parseArgs } from './args';
import { failures, pageTable, sqlStatementsFrom, tooSlowToLoad, type PageResult } from './report';
import { cpuUsedBetween, parseProcStatCpuMs, parseProcStatus, soakGrowth } from './rss';

const row = (over: Partial<PageResult>): PageResult => ({
  name: 'accessibility',
  path: '/accessibility',
  requestsPerSecond: 200,
  p50Ms: 150,
  p99Ms: 300,
  sqlStatements: 0,
  aloneMs: 12,
  skipped: false,
  requests: 3000,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  rssAfterMb: 250,
  peakMb: 260,
  cpuMsPerRequest: 4.2,
  databaseCpuMsPerRequest: null,
  ...over,
});

describe('bench:http report', () => {
  it("reads a process's CPU time from /proc/<pid>/stat, whatever its command name holds", () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const stat = '4242 (node (a) b) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 56 0 0 20 0 11 0';
    expect(parseProcStatCpuMs(stat, 100)).toBe(12_900);
    expect(parseProcStatCpuMs(stat, 1000)).toBe(1_290);
  });

  it("adds up a database's processes' CPU between two readings: one that started between counts whole", () => {
    const before = new Map([
      [10, 1000],
      [11, 500],
      [12, 70],
    ]);
    // 10 did 250 ms of work, 11 none, 12 ended, 13 started and did 40 ms.
    const after = new Map([
      [10, 1250],
      [11, 500],
      [13, 40],
    ]);
    expect(cpuUsedBetween(before, after)).toBe(290);
  });

  it('reads the statement count from the sql entry of Server-Timing, whatever else the header holds', () => {
    expect(sqlStatementsFrom('sql;desc="12 statements";dur=3.4')).toBe(12);
    expect(sqlStatementsFrom('app;dur=20, sql;dur=1.5;desc="1 statement"')).toBe(1);
    expect(sqlStatementsFrom('app;dur=20')).toBeNull();
    expect(sqlStatementsFrom(null)).toBeNull();
  });

  it('puts each page against the baseline and says n/a where no statement count came', () => {
    const table = pageTable([
      row({}),
      row({
        name: 'service',
        path: '/buy/services/x/y',
        requestsPerSecond: 50,
        sqlStatements: null,
        cpuMsPerRequest: 9.25,
        databaseCpuMsPerRequest: 3.04,
      }),
    ]);
    const [head, , baseline, service] = table.split('\n');
    expect(head).toMatch(
      /^page\s+alone ms\s+requests\s+req\/s\s+p50 ms\s+p99 ms\s+× baseline\s+SQL\/request\s+server CPU ms\/request\s+PostgreSQL CPU ms\/request/,
    );
    expect(baseline).toMatch(/\s1\.00\s+0\s+4\.2\s+n\/a\s/);
    expect(service).toMatch(
      /^service \(\/buy\/services\/x\/y\)\s+12\s+3000\s+50\s+150\s+300\s+0\.25\s+n\/a\s+9\.3\s+3\.0\s+0\s+0\s+250$/,
    );
  });

  it('calls out a page with a non-2xx answer, an error, or nothing answered', () => {
    expect(failures([row({})])).toEqual([]);
    expect(
      failures([
        row({ non2xx: 3 }),
        row({ errors: 2, timeouts: 2 }),
        row({ requests: 0 }),
        row({ requests: 0, skipped: true, aloneMs: 17_700 }),
      ]),
    ).toEqual([
      expect.stringMatching(/^!!! .*3 non-2xx answers/),
      expect.stringMatching(/^!!! .*2 errors \(2 of them timeouts\)/),
      expect.stringMatching(/^!!! .*no request was answered/),
      expect.stringMatching(/^!!! .*not loaded, one request alone took 17\.7 s/),
    ]);
  });

  it('loads a page unless 32 of its requests one after another would take over four times the run', () => {
    expect(tooSlowToLoad(1800, 32, 15)).toBe(false);
    expect(tooSlowToLoad(1900, 32, 15)).toBe(true);
    expect(pageTable([row({}), row({ requests: 0, skipped: true })]).split('\n')[3]).toMatch(/\sskipped\s/);
  });
});

describe('bench:http memory', () => {
  it('reads VmRSS and VmHWM (kB) from /proc/<pid>/status', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  400000 kB\nVmRSS:\t  250000 kB\nThreads:\t11\n';
    expect(parseProcStatus(status)).toEqual({ rssMb: 256, peakMb: 409.6 });
    expect(() => parseProcStatus('Name:\tnode\n')).toThrow(/VmRSS/);
  });

  it('compares the soak’s last window with its first after warm-up', () => {
    const flat = Array.from({ length: 60 }, (_, i) => ({ atMs: i * 10_000, rssMb: i < 6 ? 200 : 300 + (i % 2) }));
    const growing = flat.map((s, i) => ({ ...s, rssMb: s.rssMb + i * 5 }));
    const options = { warmUpMs: 60_000, windowMs: 120_000, tolerance: 0.1 };
    expect(soakGrowth(flat, options)).toMatchObject({ grew: false });
    expect(soakGrowth(growing, options)).toMatchObject({ grew: true });
    expect(soakGrowth(flat.slice(0, 6), options)).toBeNull();
  });
});

describe('bench:http options', () => {
  it('runs both databases, every page, 15 s at 32 connections by default; the soak 10 minutes', () => {
    expect(parseArgs([])).toMatchObject({
      databases: ['postgres', 'pglite'],
      durationSec: 15,
      connections: 32,
      size: 'full',
    });
    expect(parseArgs([]).pages).toEqual([...PAGE_NAMES]);
    expect(PAGE_NAMES).toContain('signed-in');
    expect(parseArgs(['--soak'])).toMatchObject({ soak: true, durationSec: 600 });
  });

  it('keeps the baseline when pages are chosen, and refuses what it does not know', () => {
    expect(parseArgs(['--pages=line,service', '--db', 'pglite', '--size=small', '--duration=3'])).toMatchObject({
      pages: ['accessibility', 'service', 'line'],
      databases: ['pglite'],
      size: 'small',
      durationSec: 3,
    });
    expect(() => parseArgs(['--db=mysql'])).toThrow(/--db/);
    expect(() => parseArgs(['--pages=home'])).toThrow(/home/);
    expect(() => parseArgs(['--duration=0'])).toThrow(/--duration/);
    expect(() => parseArgs(['--fast'])).toThrow(/--fast/);
  });
});
