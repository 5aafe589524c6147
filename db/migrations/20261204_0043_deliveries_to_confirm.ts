import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 11 (national scale): the hourly job that confirms delivery records nobody challenged by
// their date looks, in each tenant, for records still logged whose date to confirm by has passed.
// It read every record of the tenant to find them (a year of a national provider's work: about
// 6,000 each, 7 to 8 s for 153 tenants with nothing to confirm). Records waiting for confirmation
// are few at any time, so they get an index of their own.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index deliveries_to_confirm on deliveries (tenant_id, confirm_by) where status = 'logged'`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
