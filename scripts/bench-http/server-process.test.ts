import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startHeapFlags } from './server-process';

describe("the bench's server", () => {
  it('runs with the heap settings npm start gives the server', () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toContain('--max-semi-space-size=64');
    expect(startHeapFlags()).toEqual(['--max-semi-space-size=64']);
  });
});
