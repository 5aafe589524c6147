import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

// Two-factor secrets, recovery codes and sign-in challenges sit behind the functions of migration
// 0016: the runtime role cannot read those tables, only ask these narrow questions.

export interface TwoFactorStatus {
  confirmedAt: Date | null;
  recoveryCodesLeft: number;
}

/** The person in scope's two-factor state, or null when they have never started setting it up. */
export async function findTwoFactorStatus(tx: Scoped, userId: string): Promise<TwoFactorStatus | null> {
  const { rows } = await sql<{ confirmed_at: Date | null; recovery_codes_left: number }>`
    select confirmed_at, recovery_codes_left from two_factor_status(${userId})`.execute(tx);
  const row = rows[0];
  if (!row) return null;
  return {
    confirmedAt: row.confirmed_at ? new Date(row.confirmed_at) : null,
    recoveryCodesLeft: Number(row.recovery_codes_left),
  };
}

/** Whether the person is an admin or finance officer of a provider that requires two-factor sign-in. */
export async function isTwoFactorRequired(tx: Scoped, userId: string): Promise<boolean> {
  const { rows } = await sql<{ required: boolean }>`
    select exists (
      select 1 from tenant_memberships m join tenants t on t.id = m.tenant_id
       where m.user_id = ${userId} and m.role in ('admin','finance') and t.require_two_factor
    ) as required`.execute(tx);
  return rows[0]?.required === true;
}

/** The pending secret (a new one stored if there is none), or null when enrolment is already confirmed. */
export async function beginTwoFactorEnrolment(tx: Scoped, userId: string, newSecret: Uint8Array) {
  const { rows } = await sql<{ secret: Uint8Array | null }>`
    select two_factor_begin_enrolment(${userId}, ${Buffer.from(newSecret)}) as secret`.execute(tx);
  const secret = rows[0]?.secret;
  return secret ? new Uint8Array(secret) : null;
}

export type CodeAttempt =
  { status: 'ok'; secret: Uint8Array; confirmed: boolean } | { status: 'locked'; retryAt: Date } | { status: 'none' };

/**
 * Claims one attempt at a code for the person, before it is checked (counted, atomically). `proof`
 * is the hash of the token of their live session or sign-in challenge.
 */
export async function claimTwoFactorAttempt(tx: Scoped, userId: string, proof: string): Promise<CodeAttempt> {
  const { rows } = await sql<{
    status: 'ok' | 'locked' | 'none';
    secret: Uint8Array | null;
    confirmed: boolean;
    retry_at: Date | null;
  }>`select status, secret, confirmed, retry_at from two_factor_claim_attempt(${userId}, ${proof})`.execute(tx);
  const row = rows[0]!;
  if (row.status === 'ok') return { status: 'ok', secret: new Uint8Array(row.secret!), confirmed: row.confirmed };
  if (row.status === 'locked') return { status: 'locked', retryAt: new Date(row.retry_at!) };
  return { status: 'none' };
}

/** Records a correct code's time-step; false when that step (or a later one) was already used. */
export async function acceptTwoFactorCode(tx: Scoped, userId: string, step: bigint): Promise<boolean> {
  const { rows } = await sql<{ accepted: boolean }>`
    select two_factor_accept_code(${userId}, ${step.toString()}::bigint) as accepted`.execute(tx);
  return rows[0]?.accepted === true;
}

export async function confirmTwoFactorEnrolment(
  tx: Scoped,
  userId: string,
  step: bigint,
  recoveryCodeHashes: string[],
): Promise<boolean> {
  const { rows } = await sql<{ confirmed: boolean }>`
    select two_factor_confirm_enrolment(${userId}, ${step.toString()}::bigint, ${recoveryCodeHashes}::text[]) as confirmed`.execute(
    tx,
  );
  return rows[0]?.confirmed === true;
}

export async function useRecoveryCode(tx: Scoped, userId: string, codeHash: string): Promise<boolean> {
  const { rows } = await sql<{ used: boolean }>`
    select two_factor_use_recovery_code(${userId}, ${codeHash}) as used`.execute(tx);
  return rows[0]?.used === true;
}

/** Removes the person's two-factor sign-in, given a code later than the last one used. */
export async function removeTwoFactor(tx: Scoped, userId: string, step: bigint): Promise<boolean> {
  const { rows } = await sql<{ removed: boolean }>`
    select two_factor_remove(${userId}, ${step.toString()}::bigint) as removed`.execute(tx);
  return rows[0]?.removed === true;
}

export type ChallengePurpose = 'verify' | 'enrol';

export interface SignInChallenge {
  userId: string;
  purpose: ChallengePurpose;
  activeContext: string | null;
  home: string;
}

export async function beginSignInChallenge(
  tx: Scoped,
  challenge: { id: string; userId: string; purpose: ChallengePurpose; activeContext: string | null; home: string },
) {
  await sql`select sign_in_challenge_begin(${challenge.id}, ${challenge.userId}, ${challenge.purpose},
                                           ${challenge.activeContext}, ${challenge.home})`.execute(tx);
}

type ChallengeRow = { user_id: string; purpose: ChallengePurpose; active_context: string | null; home: string };

function toChallenge(row: ChallengeRow | undefined): SignInChallenge | null {
  return row ? { userId: row.user_id, purpose: row.purpose, activeContext: row.active_context, home: row.home } : null;
}

/** A live challenge (not expired, attempts left), without counting an attempt. */
export async function findSignInChallenge(tx: Scoped, id: string): Promise<SignInChallenge | null> {
  const { rows } = await sql<ChallengeRow>`
    select user_id, purpose, active_context, home from sign_in_challenge_find(${id})`.execute(tx);
  return toChallenge(rows[0]);
}

/** Claims one attempt on a challenge; null when it has expired or its attempts are used up. */
export async function claimSignInChallenge(tx: Scoped, id: string): Promise<SignInChallenge | null> {
  const { rows } = await sql<ChallengeRow>`
    select user_id, purpose, active_context, home from sign_in_challenge_claim(${id})`.execute(tx);
  return toChallenge(rows[0]);
}

export async function endSignInChallenge(tx: Scoped, id: string, userId: string): Promise<boolean> {
  const { rows } = await sql<{ ended: boolean }>`select sign_in_challenge_end(${id}, ${userId}) as ended`.execute(tx);
  return rows[0]?.ended === true;
}

export async function findTwoFactorRequirement(tx: Scoped, tenantId: string): Promise<boolean> {
  const { rows } = await sql<{ require_two_factor: boolean }>`
    select require_two_factor from tenants where id = ${tenantId}`.execute(tx);
  return rows[0]?.require_two_factor === true;
}

export async function updateTwoFactorRequirement(tx: Scoped, tenantId: string, required: boolean): Promise<boolean> {
  const result = await sql`update tenants set require_two_factor = ${required} where id = ${tenantId}`.execute(tx);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** The person in scope's own email address (what their authenticator app lists them as). */
export async function findOwnEmail(tx: Scoped, userId: string): Promise<string | null> {
  const { rows } = await sql<{ email: string }>`select email from users where id = ${userId}`.execute(tx);
  return rows[0]?.email ?? null;
}
