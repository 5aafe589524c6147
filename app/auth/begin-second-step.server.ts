import { beginSignInChallenge, findTwoFactorStatus, isTwoFactorRequired } from '../../db/queries/two-factor';
import { withPerson } from '../../db/scope.server';
import { generateToken, hashToken } from './tokens.server';

export type SecondStep = 'verify' | 'enrol';

/**
 * Whether a sign-in needs a second step, and which, before any session exists: a code from
 * someone who has set up two-factor sign-in; setting it up, for an admin or finance officer of a
 * provider that requires it. Otherwise none. The step is held in a challenge (its token for the
 * browser's cookie, only the hash stored), with where the person was going once signed in.
 */
export async function beginSecondStep(
  userId: string,
  destination: { context: string | null; home: string },
): Promise<{ step: SecondStep; token: string } | null> {
  return withPerson(userId, async (tx) => {
    const status = await findTwoFactorStatus(tx, userId);
    const step: SecondStep | null = status?.confirmedAt
      ? 'verify'
      : (await isTwoFactorRequired(tx, userId))
        ? 'enrol'
        : null;
    if (!step) return null;
    const token = generateToken();
    await beginSignInChallenge(tx, {
      id: hashToken(token),
      userId,
      purpose: step,
      activeContext: destination.context,
      home: destination.home,
    });
    return { step, token };
  });
}
