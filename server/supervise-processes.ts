import cluster, { type Worker } from 'node:cluster';
import { DUTIES_VARIABLE, type ServerDuty } from './processes';

/** What a server process tells the one supervising it, once it listens. */
export interface ListeningMessage {
  type: 'traded:listening';
  /** What the first process would print were it alone: where it runs, and the demo sign-ins. */
  announce: { address: string; signIns: string[] } | null;
}
/** What the supervising process asks of a server process. */
export interface StopMessage {
  type: 'traded:stop';
  signal: NodeJS.Signals;
}

export function isStopMessage(message: unknown): message is StopMessage {
  return (message as StopMessage | null)?.type === 'traded:stop';
}

function isListeningMessage(message: unknown): message is ListeningMessage {
  return (message as ListeningMessage | null)?.type === 'traded:listening';
}

/** Restarts allowed within RESTART_WINDOW_MS before the server gives up (a process failing at once, over and over). */
const RESTARTS_ALLOWED = 5;
const RESTART_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 1_000;
/** A process still running this long after it was asked to stop is killed. */
const STOP_LIMIT_MS = 10_000;

/**
 * Runs the server as `count` processes sharing its port (Node's cluster: this process accepts the
 * connections and hands each to a server process in turn). The first prepares (builds, migrates,
 * loads the demo) and runs the background jobs; the rest start once it listens, when everything
 * they need is ready. "Traded is running" is printed once all listen. A process that stops
 * unexpectedly is replaced (one that had the jobs by one with the jobs); a process that fails before
 * it listens stops the whole server (it is the configuration or the database, which another start
 * would meet again). SIGTERM or Ctrl-C asks each process to stop as it would alone (the requests
 * in hand answered, the database closed); a second signal stops them at once.
 */
export function superviseServerProcesses(options: {
  count: number;
  runningLine: (address: string) => string;
  log?: (line: string) => void;
  error?: (line: string) => void;
}) {
  const { count, runningLine } = options;
  const log = options.log ?? console.log;
  const error = options.error ?? console.error;
  const duties = new Map<Worker, Set<ServerDuty>>();
  const listening = new Set<Worker>();
  /** Processes still starting when the server was asked to stop: stopped by a signal, not asked. */
  const cutShort = new Set<Worker>();
  const restarts: number[] = [];
  let pending: ListeningMessage['announce'] = null;
  let announced = false;
  let stopping: NodeJS.Signals | null = null;
  let failed = false;

  function start(given: ServerDuty[]) {
    const worker = cluster.fork({ [DUTIES_VARIABLE]: given.join(',') });
    duties.set(worker, new Set(given));
    worker.on('message', (message: unknown) => {
      if (!isListeningMessage(message)) return;
      listening.add(worker);
      if (message.announce) {
        // The first is ready, and with it the build and the database: the rest start now.
        for (let i = 1; i < count; i++) start([]);
        pending = message.announce;
      }
      if (!announced && pending && listening.size === count) {
        announced = true;
        log(`\n${runningLine(pending.address)}`);
        for (const line of pending.signIns) log(line);
      }
    });
    worker.on('exit', (code, signal) => {
      const had = duties.get(worker)!;
      const wasListening = listening.has(worker);
      duties.delete(worker);
      listening.delete(worker);
      if (stopping) {
        // Stopped as asked, each must have stopped cleanly for the server to have.
        if (code !== 0 && !cutShort.has(worker)) failed = true;
        if (duties.size === 0) process.exit(failed ? 1 : 0);
        return;
      }
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      if (!wasListening) {
        failed = true;
        error(`A server process ${how} before it was serving: stopping the server.`);
        return stopAll('SIGTERM');
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length > RESTARTS_ALLOWED) {
        error(`Server processes stopped ${restarts.length} times within a minute: stopping the server.`);
        return stopAll('SIGTERM');
      }
      const again = [...had].filter((duty) => duty !== 'prepare');
      error(`A server process (pid ${worker.process.pid}) ${how}: starting another in its place.`);
      // A moment's wait: a stop asked of every process at once (a service manager's SIGTERM to the
      // group) may reach a server process before this one.
      setTimeout(() => {
        if (!stopping) start(again);
      }, RESTART_DELAY_MS);
    });
  }

  function stopAll(signal: NodeJS.Signals) {
    if (stopping) {
      error('Stopping at once');
      for (const worker of duties.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = signal;
    if (duties.size === 0) process.exit(failed ? 1 : 0);
    for (const worker of duties.keys()) {
      const stop: StopMessage = { type: 'traded:stop', signal };
      if (listening.has(worker) && worker.isConnected()) worker.send(stop);
      else {
        // Still starting, it may not hear a message yet (and serves nobody): a signal stops it.
        cutShort.add(worker);
        worker.process.kill('SIGTERM');
      }
    }
    const force = setTimeout(() => {
      error(`Server processes still running ${STOP_LIMIT_MS / 1000} s after being asked to stop: stopping them`);
      for (const worker of duties.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_LIMIT_MS);
    force.unref();
  }

  process.on('SIGTERM', () => stopAll('SIGTERM'));
  process.on('SIGINT', () => stopAll('SIGINT'));
  start(['prepare', 'jobs']);
}
