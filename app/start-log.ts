/**
 * The start-up log: one line as each phase ends, with how long it took ("Start: open database
 * 850 ms"). The first phase is counted from the process's own start (performance.now() is time
 * since then): loading the server's code.
 */
export function startClock(log: (line: string) => void = console.log) {
  let last = 0;
  return {
    /** The phase just ended: logs the time since the one before. */
    done(phase: string) {
      const now = performance.now();
      log(`Start: ${phase} ${formatMs(now - last)}`);
      last = now;
    },
    /** A phase that ran beside the others, with its own duration. */
    aside(phase: string, ms: number) {
      log(`Start: ${phase} ${formatMs(ms)}`);
    },
    /** Time since the process started. */
    sinceProcessStart: () => performance.now(),
  };
}
export type StartClock = ReturnType<typeof startClock>;

export function formatMs(ms: number): string {
  return `${Math.round(ms).toLocaleString('en-GB')} ms`;
}

/** The line saying the server is ready, where, and how long its start took. */
export function runningLine(address: string, ms: number, processes = 1): string {
  return `Traded is running at ${address}, ${processes > 1 ? `${processes} server processes, ` : ''}${formatMs(ms)} after the process started`;
}
