import { spawn, type ChildProcess } from 'node:child_process';

/**
 * True on the embedded pass of the suite (no DATABASE_URL). The tests of the embedded database's
 * own processes (its lock, backup, kill -9, the server on its folder) give their children
 * DATABASE_URL='' whatever the pass, so the PostgreSQL pass would run them again unchanged (and
 * slower, migrating from nothing): they run on the embedded pass only.
 */
export const embeddedPass = !process.env.DATABASE_URL;

/** The arguments that run a TypeScript file in a new Node process, through tsx. */
const tsArgs = (file: string, args: string[]) => ['--import', 'tsx', file, ...args];

/** Starts a TypeScript file in a new Node process (through tsx), with extra environment. */
export function startTs(file: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, tsArgs(file, args), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves when the child prints a line matching `pattern`; rejects if it exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let errors = '';
    const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${pattern}; stderr: ${errors}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(line);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Exited with ${code} before ${pattern}; stderr: ${errors}`));
    });
  });
}

/**
 * Runs a command to the end: its exit code and output. One still running after `timeoutMs` is
 * killed, and says so (`timedOut`): a command that never exits fails its test rather than the suite.
 */
export function run(command: string, args: string[], env: Record<string, string>, timeoutMs = 120_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

/** Runs a TypeScript file in a new Node process (through tsx) to the end, as `run` does a command. */
export function runTs(file: string, args: string[], env: Record<string, string>, timeoutMs?: number) {
  return run(process.execPath, tsArgs(file, args), env, timeoutMs);
}
