import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

// Identity data is behind narrow doors (migration 0015): the runtime role reads people only
// where it may see them, never a password hash, and reaches sessions only through functions.

/** One person by exact email address: id, email and name (never the password hash). */
export async function findUserByEmail(tx: Scoped, email: string) {
  const result = await sql<{ id: string; email: string; name: string }>`
    select id, email, name from person_by_email(${email})`.execute(tx);
  return result.rows[0];
}

/** The password hash for one email address, to check one password at sign-in. */
export async function findSignInCredential(tx: Scoped, email: string) {
  const result = await sql<{ user_id: string; password_hash: string | null }>`
    select user_id, password_hash from sign_in_credential(${email})`.execute(tx);
  const row = result.rows[0];
  return row ? { userId: row.user_id, passwordHash: row.password_hash } : undefined;
}

/** A new person; their email address must not be in use. Returns their id. */
export async function insertUser(tx: Scoped, user: { email: string; name: string; passwordHash: string | null }) {
  const result = await sql<{ id: string }>`
    select create_person(${user.email}, ${user.name}, ${user.passwordHash}) as id`.execute(tx);
  return { id: result.rows[0]!.id };
}

export async function insertSession(
  tx: Scoped,
  session: { id: string; userId: string; expiresAt: Date; absoluteExpiresAt: Date; activeContext: string | null },
) {
  await sql`select session_create(${session.id}, ${session.userId}, ${session.expiresAt},
                                  ${session.absoluteExpiresAt}, ${session.activeContext})`.execute(tx);
}

/** A session as session_find (and session_person) return it. */
export interface SessionRow {
  session_id: string;
  expires_at: Date;
  absolute_expires_at: Date;
  active_context: string | null;
  user_id: string;
  email: string;
  name: string;
}

/** A session row as the application reads it. */
export function sessionFromRow(row: SessionRow) {
  return {
    sessionId: row.session_id,
    expiresAt: new Date(row.expires_at),
    absoluteExpiresAt: new Date(row.absolute_expires_at),
    activeContext: row.active_context,
    userId: row.user_id,
    email: row.email,
    name: row.name,
  };
}
export type FoundSession = ReturnType<typeof sessionFromRow>;

export async function findSessionWithUser(tx: Scoped, sessionId: string): Promise<FoundSession | undefined> {
  const result = await sql<SessionRow>`select * from session_find(${sessionId})`.execute(tx);
  const row = result.rows[0];
  return row && sessionFromRow(row);
}

export async function extendSession(tx: Scoped, sessionId: string, expiresAt: Date) {
  await sql`select session_extend(${sessionId}, ${expiresAt})`.execute(tx);
}

export async function setSessionContext(tx: Scoped, sessionId: string, activeContext: string | null) {
  await sql`select session_set_context(${sessionId}, ${activeContext})`.execute(tx);
}

export async function deleteSession(tx: Scoped, sessionId: string) {
  await sql`select session_revoke(${sessionId})`.execute(tx);
}

/** Ends every session of the person acting (only their own), except one if given. */
export async function deleteUserSessions(tx: Scoped, userId: string, exceptSessionId?: string) {
  const result = await sql<{ n: number }>`
    select session_revoke_all(${userId}, ${exceptSessionId ?? null}) as n`.execute(tx);
  return Number(result.rows[0]?.n ?? 0);
}

/** How many live sessions the person acting has (only their own). */
export async function countUserSessions(tx: Scoped, userId: string) {
  const result = await sql<{ n: number }>`select session_count(${userId}) as n`.execute(tx);
  return Number(result.rows[0]?.n ?? 0);
}

export async function recordSignInAttempt(tx: Scoped, attempt: { email: string; address: string; succeeded: boolean }) {
  await tx
    .insertInto('sign_in_attempts')
    .values({ email: attempt.email.trim().toLowerCase(), address: attempt.address, succeeded: attempt.succeeded })
    .execute();
}

export type ThrottleKind = 'pair' | 'address';

/**
 * Claims one sign-in attempt against a throttle, before the password is checked: the row lock
 * taken by the upsert makes concurrent claims wait their turn, so no more than the limit pass.
 * Returns the attempts counted in the window including this one, or null when blocked.
 */
export async function claimThrottle(tx: Scoped, kind: ThrottleKind, key: string, windowStart: Date, now: Date) {
  const row = await sql<{ attempts: number }>`
    insert into sign_in_throttles as t (kind, key, attempts, window_started_at, blocked_until)
    values (${kind}, ${key}, 1, ${now}, null)
    on conflict (kind, key) do update set
      attempts = case when t.window_started_at < ${windowStart} then 1 else t.attempts + 1 end,
      window_started_at = case when t.window_started_at < ${windowStart} then ${now} else t.window_started_at end,
      blocked_until = null
    where t.blocked_until is null or t.blocked_until <= ${now}
    returning t.attempts`.execute(tx);
  return row.rows[0] ? Number(row.rows[0].attempts) : null;
}

export async function blockThrottle(tx: Scoped, kind: ThrottleKind, key: string, until: Date) {
  await tx
    .updateTable('sign_in_throttles')
    .set({ blocked_until: until })
    .where('kind', '=', kind)
    .where('key', '=', key)
    .execute();
}

export async function findThrottleBlock(tx: Scoped, kind: ThrottleKind, key: string) {
  const row = await tx
    .selectFrom('sign_in_throttles')
    .select('blocked_until')
    .where('kind', '=', kind)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.blocked_until ?? null;
}

/** A correct password: the pair starts again; the address gives back the attempt it claimed. */
export async function releaseThrottles(tx: Scoped, pairKey: string, address: string) {
  await tx.deleteFrom('sign_in_throttles').where('kind', '=', 'pair').where('key', '=', pairKey).execute();
  await tx
    .updateTable('sign_in_throttles')
    .set({ attempts: sql`greatest(attempts - 1, 0)` })
    .where('kind', '=', 'address')
    .where('key', '=', address)
    .where('blocked_until', 'is', null)
    .execute();
}
