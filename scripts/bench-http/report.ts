/** One page's figures under load. */
export interface PageResult {
  name: string;
  path: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Statements the page ran for one request (from Server-Timing), or null when not reported. */
  sqlStatements: number | null;
  /** One request's time with nothing else running (the last of three in a row), in ms. */
  aloneMs: number;
  /**
   * Not loaded: one request alone took so long that 32 of them queued (PGlite answers one at a
   * time) would keep the server busy for minutes after the run, spoiling the pages after it.
   */
  skipped: boolean;
  /** Requests answered in the run. */
  requests: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** The server's resident set at the end of this page's run and its high-water mark, in MB. */
  rssAfterMb: number;
  peakMb: number;
  /**
   * The server process's CPU time per answered request, in ms (user and system; on PGlite the
   * database's work is in it, on PostgreSQL it is not). Unlike req/s it barely moves with the rest
   * of the machine's load, so it is the figure to compare between runs on a shared machine.
   */
  cpuMsPerRequest: number | null;
  /**
   * On a PostgreSQL server on this machine, its processes' CPU time per answered request, in ms
   * (null on PGlite, whose work is in the server's, or on a server elsewhere).
   */
  databaseCpuMsPerRequest: number | null;
}

/** The statement count in a Server-Timing header: the `sql` entry's `desc="N statements"`. */
export function sqlStatementsFrom(header: string | null): number | null {
  if (!header) return null;
  for (const entry of header.split(',')) {
    const [name, ...params] = entry.trim().split(';');
    if (name?.trim() !== 'sql') continue;
    for (const param of params) {
      const match = /^\s*desc\s*=\s*"?(\d+)\s+statements?"?\s*$/.exec(param);
      if (match) return Number(match[1]);
    }
  }
  return null;
}

/** Columns padded to their widest cell; the first left-aligned, the rest right-aligned. */
export function formatTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);

/** A CPU figure a request, to a tenth of a ms, or n/a where there is none. */
export const msOrNa = (ms: number | null) => (ms === null ? 'n/a' : fixed(ms, 1));

/** The page table: each page against the first (the baseline). */
export function pageTable(results: PageResult[]): string {
  const baseline = results[0]?.requestsPerSecond ?? 0;
  return formatTable(
    [
      'page',
      'alone ms',
      'requests',
      'req/s',
      'p50 ms',
      'p99 ms',
      '× baseline',
      'SQL/request',
      'server CPU ms/request',
      'PostgreSQL CPU ms/request',
      'non-2xx',
      'errors',
      'RSS after MB',
    ],
    results.map((r) => [
      `${r.name} (${r.path})`,
      fixed(r.aloneMs),
      r.skipped ? 'skipped' : String(r.requests),
      fixed(r.requestsPerSecond),
      fixed(r.p50Ms),
      fixed(r.p99Ms),
      baseline > 0 ? fixed(r.requestsPerSecond / baseline, 2) : 'n/a',
      r.sqlStatements === null ? 'n/a' : String(r.sqlStatements),
      msOrNa(r.cpuMsPerRequest),
      msOrNa(r.databaseCpuMsPerRequest),
      String(r.non2xx),
      String(r.errors),
      fixed(r.rssAfterMb),
    ]),
  );
}

/**
 * Whether a page is too slow to load at all: `connections` requests of `aloneMs` each would take
 * more than four times the run on one core.
 */
export function tooSlowToLoad(aloneMs: number, connections: number, durationSec: number): boolean {
  return aloneMs * connections > 4 * durationSec * 1000;
}

/** Lines to print loudly for every page that answered anything but 2xx or failed to answer. */
export function failures(results: PageResult[]): string[] {
  return results
    .filter((r) => r.non2xx > 0 || r.errors > 0 || r.requests === 0)
    .map((r) =>
      r.skipped
        ? `!!! ${r.name} (${r.path}): not loaded, one request alone took ${(r.aloneMs / 1000).toFixed(1)} s`
        : r.requests === 0
          ? `!!! ${r.name} (${r.path}): no request was answered within the run: its figures do not count`
          : `!!! ${r.name} (${r.path}): ${r.non2xx} non-2xx answers, ${r.errors} errors (${r.timeouts} of them timeouts): its figures do not count`,
    );
}
