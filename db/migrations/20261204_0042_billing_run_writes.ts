import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 9 (scale): what a billing run's page costs the database, without changing what it enforces.
// - A document's tenant and organisation were each checked by a foreign key of their own, row by
//   row, beside the key that makes the tenant hold a customer account for the organisation. The
//   account's own keys already hold both (an account names a real tenant and a real organisation,
//   and neither can go while the account is there), so those two checks go and the account's stays.
// - The check that lines go only on drafts (migration 0039) looked each written line's document up;
//   it now looks each document up once, however many lines the statement wrote on it. Same rule,
//   same words.
// - A run reads every confirmed record of the lines it bills (a year of them, to know what is billed
//   already). The index it reads them by now carries what it reads of each (its id, date, units and
//   status), so the rows themselves are not visited.

const statements: string[] = [
  `alter table billing_documents drop constraint billing_documents_tenant_id_fkey`,
  `alter table billing_documents drop constraint billing_documents_organisation_id_fkey`,
  `create or replace function billing_document_lines_insert_frozen() returns trigger
     language plpgsql set search_path = public as $$
     declare doc record;
     begin
       select d.kind, d.number into doc
         from billing_documents d
        where (d.tenant_id, d.id) in (select distinct w.tenant_id, w.document_id from written w)
          and d.status <> 'draft'
        limit 1;
       if found then
         perform refuse(format('The lines of %s %s are final and never change', doc.kind, doc.number));
       end if;
       return null;
     end $$`,
  `drop index deliveries_line`,
  `create index deliveries_line on deliveries (tenant_id, order_line_id)
     include (id, delivered_on, units_hundredths, status)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
