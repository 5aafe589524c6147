import { describe, expect, it } from 'vitest';
import { median, pairedRatios } from './compare';

describe('comparing two servers round by round', () => {
  it('takes the middle value, and each round’s ratio in order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeNaN();
    expect(pairedRatios([110, 90, 120], [100, 100, 100])).toEqual([1.1, 0.9, 1.2]);
    expect(() => pairedRatios([1, 2], [1])).toThrow(/same rounds/);
  });
});
