import { endSignInChallenge } from '../../db/queries/two-factor';
import { withPerson } from '../../db/scope.server';
import { confirmTwoFactorEnrolment } from './confirm-two-factor-enrolment.server';
import { startSession, type SignedIn } from './sign-in.server';
import { claimChallenge } from './sign-in-challenge.server';
import { hashToken } from './tokens.server';
import { signInAgain } from './two-factor-errors';

/**
 * Someone whose provider requires two-factor sign-in, setting it up as they sign in: the first
 * code confirms it (counted against the challenge and the person), and only then a session.
 */
export async function enrolAtSignIn(
  challengeToken: string | null,
  code: string,
  now = new Date(),
): Promise<{ outcome: SignedIn; recoveryCodes: string[] }> {
  const challenge = await claimChallenge(challengeToken, 'enrol');
  const id = hashToken(challengeToken!);
  const recoveryCodes = await confirmTwoFactorEnrolment(challenge.userId, code, id, now);
  if (!(await withPerson(challenge.userId, (tx) => endSignInChallenge(tx, id, challenge.userId)))) throw signInAgain();
  const outcome = await startSession(challenge.userId, { context: challenge.activeContext, home: challenge.home }, now);
  return { outcome, recoveryCodes };
}
