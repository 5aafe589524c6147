import {
  deleteSession,
  deleteUserSessions,
  extendSession,
  findSessionWithUser,
  insertSession,
  type FoundSession,
} from '../../db/queries/auth';
import { withPerson, type Scoped } from '../../db/scope.server';
import { clearCookie, readCookie, serializeCookie } from './cookies.server';
import { generateToken, hashToken } from './tokens.server';

export const SESSION_COOKIE = 'traded_session';
const IDLE_MS = 8 * 60 * 60 * 1000; // a working day without activity signs you out
const ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000; // and a week at most, however active
const EXTEND_AFTER_MS = 15 * 60 * 1000; // write the sliding expiry at most every 15 minutes

export interface CurrentSession {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  activeContext: string | null;
  expiresAt: Date;
}

export async function createSession(userId: string, activeContext: string | null, now = new Date()) {
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + IDLE_MS);
  await withPerson(userId, (tx) =>
    insertSession(tx, {
      id: hashToken(token),
      userId,
      expiresAt,
      absoluteExpiresAt: new Date(now.getTime() + ABSOLUTE_MS),
      activeContext,
    }),
  );
  return { token, expiresAt };
}

/** The session behind a cookie token, sliding its idle expiry; null when unknown, expired or revoked. */
export async function validateSessionToken(token: string, now = new Date()): Promise<CurrentSession | null> {
  return withPerson(null, async (tx) => keepSession(tx, await findSessionWithUser(tx, hashToken(token)), now));
}

/**
 * A session as found, judged at `now`: null when there is none or it has expired (and then it is to
 * be ended); otherwise the current session, its idle expiry slid forward when due (and then the new
 * expiry is to be written). What is to be written is said, not done: see keepSession.
 */
export function judgeSession(
  row: FoundSession | undefined,
  now = new Date(),
): { session: CurrentSession | null; write: ((tx: Scoped) => Promise<void>) | null } {
  if (!row) return { session: null, write: null };
  if (now >= row.expiresAt || now >= row.absoluteExpiresAt)
    return { session: null, write: (tx) => deleteSession(tx, row.sessionId) };
  const extend = row.expiresAt.getTime() - now.getTime() < IDLE_MS - EXTEND_AFTER_MS;
  const expiresAt = extend
    ? new Date(Math.min(now.getTime() + IDLE_MS, row.absoluteExpiresAt.getTime()))
    : row.expiresAt;
  return {
    session: {
      sessionId: row.sessionId,
      userId: row.userId,
      email: row.email,
      name: row.name,
      activeContext: row.activeContext,
      expiresAt,
    },
    write: extend ? (tx) => extendSession(tx, row.sessionId, expiresAt) : null,
  };
}

/**
 * A session as found (inside a transaction begun with no person in scope), judged at `now` and kept
 * so in the same transaction: ended when expired, its idle expiry slid forward when due.
 */
export async function keepSession(
  tx: Scoped,
  row: FoundSession | undefined,
  now = new Date(),
): Promise<CurrentSession | null> {
  const { session, write } = judgeSession(row, now);
  if (write) await write(tx);
  return session;
}

export function readSessionToken(request: Request): string | null {
  return readCookie(request, SESSION_COOKIE);
}

export function sessionCookie(request: Request, token: string): string {
  return serializeCookie(request, SESSION_COOKIE, token, { maxAgeSeconds: ABSOLUTE_MS / 1000 });
}

export function clearSessionCookie(request: Request): string {
  return clearCookie(request, SESSION_COOKIE);
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await withPerson(null, (tx) => deleteSession(tx, sessionId));
}

/** Ends the session behind a cookie token, whoever's it is (a browser signing in again). */
export async function invalidateSessionToken(token: string): Promise<void> {
  await invalidateSession(hashToken(token));
}

/** Sign out of every device; returns how many sessions ended. */
export async function invalidateAllSessions(userId: string): Promise<number> {
  return withPerson(userId, (tx) => deleteUserSessions(tx, userId));
}
