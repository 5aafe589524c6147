import { claimTwoFactorAttempt } from '../../db/queries/two-factor';
import type { Scoped } from '../../db/scope.server';
import { withPerson } from '../../db/scope.server';
import { DomainError } from '../errors';
import { tooManyAttempts } from './two-factor-errors';

export type CodeCheck<T> = { ok: T } | { refused: DomainError };

/**
 * One attempt at a code (a TOTP code or a recovery code) for a person signed in or signing in
 * (`proof`: the hash of their session's or challenge's token): claimed in the database before the
 * code is checked, so concurrent guesses wait for the row lock and each is counted.
 * `check` runs in the same transaction with the person's secret; its refusal is thrown only after
 * the transaction commits, so a wrong code still counts.
 */
export async function spendCodeAttempt<T>(
  userId: string,
  proof: string,
  now: Date,
  field: string,
  check: (tx: Scoped, credential: { secret: Uint8Array; confirmed: boolean }) => Promise<CodeCheck<T>>,
): Promise<T> {
  const result = await withPerson(userId, async (tx): Promise<CodeCheck<T>> => {
    const attempt = await claimTwoFactorAttempt(tx, userId, proof);
    if (attempt.status === 'locked') return { refused: tooManyAttempts(attempt.retryAt, now, field) };
    if (attempt.status === 'none')
      return {
        refused: new DomainError('two_factor.not_set_up', 'Two-factor sign-in is not set up', field, 409),
      };
    return check(tx, attempt);
  });
  if ('refused' in result) throw result.refused;
  return result.ok;
}
