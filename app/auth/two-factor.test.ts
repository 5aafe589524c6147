import { generateHOTP } from '@oslojs/otp';
import { sql } from 'kysely';
import { assert, beforeEach, describe, expect, it } from 'vitest';
import { findTwoFactorStatus } from '../../db/queries/two-factor';
import { runScoped, withPerson } from '../../db/scope.server';
import {
  addMember,
  asUser,
  createUser,
  get,
  ownerDb,
  TEST_PASSWORD,
  twoTenants,
  type TestTenant,
} from '../../test/setup/fixtures';
import { readMails } from '../../test/setup/mail';
import { acceptInvitation } from '../tenancy/accept-invitation.server';
import { inviteMember } from '../tenancy/invite-member.server';
import { requireTenantMember } from './guards.server';
import { beginTwoFactorEnrolment } from './begin-two-factor-enrolment.server';
import { confirmTwoFactorEnrolment } from './confirm-two-factor-enrolment.server';
import { enrolAtSignIn } from './enrol-at-sign-in.server';
import { removeTwoFactor } from './remove-two-factor.server';
import { createSession, invalidateSessionToken, validateSessionToken } from './session.server';
import { signIn, type SignInOutcome } from './sign-in.server';
import { signInWithRecoveryCode } from './sign-in-with-recovery-code.server';
import { hashToken } from './tokens.server';
import { totpStep } from './totp';
import { verifySignInCode } from './verify-sign-in-code.server';

// Two-factor sign-in against a real database: the secrets stay behind the database's functions,
// codes are counted there atomically, and no session exists until the second step is done.

let alpha: TestTenant;
beforeEach(async () => {
  ({ alpha } = await twoTenants());
});

/** The typed key as the page shows it, back to bytes, the way an authenticator app reads it. */
function keyFrom(typed: string): Uint8Array {
  const letters = typed.replace(/\s/g, '');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const letter of letters) bits += alphabet.indexOf(letter).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g)!.map((b) => parseInt(b, 2));
  return new Uint8Array(bytes);
}

/** The code an authenticator app shows at `at` (a different instant gives another step's code). */
function codeAt(key: Uint8Array, at: Date): string {
  return generateHOTP(key, totpStep(at), 6);
}

const later = (seconds: number, from = new Date()) => new Date(from.getTime() + seconds * 1000);

/** A session of the person's, as the proof that they are signed in (its id is the token's hash). */
async function signedIn(userId: string) {
  const { token } = await createSession(userId, null);
  return { sessionId: hashToken(token), end: () => invalidateSessionToken(token) };
}

/** Sets up two-factor sign-in for a person through the same functions the pages use, then signs them out. */
async function enrol(userId: string, at = new Date()) {
  const enrolment = await beginTwoFactorEnrolment(userId);
  assert(enrolment);
  const key = keyFrom(enrolment.typedSecret);
  const session = await signedIn(userId);
  const recoveryCodes = await confirmTwoFactorEnrolment(userId, codeAt(key, at), session.sessionId, at);
  await session.end();
  return { key, recoveryCodes };
}

async function passwordStep(email: string): Promise<SignInOutcome> {
  return signIn({ email, password: TEST_PASSWORD, address: '192.0.2.1' });
}

async function sessionsOf(userId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from sessions where user_id = ${userId}`.execute(
    await ownerDb(),
  );
  return Number(rows[0]!.n);
}

describe('setting up two-factor sign-in', () => {
  it('shows the same key until confirmed, confirms with a code, and issues ten recovery codes once', async () => {
    const first = await beginTwoFactorEnrolment(alpha.adminId);
    const again = await beginTwoFactorEnrolment(alpha.adminId);
    assert(first && again);
    expect(again.typedSecret).toBe(first.typedSecret);
    expect(first.typedSecret).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    expect(first.qrSvg).toMatch(/^<svg [^>]*role="img" aria-label="QR code/);

    const key = keyFrom(first.typedSecret);
    const { sessionId } = await signedIn(alpha.adminId);
    const wrong = codeAt(key, later(-600));
    await expect(confirmTwoFactorEnrolment(alpha.adminId, wrong, sessionId)).rejects.toThrow(/did not work/);
    // Only for someone signed in (or signing in): another person's session is no proof.
    const other = await signedIn(alpha.financeId);
    await expect(confirmTwoFactorEnrolment(alpha.adminId, codeAt(key, new Date()), other.sessionId)).rejects.toThrow(
      /only for someone signed in or signing in/,
    );
    const codes = await confirmTwoFactorEnrolment(alpha.adminId, codeAt(key, new Date()), sessionId);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);

    const status = await withPerson(alpha.adminId, (tx) => findTwoFactorStatus(tx, alpha.adminId));
    expect(status?.confirmedAt).toBeInstanceOf(Date);
    expect(status?.recoveryCodesLeft).toBe(10);
    // Once set up, the key is never shown again.
    expect(await beginTwoFactorEnrolment(alpha.adminId)).toBeNull();
  });
});

describe('signing in with a second step', () => {
  it('creates no session until the code is given, then one in the context the person was going to', async () => {
    const { key } = await enrol(alpha.adminId, later(-30));
    const outcome = await passwordStep('admin@alpha.example');
    assert(outcome.kind === 'second-factor');
    expect(outcome).not.toHaveProperty('token');
    expect(await sessionsOf(alpha.adminId)).toBe(0);

    const signedIn = await verifySignInCode(outcome.challenge, codeAt(key, new Date()));
    expect(signedIn.home).toBe('/t/alpha');
    const session = await validateSessionToken(signedIn.token);
    expect(session?.userId).toBe(alpha.adminId);
    expect(session?.activeContext).toBe(`tenant:${alpha.id}`);
    // The challenge is spent: the same cookie does not sign in again.
    await expect(verifySignInCode(outcome.challenge, codeAt(key, later(30)), later(30))).rejects.toThrow(
      /Sign in again/,
    );
  });

  it('refuses a code already used, in its window, on a new sign-in', async () => {
    const { key } = await enrol(alpha.adminId, later(-30));
    const now = new Date();
    const first = await passwordStep('admin@alpha.example');
    assert(first.kind === 'second-factor');
    await verifySignInCode(first.challenge, codeAt(key, now), now);
    const second = await passwordStep('admin@alpha.example');
    assert(second.kind === 'second-factor');
    await expect(verifySignInCode(second.challenge, codeAt(key, now), now)).rejects.toThrow(/already been used/);
    // The code enrolment was confirmed with cannot be used either.
    await expect(verifySignInCode(second.challenge, codeAt(key, later(-30)), now)).rejects.toThrow(/already been used/);
    expect(await sessionsOf(alpha.adminId)).toBe(1);
  });

  it('ends a challenge after five wrong codes, even with the right code after', async () => {
    const { key } = await enrol(alpha.adminId, later(-30));
    const outcome = await passwordStep('admin@alpha.example');
    assert(outcome.kind === 'second-factor');
    for (let i = 0; i < 5; i++)
      await expect(verifySignInCode(outcome.challenge, '000000')).rejects.toThrow(/did not work/);
    await expect(verifySignInCode(outcome.challenge, codeAt(key, new Date()))).rejects.toThrow(/Sign in again/);
    expect(await sessionsOf(alpha.adminId)).toBe(0);
  });

  it('counts 20 concurrent guesses on one challenge atomically: five are checked, the rest refused', async () => {
    await enrol(alpha.adminId, later(-30));
    const outcome = await passwordStep('admin@alpha.example');
    assert(outcome.kind === 'second-factor');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => verifySignInCode(outcome.challenge, String(100000 + i))),
    );
    const messages = results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'signed in'));
    expect(messages.filter((m) => /did not work/.test(m))).toHaveLength(5);
    expect(messages.filter((m) => /Sign in again/.test(m))).toHaveLength(15);
    const db = await ownerDb();
    const { rows } = await sql<{ failures: number }>`
      select failures from two_factor_credentials where user_id = ${alpha.adminId}`.execute(db);
    expect(rows[0]!.failures).toBe(5);
  });

  it('locks the person after ten wrong codes across sign-ins, even with the right code', async () => {
    const { key } = await enrol(alpha.adminId, later(-30));
    for (const _ of [1, 2]) {
      const outcome = await passwordStep('admin@alpha.example');
      assert(outcome.kind === 'second-factor');
      for (let i = 0; i < 5; i++) await expect(verifySignInCode(outcome.challenge, '000000')).rejects.toThrow();
    }
    const outcome = await passwordStep('admin@alpha.example');
    assert(outcome.kind === 'second-factor');
    await expect(verifySignInCode(outcome.challenge, codeAt(key, new Date()))).rejects.toThrow(
      /Too many attempts with the wrong code\. You can try again (at|on) .*(am|pm|midday|midnight)\./,
    );
    expect(await sessionsOf(alpha.adminId)).toBe(0);
  });

  it('takes each recovery code once, in any case and spacing', async () => {
    const { recoveryCodes } = await enrol(alpha.adminId);
    const first = await passwordStep('admin@alpha.example');
    assert(first.kind === 'second-factor');
    const typed = ` ${recoveryCodes[3]!.toUpperCase().replace('-', ' ')} `;
    const signedIn = await signInWithRecoveryCode(first.challenge, typed);
    expect((await validateSessionToken(signedIn.token))?.userId).toBe(alpha.adminId);

    const second = await passwordStep('admin@alpha.example');
    assert(second.kind === 'second-factor');
    await expect(signInWithRecoveryCode(second.challenge, recoveryCodes[3]!)).rejects.toThrow(/each code works once/);
    await signInWithRecoveryCode(second.challenge, recoveryCodes[4]!);
    const status = await withPerson(alpha.adminId, (tx) => findTwoFactorStatus(tx, alpha.adminId));
    expect(status?.recoveryCodesLeft).toBe(8);
  });

  it("does not let one person's challenge take another person's code", async () => {
    const { key } = await enrol(alpha.adminId, later(-30));
    await enrol(alpha.financeId, later(-30));
    const finance = await passwordStep('finance@alpha.example');
    assert(finance.kind === 'second-factor');
    await expect(verifySignInCode(finance.challenge, codeAt(key, new Date()))).rejects.toThrow(/did not work/);
    expect(await sessionsOf(alpha.adminId)).toBe(0);
    expect(await sessionsOf(alpha.financeId)).toBe(0);
  });
});

describe('removing two-factor sign-in', () => {
  it('needs a fresh code: not one already used', async () => {
    const now = new Date();
    const { key } = await enrol(alpha.adminId, now);
    const { sessionId, end } = await signedIn(alpha.adminId);
    await expect(removeTwoFactor(alpha.adminId, codeAt(key, now), sessionId, now)).rejects.toThrow(/already been used/);
    await expect(removeTwoFactor(alpha.adminId, '123456', sessionId, later(30, now))).rejects.toThrow(/did not work/);
    await removeTwoFactor(alpha.adminId, codeAt(key, later(30, now)), sessionId, later(30, now));
    await end();
    expect(await withPerson(alpha.adminId, (tx) => findTwoFactorStatus(tx, alpha.adminId))).toBeNull();
    const outcome = await passwordStep('admin@alpha.example');
    expect(outcome.kind).toBe('signed-in');
  });
});

describe('a provider requiring two-factor sign-in', () => {
  async function requireIt(tenantId: string) {
    await sql`update tenants set require_two_factor = true where id = ${tenantId}`.execute(await ownerDb());
  }

  it('asks its admins and finance officers to set it up at sign-in, with no session until they do', async () => {
    await requireIt(alpha.id);
    const practitioner = await createUser('practitioner@alpha.example');
    await addMember(alpha.id, practitioner, 'practitioner');
    expect((await passwordStep('practitioner@alpha.example')).kind).toBe('signed-in');
    expect((await passwordStep('bursar@alpha-school.example')).kind).toBe('signed-in');
    expect((await passwordStep('admin@beta.example')).kind).toBe('signed-in');

    const outcome = await passwordStep('finance@alpha.example');
    assert(outcome.kind === 'enrol');
    expect(await sessionsOf(alpha.financeId)).toBe(0);
    const enrolment = await beginTwoFactorEnrolment(alpha.financeId);
    assert(enrolment);
    const key = keyFrom(enrolment.typedSecret);
    await expect(enrolAtSignIn(outcome.challenge, '000000')).rejects.toThrow(/did not work/);
    expect(await sessionsOf(alpha.financeId)).toBe(0);
    const { outcome: signedIn, recoveryCodes } = await enrolAtSignIn(outcome.challenge, codeAt(key, new Date()));
    expect(recoveryCodes).toHaveLength(10);
    expect((await validateSessionToken(signedIn.token))?.userId).toBe(alpha.financeId);
    // Next time, the code.
    expect((await passwordStep('finance@alpha.example')).kind).toBe('second-factor');
  });
});

describe('joining by invitation', () => {
  it('asks a new finance officer of a provider that requires it to set it up before any session', async () => {
    await sql`update tenants set require_two_factor = true where id = ${alpha.id}`.execute(await ownerDb());
    const ctx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'users.manage');
    await inviteMember(ctx, { email: 'new.finance@alpha.example', role: 'finance' }, 'http://localhost');
    const mail = (await readMails()).filter((m) => m.to === 'new.finance@alpha.example').at(-1)!;
    const token = /invitations\/alpha\/([a-z0-9]+)/.exec(mail.text)![1]!;
    const outcome = await acceptInvitation('alpha', token, {
      name: 'New Finance',
      password: 'a-long-enough-passphrase',
    });
    assert(outcome.kind === 'enrol');
    expect(outcome.home).toBe('/t/alpha');
    expect(await sessionsOf(outcome.userId)).toBe(0);
    const enrolment = await beginTwoFactorEnrolment(outcome.userId);
    assert(enrolment);
    const { outcome: signedIn } = await enrolAtSignIn(
      outcome.challenge,
      codeAt(keyFrom(enrolment.typedSecret), new Date()),
    );
    const session = await validateSessionToken(signedIn.token);
    expect(session?.activeContext).toBe(`tenant:${alpha.id}`);
  });
});

describe('the database holds the secrets', () => {
  it('gives the runtime role no access to secrets, recovery codes or challenges, with or without a person', async () => {
    await enrol(alpha.adminId);
    const db = await ownerDb();
    for (const table of ['two_factor_credentials', 'two_factor_recovery_codes', 'sign_in_challenges'])
      for (const scope of [{}, { userId: alpha.adminId }, { tenantId: alpha.id, userId: alpha.adminId }])
        await expect(
          runScoped(db, scope, (tx) => sql`select * from ${sql.table(table)}`.execute(tx)),
          `${table} ${JSON.stringify(scope)}`,
        ).rejects.toThrow(/permission denied/);
  });

  it("refuses to act on another person's credential, whoever is in scope", async () => {
    await enrol(alpha.adminId);
    const db = await ownerDb();
    const { sessionId } = await signedIn(alpha.adminId);
    const step = (totpStep(new Date()) + 1n).toString();
    await expect(
      runScoped(db, { userId: alpha.financeId }, (tx) =>
        sql`select two_factor_remove(${alpha.adminId}, ${step}::bigint)`.execute(tx),
      ),
    ).rejects.toThrow(/Only the person themselves/);
    await expect(
      runScoped(db, { userId: alpha.financeId }, (tx) =>
        sql`select * from two_factor_claim_attempt(${alpha.adminId}, ${sessionId})`.execute(tx),
      ),
    ).rejects.toThrow(/Only the person themselves/);
  });

  it('hands out a secret only to someone signed in or signing in, and spends a code only after a claim', async () => {
    await enrol(alpha.adminId);
    const db = await ownerDb();
    const asAdmin = <T>(work: (tx: Parameters<Parameters<typeof runScoped>[2]>[0]) => Promise<T>) =>
      runScoped(db, { userId: alpha.adminId }, work);
    // The person in scope alone is no proof: the claim needs their live session or challenge.
    await expect(
      asAdmin((tx) => sql`select * from two_factor_claim_attempt(${alpha.adminId}, ${'0'.repeat(64)})`.execute(tx)),
    ).rejects.toThrow(/only for someone signed in or signing in/);
    // Without a claim (and its count) in the same transaction, nothing is spent or removed,
    // whatever step is given.
    const next = (totpStep(new Date()) + 1n).toString();
    const unclaimed = await asAdmin((tx) =>
      sql<{ removed: boolean; accepted: boolean; recovered: boolean }>`
        select two_factor_remove(${alpha.adminId}, ${next}::bigint) as removed,
               two_factor_accept_code(${alpha.adminId}, ${next}::bigint) as accepted,
               two_factor_use_recovery_code(${alpha.adminId}, ${'0'.repeat(64)}) as recovered`.execute(tx),
    );
    expect(unclaimed.rows[0]).toEqual({ removed: false, accepted: false, recovered: false });
    // After a claim, a step far in the future (which would lock the person out) is refused too.
    const { sessionId } = await signedIn(alpha.adminId);
    const future = (totpStep(new Date()) + 100n).toString();
    const claimed = await asAdmin(async (tx) => {
      await sql`select * from two_factor_claim_attempt(${alpha.adminId}, ${sessionId})`.execute(tx);
      return sql<{ ok: boolean }>`select two_factor_accept_code(${alpha.adminId}, ${future}::bigint) as ok`.execute(tx);
    });
    expect(claimed.rows[0]!.ok).toBe(false);
    expect(await withPerson(alpha.adminId, (tx) => findTwoFactorStatus(tx, alpha.adminId))).not.toBeNull();
  });
});
