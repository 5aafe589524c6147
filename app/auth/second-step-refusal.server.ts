import type { ChallengePurpose } from '../../db/queries/two-factor';
import type { DomainError } from '../errors';
import { clearChallengeCookie, readChallengeToken } from './challenge-cookie.server';
import { findChallenge } from './sign-in-challenge.server';
import { signInAgain } from './two-factor-errors';

/**
 * What a second-step page shows for a refused code: the refusal itself while the challenge lives;
 * once it has ended (the fifth wrong code, ten minutes gone), "sign in again", clearing its cookie.
 */
export async function secondStepRefusal(request: Request, error: DomainError, purpose: ChallengePurpose) {
  const ended =
    error.code === 'two_factor.challenge_ended' || !(await findChallenge(readChallengeToken(request), purpose));
  const shown = ended ? signInAgain() : error;
  return {
    errors: [{ field: shown.field, message: shown.message }],
    ended,
    init: { status: shown.status, headers: ended ? { 'Set-Cookie': clearChallengeCookie(request) } : undefined },
  };
}
