import cluster from 'node:cluster';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import { confirmDueDeliveries } from '../app/delivery/auto-confirm.server';
import { sendDueReminders } from '../app/debt/send-due-reminders.server';
import { strictTransportSecurity } from '../app/site.server';
import { runningLine, startClock } from '../app/start-log';
import { printDemoSignIns, startUp } from '../app/startup.server';
import { closeDatabase, defaultPgliteDir } from '../db/client.server';
import { buildIfChanged, checkBuild } from '../scripts/build-if-changed';
import { serveRemix } from '../app/http/middleware.server';
import { randomBytesOnce } from '../app/http/random-bytes.server';
import { DUTIES_VARIABLE, serverDuties } from './processes';
import { isStopMessage, type ListeningMessage } from './supervise-processes';

/**
 * This process serves the app (server.ts decides whether alone or as one of several; what else it
 * does is in its duties): it starts the database, loads the build, listens, runs the jobs that are
 * its to run, and stops cleanly on a signal or when asked.
 */
export async function serve({
  dev,
  buildIfNeeded,
  port,
  host,
}: {
  dev: boolean;
  buildIfNeeded: boolean;
  port: number;
  host: string;
}) {
  // Several processes serving: each is told what it does besides (processes.ts).
  const duties = serverDuties(cluster.isWorker ? process.env[DUTIES_VARIABLE] : undefined);
  const alone = cluster.isPrimary;
  // Each phase of the start is logged with how long it took ("Start: open database 850 ms"); a
  // process started beside the first says which it is.
  const clock = startClock(
    duties.has('prepare') ? undefined : (line) => console.log(line.replace(/^Start:/, `Start (pid ${process.pid}):`)),
  );
  clock.done('load server code');

  // A build, when needed, runs beside the database's start-up (each mostly on its own core); the
  // server loads it once both are done.
  let building: Promise<void> | undefined;
  if (buildIfNeeded && duties.has('prepare')) {
    const check = checkBuild(process.cwd());
    clock.done(`build check (${check.needed ? `${check.reason}: building beside the database` : check.reason})`);
    if (check.needed) {
      building = buildIfChanged({ check, show: false }).then((result) => clock.aside('build', result.ms));
      building.catch(() => {}); // reported where it is awaited, below
    }
  }

  // With no build to wait for, the build's code loads while the database starts.
  // @ts-expect-error the build exists only after `npm run build`
  const loadingBuild = dev || building ? undefined : (import('../build/server/index.js') as Promise<ServerBuild>);
  loadingBuild?.catch(() => {}); // reported where it is awaited, below

  const { kind, demoLoaded, publicUrl } = await startUp(port, clock, { prepare: duties.has('prepare') });

  // Background work: unchallenged delivery records confirm themselves once their date has passed.
  async function runJobs() {
    try {
      const confirmed = await confirmDueDeliveries();
      if (confirmed) console.log(`Auto-confirmed ${confirmed} delivery records`);
    } catch (error) {
      console.error('Background job failed:', error);
    }
    // Reminder emails for overdue invoices, at the days each tenant set; each sent once however often this runs.
    try {
      const reminders = await sendDueReminders();
      if (reminders.sent || reminders.failed)
        console.log(
          `Debt reminders: ${reminders.sent} sent, ${reminders.failed} failed, ${reminders.noContact} with no contact`,
        );
    } catch (error) {
      console.error('Debt reminder job failed:', error);
    }
  }
  // The jobs run once the server has been listening a few seconds (so the first pages are not kept
  // waiting behind them), then hourly, in one process.
  if (duties.has('jobs')) setInterval(runJobs, 60 * 60 * 1000).unref();

  const app = express();
  app.disable('x-powered-by');
  if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY);

  app.use((req, res, next) => {
    const nonce = randomBytesOnce(16).toString('base64');
    res.locals.cspNonce = nonce;
    const scriptSrc = dev ? `'self' 'unsafe-inline'` : `'self' 'nonce-${nonce}'`;
    res.setHeader(
      'Content-Security-Policy',
      [
        `default-src 'self'`,
        `script-src ${scriptSrc}`,
        `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
        `img-src 'self' data:`,
        `font-src 'self'`,
        `connect-src 'self'${dev ? ' ws:' : ''}`,
        `form-action 'self'`,
        `frame-ancestors 'none'`,
        `base-uri 'self'`,
        `object-src 'none'`,
      ].join('; '),
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    const hsts = strictTransportSecurity();
    if (!dev && hsts) res.setHeader('Strict-Transport-Security', hsts);
    next();
  });

  app.use('/assets', express.static(path.resolve('node_modules/govuk-frontend/dist/govuk/assets'), { maxAge: '1d' }));

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const vite = await import('vite');
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(viteServer.middlewares);
    build = () => viteServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
  } else {
    app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
    if (building) {
      try {
        await building;
      } catch (error) {
        console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      }
      clock.done('waiting for the build');
    }
    // Files beside assets/ (a public folder's) are served too, but only if there are any: otherwise
    // every page request would look for a file on disk before Remix answers it.
    if (existsSync('build/client') && readdirSync('build/client').some((name) => name !== 'assets'))
      app.use(express.static('build/client', { maxAge: '1h' }));
    // @ts-expect-error the build exists only after `npm run build`
    build = await (loadingBuild ?? (import('../build/server/index.js') as Promise<ServerBuild>));
  }
  clock.done(
    dev ? 'Vite dev server' : loadingBuild ? 'load build (the rest, begun beside the database)' : 'load build',
  );

  serveRemix(
    app,
    process.env.PUBLIC_URL,
    createRequestHandler({
      build,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientAddress: req.ip ?? 'unknown' }),
    }),
  );

  const server = app.listen(port, host, () => {
    clock.done('listen');
    const folder = path.relative(process.cwd(), defaultPgliteDir());
    const database =
      kind === 'pglite'
        ? `embedded PGlite in ${folder.startsWith('..') ? defaultPgliteDir() : `./${folder}`}`
        : 'PostgreSQL';
    const address = `${publicUrl} (listening on ${host}:${port}, ${database}; NODE_ENV=${process.env.NODE_ENV})`;
    if (alone) {
      console.log(`\n${runningLine(address, clock.sinceProcessStart())}`);
      if (demoLoaded) printDemoSignIns();
    } else {
      // The process supervising says it once every process listens.
      const signIns: string[] = [];
      if (demoLoaded) printDemoSignIns((line) => signIns.push(line));
      const listening: ListeningMessage = {
        type: 'traded:listening',
        announce: duties.has('prepare') ? { address, signIns } : null,
      };
      process.send!(listening);
    }
    if (duties.has('jobs'))
      setTimeout(() => {
        const began = performance.now();
        void runJobs().then(() => clock.aside('background jobs (10 s after listening)', performance.now() - began));
      }, 10_000).unref();
  });

  // Stopping (SIGTERM from a service manager, Ctrl-C): stop taking connections, let the requests in
  // hand finish (8 s at most), then close the database cleanly so PGlite's folder and lock are left
  // tidy. A second signal stops at once (with several processes, the one supervising decides that:
  // Ctrl-C reaches every process, and the supervisor asks each to stop as well).
  let stopping = false;
  function stop(signal: NodeJS.Signals) {
    if (stopping) {
      if (alone) process.exit(1);
      return;
    }
    stopping = true;
    console.log(`\n${signal}: finishing the requests in hand, then stopping`);
    const force = setTimeout(() => {
      console.error('Requests still open after 8 s: stopping anyway');
      process.exit(1);
    }, 8_000);
    force.unref();
    server.close(() => {
      closeDatabase()
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          console.error('Closing the database failed:', error);
          process.exit(1);
        });
    });
    // Kept-alive connections are closed as soon as their request in hand is answered.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
  }
  // The server alone decides how it stops (Vite's dev-mode compiler would otherwise exit at once).
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (!alone) {
    process.on('message', (message) => {
      if (isStopMessage(message)) stop(message.signal);
    });
    // The supervising process gone (killed), nothing hands this one connections: it stops.
    process.on('disconnect', () => stop('SIGTERM'));
  }
}
