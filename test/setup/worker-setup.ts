import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll } from 'vitest';
import { closeDatabase } from '../../db/client.server';

// Each test file gets its own database, a copy of the migrated template; it opens lazily, so
// files that never touch data pay nothing. On PGlite the copy lives in memory (loaded from the
// template's dump): nothing is copied on disk, written through, or deleted afterwards, and the
// worker's event loop is never held up by synchronous file work. A test that hands its database
// to another process asks for a folder instead (test/setup/embedded-folder.ts).
const mailDir = mkdtempSync(path.join(os.tmpdir(), 'traded-mail-'));
process.env.MAIL_DIR = mailDir;

const serverUrl = process.env.DATABASE_URL && (process.env.TEST_SERVER_URL ??= process.env.DATABASE_URL);
let cleanup: () => Promise<void> = async () => {};

if (serverUrl && process.env.TEST_PG_TEMPLATE) {
  const name = `${process.env.TEST_PG_PREFIX ?? 'traded_test_'}${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(serverUrl, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database ${name} template ${process.env.TEST_PG_TEMPLATE}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  cleanup = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
} else if (process.env.TEST_PGLITE_DUMP) {
  process.env.PGLITE_DIR = 'memory://';
  process.env.PGLITE_FROM = process.env.TEST_PGLITE_DUMP;
}

afterAll(async () => {
  await closeDatabase();
  await cleanup();
  rmSync(mailDir, { recursive: true, force: true });
});
