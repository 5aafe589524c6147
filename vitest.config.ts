import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'db/**/*.test.ts', 'test/**/*.test.ts', 'tenants/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/setup/global-setup.ts'],
    setupFiles: ['test/setup/worker-setup.ts'],
    // Worker threads, two at once (one per core): each test file still gets a fresh module graph and
    // database, but a thread starts far quicker than a process (the whole suite on PGlite took 259 s
    // in forks and 185 s in threads on the same machine). Nothing may change the process's working
    // folder (process.chdir is refused in a worker).
    pool: 'threads',
    poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
