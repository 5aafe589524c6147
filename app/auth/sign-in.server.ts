import { countRecentFailures, findUserByEmail, recordSignInAttempt } from '../../db/queries/auth';
import { listOwnMemberships } from '../../db/queries/tenancy';
import { withPerson } from '../../db/scope.server';
import { DomainError } from '../errors';
import { burnVerification, verifyPassword } from './password.server';
import { createSession } from './session.server';

const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export interface SignInResult {
  token: string;
  userId: string;
  home: string;
}

/** Where a person lands: their first provider, else their first buyer organisation, else the chooser. */
export async function defaultContext(userId: string): Promise<{ context: string | null; home: string }> {
  const { provider, buyer } = await withPerson(userId, (tx) => listOwnMemberships(tx, userId));
  if (provider[0]) return { context: `tenant:${provider[0].tenantId}`, home: `/t/${provider[0].slug}` };
  if (buyer[0]) return { context: `org:${buyer[0].organisationId}`, home: '/buy' };
  return { context: null, home: '/organisations' };
}

export async function signIn(input: { email: string; password: string; address: string }, now = new Date()) {
  const since = new Date(now.getTime() - WINDOW_MS);
  const user = await withPerson(null, async (tx) => {
    const byAccount = await countRecentFailures(tx, since, { email: input.email });
    const byAddress = await countRecentFailures(tx, since, { address: input.address });
    if (byAccount >= MAX_FAILURES_PER_ACCOUNT || byAddress >= MAX_FAILURES_PER_ADDRESS)
      throw new DomainError(
        'sign_in.locked',
        'Too many failed attempts to sign in. Wait 15 minutes, then try again.',
        'email',
        429,
      );
    return findUserByEmail(tx, input.email);
  });

  const valid = user?.password_hash
    ? await verifyPassword(user.password_hash, input.password)
    : (await burnVerification(input.password), false);

  await withPerson(user?.id ?? null, (tx) =>
    recordSignInAttempt(tx, { email: input.email, address: input.address, succeeded: valid }),
  );
  if (!user || !valid)
    throw new DomainError('sign_in.invalid', 'Enter a correct email address and password', 'email', 401);

  const { context, home } = await defaultContext(user.id);
  const { token } = await createSession(user.id, context, now);
  return { token, userId: user.id, home } satisfies SignInResult;
}
