import { describe, expect, it } from 'vitest';
import { TheBuyer, theBuyer } from './vocabulary';

describe('naming the buyer by its kind', () => {
  it('calls a school the school, a trust the trust and a partner council the council', () => {
    expect(theBuyer('school')).toBe('the school');
    expect(theBuyer('trust')).toBe('the trust');
    expect(theBuyer('council')).toBe('the council');
  });

  it('starts a sentence with a capital', () => {
    expect(TheBuyer('school')).toBe('The school');
    expect(TheBuyer('trust')).toBe('The trust');
    expect(TheBuyer('council')).toBe('The council');
  });
});
