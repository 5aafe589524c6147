import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import { printDemoSignIns, startUp } from './app/startup.server';
import { strictTransportSecurity } from './app/site.server';
import { confirmDueDeliveries } from './app/delivery/auto-confirm.server';
import { sendDueReminders } from './app/debt/send-due-reminders.server';
import { serveRemix } from './app/http/middleware.server';

const dev = process.argv.includes('--dev');
// The production build serves React's production code (read when the build is imported below).
if (!dev) process.env.NODE_ENV ??= 'production';
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const { kind, demoLoaded, publicUrl } = await startUp(port);

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
await runJobs();
setInterval(runJobs, 60 * 60 * 1000).unref();

const app = express();
app.disable('x-powered-by');
if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY);

app.use((req, res, next) => {
  const nonce = randomBytes(16).toString('base64');
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
  app.use(express.static('build/client', { maxAge: '1h' }));
  // @ts-expect-error the build exists only after `npm run build`
  build = (await import('./build/server/index.js')) as ServerBuild;
}

serveRemix(
  app,
  process.env.PUBLIC_URL,
  createRequestHandler({
    build,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientAddress: req.ip ?? 'unknown' }),
  }),
);

app.listen(port, host, () => {
  console.log(
    `\nTraded is running at ${publicUrl} (listening on ${host}:${port}, ${kind === 'pglite' ? 'embedded PGlite in ./data/pg' : 'PostgreSQL'}; NODE_ENV=${process.env.NODE_ENV})`,
  );
  if (demoLoaded) printDemoSignIns();
});
