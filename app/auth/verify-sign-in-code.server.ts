import { acceptTwoFactorCode, endSignInChallenge } from '../../db/queries/two-factor';
import { startSession, type SignedIn } from './sign-in.server';
import { claimChallenge } from './sign-in-challenge.server';
import { spendCodeAttempt } from './spend-code-attempt.server';
import { hashToken } from './tokens.server';
import { matchingStep } from './totp';
import { codeAlreadyUsed, signInAgain, wrongCode } from './two-factor-errors';

/**
 * The second step of signing in: a current code from the person's authenticator app, counted
 * against the challenge (five) and the person (ten in 15 minutes), and never one already used.
 * Only then a session.
 */
export async function verifySignInCode(
  challengeToken: string | null,
  code: string,
  now = new Date(),
): Promise<SignedIn> {
  const challenge = await claimChallenge(challengeToken, 'verify');
  const id = hashToken(challengeToken!);
  await spendCodeAttempt(challenge.userId, id, now, 'code', async (tx, credential) => {
    const step = credential.confirmed ? matchingStep(credential.secret, code, now) : null;
    if (step === null) return { refused: wrongCode() };
    if (!(await acceptTwoFactorCode(tx, challenge.userId, step))) return { refused: codeAlreadyUsed() };
    if (!(await endSignInChallenge(tx, id, challenge.userId))) return { refused: signInAgain() };
    return { ok: true };
  });
  return startSession(challenge.userId, { context: challenge.activeContext, home: challenge.home }, now);
}
