import { mkdtempSync, rmSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { closeDatabase } from '../../db/client.server';

/**
 * For a test file whose embedded database must be a folder another process can open (a worker
 * killed mid-run, a second server): this file's database is a copy of the migrated template on
 * disk instead of in memory. Call it at the top of the file, before anything opens the database.
 */
export function useEmbeddedFolder(): void {
  const template = process.env.TEST_PGLITE_TEMPLATE;
  if (process.env.DATABASE_URL || !template) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'traded-db-'));
  process.env.PGLITE_DIR = dir;
  delete process.env.PGLITE_FROM;
  beforeAll(() => cp(template, dir, { recursive: true }));
  afterAll(async () => {
    await closeDatabase();
    rmSync(dir, { recursive: true, force: true });
  });
}
