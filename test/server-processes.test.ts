import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverProcessIds } from '../scripts/bench-http/rss';
import { embeddedPass, killed, runTs, startTs } from './embedded/child';

// On PostgreSQL the server runs one process per core (WEB_CONCURRENCY to choose). These start the
// real server (`npm start`'s command, building first if the app changed) on this file's database.

/** Everything a child has printed so far, and a wait for a pattern to appear in it `times` times. */
function output(child: ChildProcess) {
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const count = (pattern: RegExp) => text.match(new RegExp(pattern.source, 'gm'))?.length ?? 0;
  return {
    text: () => text,
    count,
    async waitFor(pattern: RegExp, times = 1, timeoutMs = 60_000) {
      const since = Date.now();
      while (count(pattern) < times) {
        if (child.exitCode !== null) throw new Error(`Exited with ${child.exitCode} before ${pattern}:\n${text}`);
        if (Date.now() - since > timeoutMs) throw new Error(`Timed out waiting for ${pattern}:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

const alive = (pid: number) => existsSync(`/proc/${pid}`);

async function status(url: string): Promise<number> {
  // A new connection each time: the cluster hands each connection to a server process in turn.
  const response = await fetch(url, { headers: { connection: 'close' } });
  await response.arrayBuffer();
  return response.status;
}

describe.runIf(!embeddedPass)('several server processes on PostgreSQL', () => {
  it('serve together: the first prepares and runs the jobs, a process that dies is replaced, SIGTERM stops them all', async () => {
    const port = 3991;
    const origin = `http://127.0.0.1:${port}`;
    const server = startTs('server.ts', ['--build-if-changed'], {
      NODE_ENV: 'production',
      WEB_CONCURRENCY: '2',
      PORT: String(port),
      PUBLIC_URL: origin,
      SEED_DEMO: 'false',
    });
    const log = output(server);
    try {
      // Said once every process listens (the first may build the app first).
      await log.waitFor(
        /^Traded is running at .*\(listening on 127\.0\.0\.1:3991, PostgreSQL;.*, 2 server processes, /m,
        1,
        240_000,
      );
      const [supervisor, ...serving] = serverProcessIds(server.pid!);
      expect(supervisor).toBe(server.pid);
      expect(serving).toHaveLength(2);
      for (let i = 0; i < 4; i++) expect(await status(`${origin}/accessibility`)).toBe(200);

      // The first prepared the database (migrations) and the second did not; the second says which it is.
      expect(log.count(/^Start: migrations/)).toBe(1);
      const second = Number(/^Start \(pid (\d+)\): listen/m.exec(log.text())?.[1]);
      expect(serving).toContain(second);
      const first = serving.find((pid) => pid !== second)!;
      // The background jobs run in one process only, 10 s after it listens.
      await log.waitFor(/^Start: background jobs/, 1, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(log.count(/background jobs \(10 s after listening\)/)).toBe(1);

      // The first dies: the second goes on serving, and another takes the first's place (and its jobs).
      process.kill(first, 'SIGKILL');
      await log.waitFor(
        new RegExp(`^A server process \\(pid ${first}\\) was killed \\(SIGKILL\\): starting another in its place`),
      );
      for (let i = 0; i < 4; i++) expect(await status(`${origin}/accessibility`)).toBe(200);
      await log.waitFor(/^Start \(pid \d+\): listen/, 2);
      const now = serverProcessIds(server.pid!).slice(1);
      expect(now).toHaveLength(2);
      expect(now).toContain(second);
      expect(now).not.toContain(first);
      await log.waitFor(/^Start \(pid \d+\): background jobs \(10 s after listening\)/, 1, 30_000);
      expect(log.count(/^Start: migrations/)).toBe(1);

      // SIGTERM to the server stops every process cleanly.
      const exitCode = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      server.kill('SIGTERM');
      expect(await exitCode).toBe(0);
      expect(log.count(/^SIGTERM: finishing the requests in hand, then stopping/)).toBe(2);
      for (const pid of now) expect(alive(pid)).toBe(false);
    } finally {
      for (const pid of serverProcessIds(server.pid!).reverse()) if (alive(pid)) process.kill(pid, 'SIGKILL');
      await killed(server);
    }
  }, 300_000);

  it('stops cleanly when asked while the other processes are still starting', async () => {
    const port = 3994;
    const server = startTs('server.ts', ['--build-if-changed'], {
      NODE_ENV: 'production',
      WEB_CONCURRENCY: '3',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO: 'false',
    });
    const log = output(server);
    try {
      // The first listens; the others are only now being started.
      await log.waitFor(/^Start: listen/, 1, 240_000);
      const exitCode = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      const asked = Date.now();
      server.kill('SIGTERM');
      expect(await exitCode).toBe(0);
      // Well within the 10 s after which the supervisor would kill what had not stopped.
      expect(Date.now() - asked).toBeLessThan(8_000);
      expect(log.text()).not.toMatch(/Traded is running/);
      expect(log.text()).not.toMatch(/still running .* after being asked to stop/);
    } finally {
      for (const pid of serverProcessIds(server.pid!).reverse()) if (alive(pid)) process.kill(pid, 'SIGKILL');
      await killed(server);
    }
  }, 300_000);

  it('stops at once, saying why, when a server process cannot start (here: no PUBLIC_URL)', async () => {
    const result = await runTs('server.ts', [], {
      NODE_ENV: 'production',
      WEB_CONCURRENCY: '2',
      PORT: '3992',
      PUBLIC_URL: '',
      SEED_DEMO: 'false',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PUBLIC_URL is not set');
    expect(result.stderr).toContain('A server process exited with code 1 before it was serving: stopping the server.');
  }, 120_000);

  it('refuses a WEB_CONCURRENCY it cannot use, saying what to set', async () => {
    const result = await runTs('server.ts', [], { WEB_CONCURRENCY: 'lots', PORT: '3993' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('WEB_CONCURRENCY must be a whole number of server processes from 1 to 64');
  }, 60_000);
});
