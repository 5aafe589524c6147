import { findSessionAsPerson } from '../../db/queries/signed-in';
import { withPerson } from '../../db/scope.server';
import { rememberForRequest } from '../http/request-memo.server';
import { keepSession, readSessionToken, type CurrentSession } from './session.server';
import { hashToken } from './tokens.server';

type Found = NonNullable<Awaited<ReturnType<typeof findSessionAsPerson>>>;
export type SignedInPerson = { session: CurrentSession } & Omit<Found, 'session'>;

/**
 * Who is signed in, where they belong and whether they run the platform: one transaction that
 * finds the session and reads their memberships as them (one statement), then judges the session
 * (sliding its expiry). Asked for by the root's loader and by the page's guard, it runs once a
 * request (see rememberForRequest).
 */
export function signedInPerson(request: Request): Promise<SignedInPerson | null> {
  const token = readSessionToken(request);
  if (!token) return Promise.resolve(null);
  return rememberForRequest(`signed-in:${token}`, () =>
    withPerson(null, async (tx) => {
      const found = await findSessionAsPerson(tx, hashToken(token));
      const session = await keepSession(tx, found?.session);
      if (!found || !session) return null;
      return { ...found, session };
    }),
  );
}
