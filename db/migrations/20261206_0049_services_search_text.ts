import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// The catalogue's search asks whether a service's name, code or description contains the words
// typed, whatever their case. Lower-casing each of those texts for every offered service on every
// search was most of the search's statement (PostgreSQL's lower() works a character at a time in a
// UTF-8 database): the texts are now lower-cased once, when the service is written, into one column
// kept by PostgreSQL itself. They are joined by a line break, which a search never holds (the
// catalogue turns control characters into spaces), so words can match within one of the three
// texts only, as before, never across two.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `alter table services
         add column search_text text not null
           generated always as (lower(name || E'\\n' || code || E'\\n' || description)) stored`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
