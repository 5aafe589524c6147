import {
  blockThrottle,
  claimThrottle,
  findThrottleBlock,
  findSignInCredential,
  recordSignInAttempt,
  releaseThrottles,
} from '../../db/queries/auth';
import { listOwnMemberships } from '../../db/queries/tenancy';
import { withPerson } from '../../db/scope.server';
import { DomainError } from '../errors';
import { beginSecondStep } from './begin-second-step.server';
import { burnVerification, verifyPassword } from './password.server';
import { createSession, invalidateSessionToken } from './session.server';
import { tryAgainAt } from './try-again-at';

/**
 * Guesses at one account from one address: this many are checked freely, then each further
 * attempt waits twice as long as the last (1, 2, 4 … minutes, at most a day). Another address,
 * where the real person is, has its own count, so an attacker cannot lock them out.
 */
export const MAX_FAILURES_PER_ACCOUNT = 5;
const PAIR_WINDOW_MS = 24 * 60 * 60 * 1000;
const PAIR_FIRST_DELAY_MS = 60 * 1000;
const PAIR_LONGEST_DELAY_MS = 24 * 60 * 60 * 1000;
/** Guesses from one address at any accounts: this many in 15 minutes, then 15 minutes' wait. */
export const MAX_FAILURES_PER_ADDRESS = 30;
const ADDRESS_WINDOW_MS = 15 * 60 * 1000;

/** Where a person lands: their first provider, else their first buyer organisation, else the chooser. */
export async function defaultContext(userId: string): Promise<{ context: string | null; home: string }> {
  const { provider, buyer } = await withPerson(userId, (tx) => listOwnMemberships(tx, userId));
  if (provider[0]) return { context: `tenant:${provider[0].tenantId}`, home: `/t/${provider[0].slug}` };
  if (buyer[0]) return { context: `org:${buyer[0].organisationId}`, home: '/buy' };
  return { context: null, home: '/organisations' };
}

function pairDelayMs(attempts: number): number {
  return Math.min(PAIR_FIRST_DELAY_MS * 2 ** (attempts - MAX_FAILURES_PER_ACCOUNT), PAIR_LONGEST_DELAY_MS);
}

/** Also said when an invitation is accepted with a password, which is counted the same way. */
export function lockedOut(until: Date | null, now: Date, field = 'email'): DomainError {
  const when = tryAgainAt(until ?? new Date(now.getTime() + ADDRESS_WINDOW_MS), now);
  return new DomainError(
    'sign_in.locked',
    `Too many failed attempts to sign in. ${when}. If you have forgotten your password, ask whoever manages Traded users in your organisation to help`,
    field,
    429,
  );
}

/**
 * Checks a password for an email address, counted against the account-and-address pair and the
 * address. The attempt is claimed before the hash is checked, so concurrent guesses beyond the
 * limit are refused without checking. Returns the user, or null for a wrong password.
 */
export async function checkPassword(input: { email: string; password: string; address: string }, now = new Date()) {
  const email = input.email.trim().toLowerCase();
  const pairKey = `${email} ${input.address}`;
  const user = await withPerson(null, async (tx) => {
    const byPair = await claimThrottle(tx, 'pair', pairKey, new Date(now.getTime() - PAIR_WINDOW_MS), now);
    if (byPair === null) throw lockedOut(await findThrottleBlock(tx, 'pair', pairKey), now);
    const byAddress = await claimThrottle(
      tx,
      'address',
      input.address,
      new Date(now.getTime() - ADDRESS_WINDOW_MS),
      now,
    );
    if (byAddress === null) throw lockedOut(await findThrottleBlock(tx, 'address', input.address), now);
    if (byPair >= MAX_FAILURES_PER_ACCOUNT)
      await blockThrottle(tx, 'pair', pairKey, new Date(now.getTime() + pairDelayMs(byPair)));
    if (byAddress >= MAX_FAILURES_PER_ADDRESS)
      await blockThrottle(tx, 'address', input.address, new Date(now.getTime() + ADDRESS_WINDOW_MS));
    return findSignInCredential(tx, email);
  });

  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : (await burnVerification(input.password), false);

  await withPerson(user?.userId ?? null, async (tx) => {
    await recordSignInAttempt(tx, { email, address: input.address, succeeded: valid });
    if (valid) await releaseThrottles(tx, pairKey, input.address);
  });
  return user && valid ? { id: user.userId } : null;
}

/**
 * What a sign-in comes to once the person's identity is established: a session, or first a second
 * step (a code from their authenticator app, or setting one up when their provider requires it),
 * held in a challenge whose token goes in a short-lived cookie. Every way in (password, invitation,
 * single sign-on) goes through `finishSignIn` and answers the browser with `signInRedirect`.
 */
export type SignInOutcome =
  | SignedIn
  | { kind: 'second-factor'; challenge: string; userId: string; home: string }
  | { kind: 'enrol'; challenge: string; userId: string; home: string };

export type SignedIn = { kind: 'signed-in'; token: string; userId: string; home: string };

/**
 * The one way a person whose identity is established gets a session in this browser: ends the
 * session the browser already had (`previousToken`), then starts one in `context` (or their
 * default), unless a second step is due: then no session until it is done.
 */
export async function finishSignIn(
  userId: string,
  options: { previousToken?: string | null; context?: { context: string | null; home: string } } = {},
  now = new Date(),
): Promise<SignInOutcome> {
  if (options.previousToken) await invalidateSessionToken(options.previousToken);
  const destination = options.context ?? (await defaultContext(userId));
  const second = await beginSecondStep(userId, destination);
  if (second)
    return {
      kind: second.step === 'verify' ? 'second-factor' : 'enrol',
      challenge: second.token,
      userId,
      home: destination.home,
    };
  return startSession(userId, destination, now);
}

/** The session itself, once every step of signing in is done. */
export async function startSession(
  userId: string,
  destination: { context: string | null; home: string },
  now = new Date(),
): Promise<SignedIn> {
  const { token } = await createSession(userId, destination.context, now);
  return { kind: 'signed-in', token, userId, home: destination.home };
}

/** Signs in with a password, ending the session this browser already had (`previousToken`), if any. */
export async function signIn(
  input: { email: string; password: string; address: string; previousToken?: string | null },
  now = new Date(),
): Promise<SignInOutcome> {
  const user = await checkPassword(input, now);
  if (!user) throw new DomainError('sign_in.invalid', 'Enter a correct email address and password', 'email', 401);
  return finishSignIn(user.id, { previousToken: input.previousToken }, now);
}
