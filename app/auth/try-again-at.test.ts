import { describe, expect, it } from 'vitest';
import { tryAgainAt } from './try-again-at';

describe('when a locked way in opens again', () => {
  it('says the time in the UK, rounded up to the minute', () => {
    const now = new Date('2026-12-02T15:13:05Z');
    expect(tryAgainAt(new Date('2026-12-02T15:14:05Z'), now)).toBe('You can try again at 3:15pm');
    expect(tryAgainAt(new Date('2026-12-02T15:15:00Z'), now)).toBe('You can try again at 3:15pm');
  });

  it('in British Summer Time too', () => {
    expect(tryAgainAt(new Date('2026-07-01T08:59:30Z'), new Date('2026-07-01T08:58:00Z'))).toBe(
      'You can try again at 10am',
    );
  });

  it('says the day when it is not today', () => {
    expect(tryAgainAt(new Date('2026-12-03T09:30:00Z'), new Date('2026-12-02T15:13:00Z'))).toBe(
      'You can try again on 3 December 2026 at 9:30am',
    );
  });
});
