import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHeapFlags } from './server-process';

describe("the bench's server", () => {
  it('runs with the heap settings npm start gives the server, whatever they are', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'traded-start-flags-'));
    try {
      const start =
        'NODE_ENV=production node --max-semi-space-size=32 --max-old-space-size=2048 --import tsx server.ts';
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { start } }));
      expect(startHeapFlags(dir)).toEqual(['--max-semi-space-size=32', '--max-old-space-size=2048']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // This checkout's own: exactly the heap flags its start script names (none, today).
    const own = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(startHeapFlags()).toEqual(own.split(/\s+/).filter((word) => word.startsWith('--max-')));
  });
});
