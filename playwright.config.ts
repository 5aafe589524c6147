import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// End-to-end journeys against the production build.
//
// The build must already exist: CI runs `npm run build` before `npx playwright test`
// (the web server below serves ./build; it does not build).
//
// Playwright loads this file in the runner and again in every worker, so the run's folders are
// computed once and handed on through the environment (workers inherit it): the server and the
// tests then agree on where the database and the mail live.
const runDir = (process.env.E2E_RUN_DIR ??= path.join(os.tmpdir(), `traded-e2e-${Date.now()}`));
const PGLITE_DIR = (process.env.E2E_PGLITE_DIR ??= path.join(runDir, 'pg'));
const MAIL_DIR = (process.env.E2E_MAIL_DIR ??= path.join(runDir, 'mail'));
const NARROW_PGLITE_DIR = path.join(runDir, 'pg-narrow');
const NARROW_MAIL_DIR = path.join(runDir, 'mail-narrow');

// The narrow journeys have a server and database of their own (the next port up), so they run
// beside the desktop journeys instead of after them, each project one journey at a time.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const NARROW_PORT = PORT + 1;

// Playwright cannot download its own browser here: use the system Chromium.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const baseURL = `http://127.0.0.1:${PORT}`;
const narrowURL = `http://127.0.0.1:${NARROW_PORT}`;

/** The app on a fresh embedded database with the demo tenants, serving ./build (run `npm run build` first). */
function server(port: number, url: string, dir: string, mailDir: string) {
  return {
    command: 'npx tsx server.ts',
    url: `${url}/accessibility`,
    // An ambient DATABASE_URL would bypass the embedded database. The journeys happen on a fixed
    // day in the 2026/27 academic year, whatever the machine's clock says.
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      // Links in mail point here (never at the request's Host); the embedded demo would say localhost.
      PUBLIC_URL: url,
      PGLITE_DIR: dir,
      MAIL_DIR: mailDir,
      DATABASE_URL: '',
      SEED_DEMO: 'true',
      TRADED_TODAY: '2026-11-22',
    },
    // The first start migrates and seeds a fresh database (~20 s, more on a slow machine).
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  };
}

export default defineConfig({
  testDir: 'test/e2e',
  // Each app runs on one embedded database: a project's journeys run one at a time, the two
  // projects side by side.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: 'list',
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    headless: true,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      workers: 1,
      metadata: { mailDir: MAIL_DIR },
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
    // Every journey again on a small phone's width, where the layout reflows and the menu folds
    // (not the check that the accessibility check itself fails: that is about axe, not the app).
    {
      name: 'chromium-375px',
      workers: 1,
      testIgnore: 'axe-checker.spec.ts',
      metadata: { mailDir: NARROW_MAIL_DIR },
      use: {
        ...devices['Desktop Chrome'],
        baseURL: narrowURL,
        viewport: { width: 375, height: 812 },
        launchOptions,
      },
    },
  ],
  webServer: [
    server(PORT, baseURL, PGLITE_DIR, MAIL_DIR),
    server(NARROW_PORT, narrowURL, NARROW_PGLITE_DIR, NARROW_MAIL_DIR),
  ],
});
