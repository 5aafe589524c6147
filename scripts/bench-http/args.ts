export const PAGE_NAMES = [
  'accessibility',
  'signed-in',
  'catalogue-search',
  'service',
  'buyer-orders',
  'provider-orders',
  'work-list',
  'line',
] as const;
export type PageName = (typeof PAGE_NAMES)[number];

export interface BenchOptions {
  databases: Array<'postgres' | 'pglite'>;
  size: 'full' | 'small';
  durationSec: number;
  connections: number;
  pages: PageName[];
  soak: boolean;
  port: number;
  build: boolean;
}

/** A `--name` option's whole number of 1 or more, or the fallback when it is not given. */
export function wholeOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number of 1 or more`);
  return n;
}

/**
 * `--db=postgres|pglite` (default both), `--size=full|small`, `--duration=S` (15 s a page; 600 s
 * for the soak), `--connections=N` (32), `--pages=a,b` (the baseline always runs first), `--soak`,
 * `--port=N` (3400), `--build` (build the app even when a build exists). `--name value` also works.
 */
export function parseArgs(argv: string[]): BenchOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) values.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (['soak', 'build'].includes(arg.slice(2))) values.set(arg.slice(2), 'true');
    else values.set(arg.slice(2), argv[++i] ?? '');
  }
  const known = ['db', 'size', 'duration', 'connections', 'pages', 'soak', 'port', 'build'];
  for (const name of values.keys()) if (!known.includes(name)) throw new Error(`Unknown option --${name}`);

  const whole = (name: string, fallback: number) => wholeOption(name, values.get(name), fallback);
  const db = values.get('db');
  if (db !== undefined && db !== 'postgres' && db !== 'pglite') throw new Error('--db must be postgres or pglite');
  const size = values.get('size') ?? 'full';
  if (size !== 'full' && size !== 'small') throw new Error('--size must be full or small');
  const soak = values.has('soak');
  const pages = (values.get('pages') ?? PAGE_NAMES.join(','))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const page of pages)
    if (!(PAGE_NAMES as readonly string[]).includes(page))
      throw new Error(`--pages: ${page} is not one of ${PAGE_NAMES.join(', ')}`);
  return {
    databases: db ? [db] : ['postgres', 'pglite'],
    size,
    durationSec: whole('duration', soak ? 600 : 15),
    connections: whole('connections', 32),
    pages: PAGE_NAMES.filter((p) => p === 'accessibility' || pages.includes(p)),
    soak,
    port: whole('port', 3400),
    build: values.has('build'),
  };
}
