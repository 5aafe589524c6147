import { actAsPerson, readOwnMemberships } from '../../db/queries/signed-in';
import { withPerson } from '../../db/scope.server';
import { rememberForRequest } from '../http/request-memo.server';
import { readSessionToken, validateSessionIn, type CurrentSession } from './session.server';

export type SignedInPerson = { session: CurrentSession } & Awaited<ReturnType<typeof readOwnMemberships>>;

/**
 * Who is signed in, where they belong and whether they run the platform: one transaction that
 * validates the session (sliding its expiry) and reads their memberships as them. Asked for by the
 * root's loader and by the page's guard, it runs once a request (see rememberForRequest).
 */
export function signedInPerson(request: Request): Promise<SignedInPerson | null> {
  const token = readSessionToken(request);
  if (!token) return Promise.resolve(null);
  return rememberForRequest(`signed-in:${token}`, () =>
    withPerson(null, async (tx) => {
      const session = await validateSessionIn(tx, token);
      if (!session) return null;
      await actAsPerson(tx, session.userId);
      return { session, ...(await readOwnMemberships(tx, session.userId)) };
    }),
  );
}
