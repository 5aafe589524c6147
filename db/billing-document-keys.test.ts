import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { ownerDb, twoTenants, type TestTenant } from '../test/setup/fixtures';
import type { Db } from './client.server';

// A billing document is addressed to a customer account of the provider that issues it: the key to
// customer_accounts alone holds the document to a real tenant and a real organisation (migration
// 0042 dropped the two keys of its own that said the same again, row by row).

let db: Db;
let alpha: TestTenant;
let beta: TestTenant;

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  db = await ownerDb();
});

async function draftFor(tenantId: string, organisationId: string) {
  await sql`insert into billing_documents (tenant_id, kind, organisation_id) values (${tenantId}, 'invoice', ${organisationId})`.execute(
    db,
  );
}

describe('a billing document names a customer account of its provider', () => {
  it('is written for the provider’s own customer', async () => {
    await draftFor(alpha.id, alpha.schoolOrganisationId);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from billing_documents
      where tenant_id = ${alpha.id} and organisation_id = ${alpha.schoolOrganisationId}`.execute(db);
    expect(rows[0]!.n).toBe(1);
  });

  it('is refused for a real organisation that is not the provider’s customer', async () => {
    await expect(draftFor(alpha.id, beta.schoolOrganisationId)).rejects.toMatchObject({ code: '23503' });
  });

  it('is refused for an organisation or a provider that does not exist', async () => {
    await expect(draftFor(alpha.id, randomUUID())).rejects.toMatchObject({ code: '23503' });
    await expect(draftFor(randomUUID(), alpha.schoolOrganisationId)).rejects.toMatchObject({ code: '23503' });
  });
});
