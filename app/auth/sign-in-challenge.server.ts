import {
  claimSignInChallenge,
  findSignInChallenge,
  type ChallengePurpose,
  type SignInChallenge,
} from '../../db/queries/two-factor';
import { withPerson } from '../../db/scope.server';
import { hashToken } from './tokens.server';
import { signInAgain } from './two-factor-errors';

/** The live challenge behind this browser's cookie, for this step, without counting an attempt. */
export async function findChallenge(token: string | null, purpose: ChallengePurpose): Promise<SignInChallenge | null> {
  if (!token) return null;
  const challenge = await withPerson(null, (tx) => findSignInChallenge(tx, hashToken(token)));
  return challenge?.purpose === purpose ? challenge : null;
}

/**
 * Claims one attempt on the challenge behind this browser's cookie (committed at once, so it
 * counts whatever the code turns out to be). Expired, used up, unknown or another step: sign in again.
 */
export async function claimChallenge(token: string | null, purpose: ChallengePurpose): Promise<SignInChallenge> {
  if (!token) throw signInAgain();
  const challenge = await withPerson(null, (tx) => claimSignInChallenge(tx, hashToken(token)));
  if (!challenge || challenge.purpose !== purpose) throw signInAgain();
  return challenge;
}
