import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 11 (the pages people use all day): who is signed in costs one round trip to the database
// rather than three. Every signed-in request found the session behind its cookie (session_find),
// then set the person acting (set_config), then read where that person belongs, each a statement
// of its own; on a machine where each round trip costs the app a socket write and a wake-up, that
// was two of a simple page's nine. session_person does the three in order, in one call: the
// session through session_find (its owner's rights, as before), then, if there is one, its person
// becomes the person acting for the rest of the transaction, then their memberships are read as
// them. It runs with the caller's rights, so row-level security decides what those reads see,
// exactly as when the application sent them one by one. Whether the session has expired is still
// the application's to judge (app/auth/session.server.ts), from the columns returned.

const ROLE = 'traded_app';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create function session_person(p_id text)
         returns table (session_id text, expires_at timestamptz, absolute_expires_at timestamptz,
                        active_context text, user_id uuid, email text, name text,
                        tenants json, organisations json, platform_admin boolean)
         language plpgsql volatile set search_path = pg_catalog, public as $$
         #variable_conflict use_column
         declare
           s record;
         begin
           select f.session_id, f.expires_at, f.absolute_expires_at, f.active_context, f.user_id, f.email, f.name
             into s from session_find(p_id) f;
           if not found then
             return;
           end if;
           perform set_config('app.user_id', s.user_id::text, true);
           return query select
             s.session_id, s.expires_at, s.absolute_expires_at, s.active_context, s.user_id, s.email, s.name,
             (select coalesce(json_agg(json_build_object('tenant', to_json(t), 'role', tm.role) order by t.name), '[]')
                from tenant_memberships tm join tenants t on t.id = tm.tenant_id
               where tm.user_id = s.user_id),
             (select coalesce(json_agg(json_build_object('organisationId', o.id, 'name', o.name, 'kind', o.kind,
                                                         'urn', o.urn, 'role', om.role) order by o.name), '[]')
                from organisation_memberships om join organisations o on o.id = om.organisation_id
               where om.user_id = s.user_id),
             exists (select 1 from platform_admins p where p.user_id = s.user_id);
         end $$`,
    )
    .execute(db);
  await sql.raw(`revoke all on function session_person(text) from public`).execute(db);
  await sql.raw(`grant execute on function session_person(text) to ${ROLE}`).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
