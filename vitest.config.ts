import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    include: [
      'app/**/*.test.{ts,tsx}',
      'db/**/*.test.ts',
      'test/**/*.test.ts',
      'tenants/**/*.test.ts',
      'scripts/**/*.test.ts',
      'server/**/*.test.ts',
    ],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/setup/global-setup.ts'],
    setupFiles: ['test/setup/worker-setup.ts', 'test/setup/route-hooks.ts'],
    // Worker threads, two at once (one per core), each running test file after test file: every
    // file gets a database of its own (test/setup/worker-setup.ts) but shares the worker's loaded
    // modules with the files before it, rather than loading the app again (the whole suite on
    // PGlite took 295 s with a fresh worker per file and 189 s without, same machine, same hour).
    // So a test file puts back what it changes (environment variables, spies), and a route test
    // gives its component data through test/setup/route-data.ts, never a vi.mock of its own.
    // Nothing may change the process's working folder (process.chdir is refused in a worker).
    pool: 'threads',
    poolOptions: { threads: { maxThreads: 2, minThreads: 1, isolate: false } },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
