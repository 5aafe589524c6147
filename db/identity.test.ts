import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSession, validateSessionToken } from '../app/auth/session.server';
import { hashToken } from '../app/auth/tokens.server';
import { createUser, ownerDb, twoTenants, type TestTenant } from '../test/setup/fixtures';
import type { Db } from './client.server';
import { runScoped, type Scope } from './scope.server';

// Identity data behind narrow doors: the runtime role, which every request runs as, cannot read
// password hashes or sessions, cannot write people or sessions directly, and sees only the
// people it shares a tenant, an organisation or a customer account with.

let db: Db;
let alpha: TestTenant;
let beta: TestTenant;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  db = await ownerDb();
});

function sqlState(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/** Runs one statement as the runtime role in a scope; the error's SQLSTATE, or the rows. */
async function asRuntime(scope: Scope, statement: string) {
  return runScoped(db, scope, (tx) => sql.raw(statement).execute(tx)).then(
    (result) => ({ rows: result.rows as Record<string, unknown>[], code: undefined }),
    (error: unknown) => ({ rows: [], code: sqlState(error) ?? String(error) }),
  );
}

async function visibleNames(scope: Scope): Promise<string[]> {
  const { rows, code } = await asRuntime(scope, 'select name from users order by name');
  expect(code).toBeUndefined();
  return rows.map((r) => String(r.name));
}

describe('identity data as the runtime role', () => {
  it('with no scope, password hashes and sessions cannot be selected at all', async () => {
    await createSession(alpha.adminId, null);
    for (const statement of [
      'select password_hash from users',
      'select * from users',
      'select * from sessions',
      'select id, user_id from sessions',
      'select count(*) from sessions',
    ]) {
      expect((await asRuntime({}, statement)).code, statement).toBe('42501');
    }
    // Even scoped as the person themselves.
    expect((await asRuntime({ userId: alpha.adminId }, 'select password_hash from users')).code).toBe('42501');
  });

  it('cannot write a session row, nor rewrite anyone’s email or password hash', async () => {
    const statements = [
      `insert into sessions (id, user_id, expires_at, absolute_expires_at) values ('forged', '${alpha.adminId}', now() + interval '1 day', now() + interval '1 day')`,
      `update sessions set expires_at = now() + interval '1 year'`,
      `delete from sessions`,
      `update users set email = 'attacker@evil.example' where id = '${alpha.adminId}'`,
      `update users set password_hash = 'x' where id = '${alpha.adminId}'`,
      `insert into users (email, name) values ('new@evil.example', 'New')`,
      `delete from users where id = '${alpha.adminId}'`,
    ];
    for (const statement of statements) {
      expect((await asRuntime({ userId: alpha.adminId }, statement)).code, statement).toBe('42501');
    }
  });

  it('a forged session row cannot be planted: the only way in is the function, which takes a token hash', async () => {
    const forged = await asRuntime(
      {},
      `insert into sessions (id, user_id, expires_at, absolute_expires_at) values ('x', '${alpha.adminId}', now() + interval '1 day', now() + interval '2 days')`,
    );
    expect(forged.code).toBe('42501');
    const { count } = (
      await sql<{ count: string }>`select count(*) from sessions where user_id = ${alpha.adminId}`.execute(db)
    ).rows[0]!;
    expect(Number(count)).toBe(0);
  });

  it('sessions work through their functions: create, find by token hash, revoke', async () => {
    const { token } = await createSession(alpha.adminId, `tenant:${alpha.id}`);
    const session = await validateSessionToken(token);
    expect(session).toMatchObject({
      userId: alpha.adminId,
      email: 'admin@alpha.example',
      activeContext: `tenant:${alpha.id}`,
    });
    expect(await validateSessionToken('not-a-token')).toBeNull();
  });

  it('session_person finds the session, reads its person’s own memberships as them, and the rest of the transaction acts as them', async () => {
    const { token } = await createSession(alpha.adminId, null);
    const lookUp = (sessionId: string) =>
      runScoped(db, {}, async (tx) => {
        const { rows } = await sql<{
          user_id: string;
          tenants: Array<{ tenant: { id: string }; role: string }>;
          platform_admin: boolean;
        }>`select * from session_person(${sessionId})`.execute(tx);
        const acting = await sql<{ id: string }>`select current_setting('app.user_id') as id`.execute(tx);
        return { rows, acting: acting.rows[0]!.id };
      });
    const found = await lookUp(hashToken(token));
    expect(found.rows).toHaveLength(1);
    expect(found.rows[0]).toMatchObject({ user_id: alpha.adminId, platform_admin: false });
    // Read under row-level security as them (nobody's memberships are visible to nobody).
    expect(found.rows[0]!.tenants.map((m) => [m.tenant.id, m.role])).toEqual([[alpha.id, 'admin']]);
    expect(found.acting).toBe(alpha.adminId);
    // No such session: nothing found, and nobody becomes the person acting.
    expect(await lookUp(hashToken('not-a-token'))).toEqual({ rows: [], acting: '' });
  });

  it('only the person themselves may end or count all their sessions', async () => {
    await createSession(alpha.adminId, null);
    const other = await asRuntime({ userId: beta.adminId }, `select session_revoke_all('${alpha.adminId}')`);
    expect(other.code).toBe('42501');
    const nobody = await asRuntime({}, `select session_count('${alpha.adminId}')`);
    expect(nobody.code).toBe('42501');
    const own = await asRuntime({ userId: alpha.adminId }, `select session_revoke_all('${alpha.adminId}') as n`);
    expect(own.rows[0]?.n).toBe(1);
  });

  it('with no scope, nobody is visible; a person sees themselves', async () => {
    expect(await visibleNames({})).toEqual([]);
    const stranger = await createUser('stranger@nowhere.example', 'A stranger');
    expect(await visibleNames({ userId: stranger })).toEqual(['A stranger']);
  });

  it('provider staff see their colleagues and their customers’ people, not another provider’s', async () => {
    const names = await visibleNames({ tenantId: alpha.id, userId: alpha.adminId });
    expect(names).toEqual(['alpha admin', 'alpha bursar', 'alpha finance']);
    // The same person without the tenant in scope still sees the colleagues they share it with.
    expect(await visibleNames({ userId: alpha.adminId })).toEqual(['alpha admin', 'alpha finance']);
  });

  it('a buyer sees their own organisation’s people and the staff of providers it has an account with', async () => {
    const names = await visibleNames({ organisationId: alpha.schoolOrganisationId, userId: alpha.buyerId });
    expect(names).toEqual(['alpha admin', 'alpha bursar', 'alpha finance']);
    expect(names).not.toContain('beta admin');
  });
});
