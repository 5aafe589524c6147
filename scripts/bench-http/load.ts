import autocannon from 'autocannon';
import { readServerMemory } from './rss';

export interface Target {
  path: string;
  /** The Cookie header of the person it is fetched as; none for a signed-out page. */
  cookie?: string;
}

export interface LoadOutcome {
  result: autocannon.Result;
  /** The server's largest sampled resident set during the run (all its processes), in MB. */
  peakRssMb: number;
  rssAfterMb: number;
}

/**
 * autocannon against the server at `connections` for `durationSec`: one page, or several in turn on
 * every connection. The server's resident set is sampled every `sampleMs` (and passed to onSample).
 */
export async function runLoad(options: {
  origin: string;
  targets: Target[];
  connections: number;
  durationSec: number;
  serverPid: number;
  sampleMs?: number;
  onSample?: (atMs: number, rssMb: number) => void;
}): Promise<LoadOutcome> {
  const [first] = options.targets;
  if (!first) throw new Error('Nothing to load');
  const started = performance.now();
  let peakRssMb = readServerMemory(options.serverPid).rssMb;
  const timer = setInterval(() => {
    const { rssMb } = readServerMemory(options.serverPid);
    peakRssMb = Math.max(peakRssMb, rssMb);
    options.onSample?.(performance.now() - started, rssMb);
  }, options.sampleMs ?? 250);
  try {
    const result = await autocannon({
      url: `${options.origin}${first.path}`,
      connections: options.connections,
      duration: options.durationSec,
      headers: first.cookie ? { cookie: first.cookie } : {},
      requests:
        options.targets.length > 1
          ? options.targets.map((t) => ({ method: 'GET', path: t.path, headers: t.cookie ? { cookie: t.cookie } : {} }))
          : undefined,
    });
    const rssAfterMb = readServerMemory(options.serverPid).rssMb;
    return { result, peakRssMb: Math.max(peakRssMb, rssAfterMb), rssAfterMb };
  } finally {
    clearInterval(timer);
  }
}
