import { describe, expect, it } from 'vitest';
import { randomBytesOnce } from './random-bytes.server';

describe('random bytes drawn from a pool', () => {
  it('gives each caller bytes of its own, never the same twice, across refills', () => {
    const seen = new Set<string>();
    const first = randomBytesOnce(16);
    const copy = Buffer.from(first);
    // More than the pool holds, so it refills several times.
    for (let i = 0; i < 3000; i++) {
      const bytes = randomBytesOnce(16);
      expect(bytes).toHaveLength(16);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(3000);
    // What was handed out is the caller's: drawing more does not change it.
    expect(first.equals(copy)).toBe(true);
    expect(randomBytesOnce(20000)).toHaveLength(20000);
  });

  it('is not all zeros, nor the same byte over and over', () => {
    const bytes = randomBytesOnce(4096);
    expect(new Set(bytes).size).toBeGreaterThan(200);
  });
});
