import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { buildIfChanged, checkBuild } from '../build-if-changed';

export interface RunningServer {
  pid: number;
  origin: string;
  logFile: string;
  stop(): Promise<void>;
  /** Waits until the server's log has a line matching the pattern, and returns it. */
  waitForLog(pattern: RegExp, timeoutMs: number): Promise<string>;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { redirect: 'manual' });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Whether nothing listens on the port yet (other helpers' servers run on this machine too). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** The first free port from `from` on, so the bench never measures another server. */
export async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 100; port++) if (await portIsFree(port)) return port;
  throw new Error(`No free port from ${from} to ${from + 99}`);
}

/**
 * The heap settings `npm start` gives the server's Node (package.json's start script), so the
 * bench's server collects its garbage as a deployment's does.
 */
export function startHeapFlags(dir = process.cwd()): string[] {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((word) => /^--max-(semi|old)-space-size=\d+$/.test(word));
}

/**
 * The production build, made again when anything it reads has changed since it was last made (as
 * `npm start` does), or always when asked: a stale build would measure code that is not there.
 */
export async function ensureBuild(force: boolean, log: (line: string) => void) {
  const found = checkBuild(process.cwd());
  const check = force ? { ...found, needed: true, reason: 'asked to (--build)' } : found;
  if (check.needed) log(`building the app: ${check.reason}…`);
  const result = await buildIfChanged({ check, show: false });
  if (result.built) log(`  built in ${(result.ms / 1000).toFixed(1)} s`);
}

/**
 * The production server (`NODE_ENV=production tsx server.ts`) as a child process of this node, so
 * its pid is the server's own (for /proc/<pid>/status), with its output in a log file.
 */
export async function startServer(options: {
  port: number;
  /** The checkout to run (this one by default). */
  cwd?: string;
  env: Record<string, string | undefined>;
  logFile: string;
  readyTimeoutMs: number;
}): Promise<RunningServer> {
  const origin = `http://127.0.0.1:${options.port}`;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${options.port}`,
    ...options.env,
  }))
    if (value !== undefined) env[key] = value;
  const log = createWriteStream(options.logFile);
  const cwd = options.cwd ?? process.cwd();
  const child = spawn(process.execPath, [...startHeapFlags(cwd), ...process.execArgv, 'server.ts'], {
    cwd,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = exited(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  };
  const started = Date.now();
  // Only this child may answer: the port was free before it started, and it must still be alive.
  while (!(await answers(`${origin}/accessibility`)) || child.exitCode !== null) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() - started > options.readyTimeoutMs) {
      await stop();
      const tail = existsSync(options.logFile)
        ? readFileSync(options.logFile, 'utf8').split('\n').slice(-30).join('\n')
        : '';
      throw new Error(`The server did not start (exit code ${child.exitCode}); the end of its log:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const waitForLog = async (pattern: RegExp, timeoutMs: number) => {
    const since = Date.now();
    for (;;) {
      const found = readFileSync(options.logFile, 'utf8').match(pattern);
      if (found) return found[0];
      if (child.exitCode !== null || Date.now() - since > timeoutMs)
        throw new Error(`The server did not log ${pattern} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  return { pid: child.pid!, origin, logFile: options.logFile, stop, waitForLog };
}
