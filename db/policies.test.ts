import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ownerDb } from '../test/setup/fixtures';

// Row-level security reads who is acting from settings through app_tenant_id() and its kin. Called
// bare in a policy, such a function runs once for every row the policy filters; as a sub-select,
// (select app_tenant_id()), once a statement (migration 0044).

const CONTEXT_FUNCTIONS = [
  'app_tenant_id',
  'app_user_id',
  'app_organisation_id',
  'app_is_tenant_admin',
  'app_is_platform_admin',
];

describe('row-level security policies', () => {
  it('read who is acting once a statement, never once a row', async () => {
    const db = await ownerDb();
    const { rows } = await sql<{ policy: string; text: string }>`
      select tablename || '.' || policyname as policy, coalesce(qual, '') || ' ' || coalesce(with_check, '') as text
        from pg_policies where schemaname = 'public'`.execute(db);
    const bare = new RegExp(`(?<!select )\\b(${CONTEXT_FUNCTIONS.join('|')})\\(\\)`, 'i');
    expect(rows.filter((r) => bare.test(r.text)).map((r) => `${r.policy}: ${r.text}`)).toEqual([]);
    // The check itself sees them: most policies name the acting tenant.
    expect(rows.filter((r) => /\(\s*select app_tenant_id\(\)/i.test(r.text)).length).toBeGreaterThan(40);
  });
});
