import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 9 (scale): a billing run writes thousands of draft lines in one statement, and the check that
// a line goes only on a draft ran once per line (a PL/pgSQL call and a lookup of its document each:
// half the time of writing a run's lines). New lines are now checked once per statement, over the
// lines the statement wrote, against their documents in one query: the same rule and the same words
// (a line never goes on a final or void document), refused before the statement's transaction can
// commit. Changing or deleting a line is still checked row by row, by the trigger migration 0020
// made, now for update and delete only.

const statements: string[] = [
  `create function billing_document_lines_insert_frozen() returns trigger language plpgsql set search_path = public as $$
     declare doc record;
     begin
       select d.kind, d.number into doc
         from written w
         join billing_documents d on d.tenant_id = w.tenant_id and d.id = w.document_id
        where d.status <> 'draft'
        limit 1;
       if found then
         perform refuse(format('The lines of %s %s are final and never change', doc.kind, doc.number));
       end if;
       return null;
     end $$`,
  `create trigger billing_document_lines_insert_frozen after insert on billing_document_lines
     referencing new table as written
     for each statement execute function billing_document_lines_insert_frozen()`,
  `drop trigger billing_document_lines_frozen on billing_document_lines`,
  `create trigger billing_document_lines_frozen before update or delete on billing_document_lines
     for each row execute function billing_document_lines_frozen()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
