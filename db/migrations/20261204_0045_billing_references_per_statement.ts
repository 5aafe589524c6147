import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 9 (scale): what a billing run's lines refer to is checked once per statement, not row by row.
// A run's page writes a thousand lines and their claims in one statement; the five foreign keys on
// them (a line's document, order line and delivery record; a claim's order line and line) each ran
// a query per row and locked the row it found (FOR KEY SHARE, which writes to that row's page), and
// together were most of what writing a page cost the database (auto_explain on the billing bench's
// quarter-size data: about 2.2 s of the run's 3 s in that statement). The same references are now
// enforced here, over every row a statement wrote, in one query each, with the same error code as a
// foreign key (23503):
// - a line's document exists and is a draft (the rule of 0039, same words); each document is locked
//   once (FOR KEY SHARE), not once per line, so it cannot be discarded or re-keyed underneath;
// - a line's order line exists, and deleting or re-keying an order line that a line or claim names
//   is refused. So that the refusal cannot miss lines still being written, writing lines or claims
//   takes a shared lock on the tenant's billing references (an advisory lock, once per statement)
//   and deleting or re-keying an order line takes it exclusively, so it waits for those lines and
//   then sees them. (The app never deletes an order line: the runtime role cannot.) Each reference
//   is looked up by its table's key alone, which the index answers without visiting the row;
// - a line's delivery record exists; deleting or re-keying a record a line names is refused, under
//   the same lock as an order line's;
// - a claim names a line of its document with the same order line and charge: stronger than the two
//   keys it replaces, which did not tie the claim's charge to its line's. A line's claims go when the
//   line goes (as the key's ON DELETE CASCADE did), and a document cannot go while a line or claim
//   names it.
// The checks run as the owner, as a foreign key's do, so what the person may see does not decide
// whether a reference holds. Rows the owner writes (the seed, the bench's history) are checked alike.

const SHARE_TENANT_REFERENCES = `perform pg_advisory_xact_lock_shared(hashtext('billing references'), hashtext(t.tenant_id::text))`;

/**
 * A row of `table` that a bill names is neither deleted nor re-keyed (what a foreign key's NO
 * ACTION refused). `locked`: first wait for the tenant's bills being written (see above).
 */
function keptWhileNamed(table: string, how: { locked: boolean; namedBy: string[]; refusal: string }): string[] {
  const named = how.namedBy
    .map((ref) => {
      const [child, column] = ref.split('.');
      return `exists (select 1 from ${child} c where c.tenant_id = old.tenant_id and c.${column} = old.id)`;
    })
    .join(' or ');
  return [
    `create function ${table}_named() returns trigger language plpgsql security definer set search_path = public as $$
       begin
         if tg_op = 'UPDATE' and (new.tenant_id, new.id) = (old.tenant_id, old.id) then return new; end if;
         ${how.locked ? "perform pg_advisory_xact_lock(hashtext('billing references'), hashtext(old.tenant_id::text));" : ''}
         if ${named} then
           perform broken_reference('${how.refusal}');
         end if;
         return coalesce(new, old);
       end $$`,
    `create trigger ${table}_named before update of tenant_id, id or delete on ${table}
       for each row execute function ${table}_named()`,
  ];
}

const statements: string[] = [
  `alter table billing_document_lines drop constraint billing_document_lines_tenant_id_document_id_fkey`,
  `alter table billing_document_lines drop constraint billing_document_lines_tenant_id_order_line_id_fkey`,
  `alter table billing_document_lines drop constraint billing_document_lines_tenant_id_delivery_id_fkey`,
  `alter table billed_charges drop constraint billed_charges_tenant_id_order_line_id_fkey`,
  `alter table billed_charges drop constraint billed_charges_tenant_id_document_line_id_fkey`,

  `create function broken_reference(message text) returns void language plpgsql as $$
     begin raise exception using errcode = 'foreign_key_violation', message = message; end $$`,

  // Lines, once per statement that writes them.
  `create or replace function billing_document_lines_insert_frozen() returns trigger
     language plpgsql security definer set search_path = public as $$
     declare t record; documents integer; found_documents integer; final_document text;
     begin
       for t in select distinct w.tenant_id from written w loop ${SHARE_TENANT_REFERENCES}; end loop;
       select count(*) into documents from (select distinct w.tenant_id, w.document_id from written w) x;
       -- The documents are read once: locked, counted, and any that is not a draft named.
       with locked as (
         select d.kind, d.number, d.status from billing_documents d
          where (d.tenant_id, d.id) in (select w.tenant_id, w.document_id from written w)
          for key share)
       select count(*), (array_agg(l.kind || ' ' || l.number) filter (where l.status <> 'draft'))[1]
         into found_documents, final_document
         from locked l;
       if found_documents < documents then
         perform broken_reference('A document line names a document that does not exist');
       end if;
       if final_document is not null then
         perform refuse(format('The lines of %s are final and never change', final_document));
       end if;
       if exists (select 1 from written w where w.order_line_id is not null
                    and not exists (select 1 from order_lines l where l.tenant_id = w.tenant_id and l.id = w.order_line_id)) then
         perform broken_reference('A document line names an order line that does not exist');
       end if;
       if exists (select 1 from written w where w.delivery_id is not null
                    and not exists (select 1 from deliveries r where r.tenant_id = w.tenant_id and r.id = w.delivery_id)) then
         perform broken_reference('A document line names a delivery record that does not exist');
       end if;
       return null;
     end $$`,
  `create trigger billing_document_lines_changed_references after update on billing_document_lines
     referencing new table as written
     for each statement execute function billing_document_lines_insert_frozen()`,

  // Claims, once per statement that writes them.
  `create function billed_charges_references() returns trigger language plpgsql security definer set search_path = public as $$
     declare t record;
     begin
       for t in select distinct c.tenant_id from claimed c loop ${SHARE_TENANT_REFERENCES}; end loop;
       perform 1 from billing_documents d
        where (d.tenant_id, d.id) in (select c.tenant_id, c.document_id from claimed c)
        for key share;
       -- Each claim's line by its key (the line's other indexes would visit all its order line's bills).
       if exists (select 1 from claimed c
                    left join billing_document_lines l on l.tenant_id = c.tenant_id and l.id = c.document_line_id
                   where l.id is null or (l.document_id, l.order_line_id, l.charge_key)
                                         is distinct from (c.document_id, c.order_line_id, c.charge_key)) then
         perform broken_reference('A claim names a line that is not of its document, order line and charge');
       end if;
       return null;
     end $$`,
  `create trigger billed_charges_references after insert on billed_charges
     referencing new table as claimed
     for each statement execute function billed_charges_references()`,
  `create trigger billed_charges_changed_references after update on billed_charges
     referencing new table as claimed
     for each statement execute function billed_charges_references()`,

  // What is named cannot go from under a line or claim. A line's claims go with it.
  `create function billing_document_lines_unclaim() returns trigger language plpgsql security definer set search_path = public as $$
     begin
       if tg_op = 'UPDATE' and (new.tenant_id, new.id) = (old.tenant_id, old.id) then return new; end if;
       if tg_op = 'UPDATE' then
         if exists (select 1 from billed_charges c where c.tenant_id = old.tenant_id and c.document_line_id = old.id) then
           perform broken_reference('A claimed document line keeps its key');
         end if;
         return new;
       end if;
       delete from billed_charges where tenant_id = old.tenant_id and document_line_id = old.id;
       return old;
     end $$`,
  `create trigger billing_document_lines_unclaim before update of tenant_id, id or delete on billing_document_lines
     for each row execute function billing_document_lines_unclaim()`,
  ...keptWhileNamed('billing_documents', {
    locked: false,
    namedBy: ['billing_document_lines.document_id', 'billed_charges.document_id'],
    refusal: 'A document keeps its key, and stays, while lines or claims name it',
  }),
  ...keptWhileNamed('order_lines', {
    locked: true,
    namedBy: ['billing_document_lines.order_line_id', 'billed_charges.order_line_id'],
    refusal: 'An order line keeps its key, and stays, while a bill names it',
  }),
  ...keptWhileNamed('deliveries', {
    locked: true,
    namedBy: ['billing_document_lines.delivery_id'],
    refusal: 'A delivery record keeps its key, and stays, while a bill names it',
  }),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
