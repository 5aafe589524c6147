import { endSignInChallenge, useRecoveryCode } from '../../db/queries/two-factor';
import { startSession, type SignedIn } from './sign-in.server';
import { claimChallenge } from './sign-in-challenge.server';
import { spendCodeAttempt } from './spend-code-attempt.server';
import { hashToken } from './tokens.server';
import { normaliseRecoveryCode } from './totp';
import { signInAgain, wrongRecoveryCode } from './two-factor-errors';

/** The second step of signing in with one of the ten recovery codes instead: each works once. */
export async function signInWithRecoveryCode(
  challengeToken: string | null,
  recoveryCode: string,
  now = new Date(),
): Promise<SignedIn> {
  const challenge = await claimChallenge(challengeToken, 'verify');
  const id = hashToken(challengeToken!);
  await spendCodeAttempt(challenge.userId, id, now, 'recoveryCode', async (tx) => {
    const code = normaliseRecoveryCode(recoveryCode);
    if (!code || !(await useRecoveryCode(tx, challenge.userId, hashToken(code))))
      return { refused: wrongRecoveryCode() };
    if (!(await endSignInChallenge(tx, id, challenge.userId))) return { refused: signInAgain() };
    return { ok: true };
  });
  return startSession(challenge.userId, { context: challenge.activeContext, home: challenge.home }, now);
}
