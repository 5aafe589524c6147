import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 11 (the pages people use all day): the functions the database calls on nearly every
// request keep their plans for the connection. A SQL function the planner cannot inline (one
// running as its owner, or a set-returning one called outside FROM) plans its query afresh every
// time a statement calls it; PL/pgSQL prepares it once per connection and then only runs it. With
// `track_functions` on, under bench:http's load at national scale: finding the session behind the
// cookie (every signed-in request) 0.20 ms a call, whether a person may be seen (each person on a
// page) 0.23 ms, the buyer's own organisations (each statement whose policy asks) 0.12 ms, a
// brokered order's brokerage 0.51 ms; a simple signed-in page's database time is about 2 ms.
//
// Each is rewritten here from its own definition (as 0044 rewrote the policies): the same body,
// meaning, owner's rights, search path, volatility and row estimate; only the language changes.
// A set-returning body becomes `return query <body>`, a scalar one `return (<body>)`.

const HOT_FUNCTIONS = [
  'session_find',
  'person_visible',
  'brokering_person_visible',
  'buyer_organisation_ids',
  'order_brokerage',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `do $$
      declare
        f record;
        definition text;
        head text;
        body text;
      begin
        for f in
          select p.oid, p.proname, p.proretset, p.prosrc from pg_proc p
            join pg_namespace n on n.oid = p.pronamespace
            join pg_language l on l.oid = p.prolang
           where n.nspname = 'public' and l.lanname = 'sql'
             and p.proname = any (array[${HOT_FUNCTIONS.map((name) => `'${name}'`).join(', ')}])
        loop
          definition := pg_get_functiondef(f.oid);
          head := left(definition, strpos(definition, 'AS $function$') - 1);
          if head = '' or strpos(head, ' LANGUAGE sql') = 0 then
            raise exception 'unexpected definition of %', f.proname;
          end if;
          body := regexp_replace(f.prosrc, ';\s*$', '');
          execute replace(head, ' LANGUAGE sql', ' LANGUAGE plpgsql')
            || 'AS $body$ #variable_conflict use_column' || chr(10) || 'begin' || chr(10)
            || case when f.proretset then 'return query ' || body else 'return (' || body || ')' end
            || ';' || chr(10) || 'end $body$';
        end loop;
        if (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             join pg_language l on l.oid = p.prolang
             where n.nspname = 'public' and l.lanname = 'plpgsql'
               and p.proname = any (array[${HOT_FUNCTIONS.map((name) => `'${name}'`).join(', ')}])) <> ${HOT_FUNCTIONS.length} then
          raise exception 'not every hot function was rewritten';
        end if;
      end $$`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
