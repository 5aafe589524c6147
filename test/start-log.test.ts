import { describe, expect, it } from 'vitest';
import { formatMs, startClock } from '../app/start-log';

describe('the start-up log', () => {
  it('gives each phase one line with how long it took, the first counted from the process start', async () => {
    const lines: string[] = [];
    const clock = startClock((line) => lines.push(line));
    clock.done('load server code');
    await new Promise((resolve) => setTimeout(resolve, 30));
    clock.done('open database');
    clock.aside('build', 18_250.4);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Start: load server code [\d,]+ ms$/);
    // The first phase runs from the process start, which was well before this test.
    expect(Number(lines[0]!.match(/([\d,]+) ms/)![1]!.replace(/,/g, ''))).toBeGreaterThan(100);
    const open = Number(lines[1]!.match(/^Start: open database ([\d,]+) ms$/)![1]!.replace(/,/g, ''));
    expect(open).toBeGreaterThanOrEqual(25);
    expect(lines[2]).toBe('Start: build 18,250 ms');
    expect(formatMs(999.6)).toBe('1,000 ms');
  });
});
