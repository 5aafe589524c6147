import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

export async function findUserByEmail(tx: Scoped, email: string) {
  return tx
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(tx: Scoped, id: string) {
  return tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(tx: Scoped, user: { email: string; name: string; passwordHash: string | null }) {
  return tx
    .insertInto('users')
    .values({ email: user.email.trim(), name: user.name, password_hash: user.passwordHash })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setUserPassword(tx: Scoped, userId: string, passwordHash: string) {
  await tx
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function insertSession(
  tx: Scoped,
  session: { id: string; userId: string; expiresAt: Date; absoluteExpiresAt: Date; activeContext: string | null },
) {
  await tx
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      expires_at: session.expiresAt,
      absolute_expires_at: session.absoluteExpiresAt,
      active_context: session.activeContext,
    })
    .execute();
}

export async function findSessionWithUser(tx: Scoped, sessionId: string) {
  return tx
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as sessionId',
      'sessions.expires_at as expiresAt',
      'sessions.absolute_expires_at as absoluteExpiresAt',
      'sessions.active_context as activeContext',
      'users.id as userId',
      'users.email as email',
      'users.name as name',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
}

export async function extendSession(tx: Scoped, sessionId: string, expiresAt: Date) {
  await tx.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute();
}

export async function setSessionContext(tx: Scoped, sessionId: string, activeContext: string | null) {
  await tx.updateTable('sessions').set({ active_context: activeContext }).where('id', '=', sessionId).execute();
}

export async function deleteSession(tx: Scoped, sessionId: string) {
  await tx.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteUserSessions(tx: Scoped, userId: string, exceptSessionId?: string) {
  let query = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

export async function countUserSessions(tx: Scoped, userId: string) {
  const row = await tx
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date())
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
