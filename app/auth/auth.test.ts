import { assert, beforeEach, describe, expect, it } from 'vitest';
import { twoTenants, TEST_PASSWORD, type TestTenant } from '../../test/setup/fixtures';
import { DomainError } from '../errors';
import { createSession, invalidateAllSessions, SESSION_COOKIE, validateSessionToken } from './session.server';
import { signedInPerson } from './signed-in.server';
import { MAX_FAILURES_PER_ACCOUNT, signIn } from './sign-in.server';

let alpha: TestTenant;
beforeEach(async () => {
  ({ alpha } = await twoTenants());
});

describe('signing in', () => {
  it('signs in with the right password, case-insensitive email, and lands on the provider home', async () => {
    const result = await signIn({ email: 'Admin@Alpha.example', password: TEST_PASSWORD, address: '127.0.0.1' });
    expect(result.home).toBe('/t/alpha');
    assert(result.kind === 'signed-in');
    const session = await validateSessionToken(result.token);
    expect(session?.userId).toBe(alpha.adminId);
    expect(session?.activeContext).toBe(`tenant:${alpha.id}`);
  });

  it('sends a buyer to /buy', async () => {
    const result = await signIn({
      email: 'bursar@alpha-school.example',
      password: TEST_PASSWORD,
      address: '127.0.0.1',
    });
    expect(result.home).toBe('/buy');
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const wrong = signIn({ email: 'admin@alpha.example', password: 'not-the-password', address: '10.0.0.1' });
    await expect(wrong).rejects.toThrow('Enter a correct email address and password');
    const unknown = signIn({ email: 'nobody@alpha.example', password: 'whatever-it-is', address: '10.0.0.1' });
    await expect(unknown).rejects.toThrow('Enter a correct email address and password');
  });

  it('slows repeated failures from one address, even with the right password, but not the person elsewhere', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      await expect(
        signIn({ email: 'admin@alpha.example', password: `wrong-${i}-password`, address: '10.0.0.1' }),
      ).rejects.toThrow(DomainError);
    await expect(
      signIn({ email: 'admin@alpha.example', password: TEST_PASSWORD, address: '10.0.0.1' }),
    ).rejects.toThrow(/Too many failed attempts/);
    const elsewhere = await signIn({ email: 'admin@alpha.example', password: TEST_PASSWORD, address: '10.9.9.9' });
    expect(elsewhere.userId).toBe(alpha.adminId);
  });
});

describe('sessions', () => {
  it('stores only a hash of the token, and an unknown token is no session', async () => {
    const { token } = await createSession(alpha.adminId, null);
    expect(await validateSessionToken(token)).not.toBeNull();
    expect(await validateSessionToken(`${token}x`)).toBeNull();
  });

  it('expires after the idle timeout and slides while in use', async () => {
    const start = new Date('2026-11-22T09:00:00Z');
    const { token } = await createSession(alpha.adminId, null, start);
    const later = new Date(start.getTime() + 7 * 60 * 60 * 1000);
    const used = await validateSessionToken(token, later);
    expect(used?.expiresAt.getTime()).toBeGreaterThan(start.getTime() + 8 * 60 * 60 * 1000);
    expect(await validateSessionToken(token, new Date(later.getTime() + 9 * 60 * 60 * 1000))).toBeNull();
  });

  it('never outlives the absolute timeout however active', async () => {
    const start = new Date('2026-11-22T09:00:00Z');
    const { token } = await createSession(alpha.adminId, null, start);
    let now = start;
    for (let hour = 6; hour < 7 * 24; hour += 6) {
      now = new Date(start.getTime() + hour * 60 * 60 * 1000);
      expect(await validateSessionToken(token, now), `hour ${hour}`).not.toBeNull();
    }
    expect(await validateSessionToken(token, new Date(start.getTime() + 7 * 24 * 60 * 60 * 1000 + 1))).toBeNull();
  });

  it('slides while the signed-in person uses it, and ends once idle too long, each written for the next request', async () => {
    const hour = 60 * 60 * 1000;
    const page = (token: string) =>
      new Request('http://localhost/buy', { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    // Used 7 hours after its last use: an hour of its working day left, so it slides to a whole one.
    const due = await createSession(alpha.adminId, null, new Date(Date.now() - 7 * hour));
    const person = await signedInPerson(page(due.token));
    expect(person?.session.userId).toBe(alpha.adminId);
    expect(person!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7.9 * hour);
    const written = await validateSessionToken(due.token, new Date(Date.now() + 2 * hour));
    expect(written?.expiresAt.getTime(), 'the slid expiry was written').toBeGreaterThan(Date.now() + 7.9 * hour);
    // Used 9 hours after its last use: over, and ended, so an earlier clock cannot bring it back.
    const idle = await createSession(alpha.adminId, null, new Date(Date.now() - 9 * hour));
    expect(await signedInPerson(page(idle.token))).toBeNull();
    expect(await validateSessionToken(idle.token, new Date(Date.now() - 8.5 * hour))).toBeNull();
    // An unknown token is nobody.
    expect(await signedInPerson(page(`${due.token}x`))).toBeNull();
  });

  it('signs out of every device', async () => {
    const one = await createSession(alpha.adminId, null);
    const two = await createSession(alpha.adminId, null);
    const other = await createSession(alpha.financeId, null);
    expect(await invalidateAllSessions(alpha.adminId)).toBe(2);
    expect(await validateSessionToken(one.token)).toBeNull();
    expect(await validateSessionToken(two.token)).toBeNull();
    expect(await validateSessionToken(other.token)).not.toBeNull();
  });
});
