import { confirmTwoFactorEnrolment as confirmInDatabase } from '../../db/queries/two-factor';
import { DomainError } from '../errors';
import { spendCodeAttempt } from './spend-code-attempt.server';
import { hashToken } from './tokens.server';
import { generateRecoveryCodes, matchingStep, normaliseRecoveryCode } from './totp';
import { wrongCode } from './two-factor-errors';

/**
 * Confirms setting up two-factor sign-in with the first code from the person's app (counted like
 * any code), for someone signed in or signing in (`proof`: their session's or challenge's id).
 * Returns the ten recovery codes: only their hashes are kept, so they are shown once.
 */
export async function confirmTwoFactorEnrolment(
  userId: string,
  code: string,
  proof: string,
  now = new Date(),
): Promise<string[]> {
  return spendCodeAttempt<string[]>(userId, proof, now, 'code', async (tx, credential) => {
    if (credential.confirmed)
      return {
        refused: new DomainError('two_factor.already_set_up', 'Two-factor sign-in is already set up', 'code', 409),
      };
    const step = matchingStep(credential.secret, code, now);
    if (step === null) return { refused: wrongCode() };
    const codes = generateRecoveryCodes();
    const hashes = codes.map((c) => hashToken(normaliseRecoveryCode(c)!));
    if (!(await confirmInDatabase(tx, userId, step, hashes))) return { refused: wrongCode() };
    return { ok: codes };
  });
}
