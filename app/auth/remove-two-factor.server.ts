import { removeTwoFactor as removeInDatabase } from '../../db/queries/two-factor';
import { spendCodeAttempt } from './spend-code-attempt.server';
import { matchingStep } from './totp';
import { codeAlreadyUsed, wrongCode } from './two-factor-errors';

/**
 * Turns two-factor sign-in off, given a fresh code: one the person has not used before, from their
 * session (`sessionId`).
 */
export async function removeTwoFactor(
  userId: string,
  code: string,
  sessionId: string,
  now = new Date(),
): Promise<void> {
  await spendCodeAttempt(userId, sessionId, now, 'code', async (tx, credential) => {
    const step = credential.confirmed ? matchingStep(credential.secret, code, now) : null;
    if (step === null) return { refused: wrongCode() };
    if (!(await removeInDatabase(tx, userId, step))) return { refused: codeAlreadyUsed() };
    return { ok: undefined };
  });
}
