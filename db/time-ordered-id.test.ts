import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id';

describe('a time-ordered id', () => {
  it('is a version 7 UUID carrying the millisecond it was made', () => {
    const made = Date.UTC(2026, 6, 31, 12, 0, 0, 123);
    const id = timeOrderedId(made);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(made);
  });

  it('sorts after every id made earlier, and differs from every other id made at once', () => {
    const earlier = Array.from({ length: 1000 }, () => timeOrderedId(1_800_000_000_000));
    const later = Array.from({ length: 1000 }, () => timeOrderedId(1_800_000_000_001));
    expect(new Set([...earlier, ...later]).size).toBe(2000);
    const lastEarlier = [...earlier].sort().at(-1)!;
    expect(later.every((id) => id > lastEarlier)).toBe(true);
  });
});
