import { sessionPersonFromRow, sessionPersonStatement } from '../../db/queries/signed-in';
import { readAlone, withPerson } from '../../db/scope.server';
import { rememberForRequest } from '../http/request-memo.server';
import { judgeSession, readSessionToken, type CurrentSession } from './session.server';
import { hashToken } from './tokens.server';

type Found = ReturnType<typeof sessionPersonFromRow>;
export type SignedInPerson = { session: CurrentSession } & Omit<Found, 'session'>;

/**
 * Who is signed in, where they belong and whether they run the platform: one statement that finds
 * the session and reads their memberships as them, read alone (begin, scope, statement and commit
 * in one round trip); then the session is judged, and only when that changes it (ending it, or
 * sliding its expiry, at most every 15 minutes) is there a second transaction, to write that.
 * Asked for by the root's loader and by the page's guard, it runs once a request (see
 * rememberForRequest).
 */
export function signedInPerson(request: Request): Promise<SignedInPerson | null> {
  const token = readSessionToken(request);
  if (!token) return Promise.resolve(null);
  return rememberForRequest(`signed-in:${token}`, async () => {
    const [row] = await readAlone({ userId: null }, (tx) => sessionPersonStatement(tx, hashToken(token)));
    const found = row ? sessionPersonFromRow(row) : undefined;
    const { session, write } = judgeSession(found?.session);
    if (write) await withPerson(null, write);
    if (!found || !session) return null;
    return { ...found, session };
  });
}
