import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// Identity data behind narrow doors. The runtime role, which every request runs as (sign-in
// included), used to read every password hash and read and write every session. Now:
//  - users: readable (never the password hash) only where the person reading shares a tenant or
//    an organisation with them, trades with them (a customer account between their provider and
//    organisation), or is them; written only through functions;
//  - sessions: no privileges at all; a session is created, found by its token's hash, extended,
//    switched and revoked through functions that do one thing each.
// Every function pins its search_path and runs as the owner, who alone holds the tables.

const ROLE = 'traded_app';

const statements: string[] = [
  // ---- users ----
  `revoke all on users from ${ROLE}`,
  `grant select (id, email, name, created_at) on users to ${ROLE}`,
  `alter table users enable row level security`,

  // Whether the person acting (app.user_id, in app.tenant_id / app.organisation_id) may see
  // another person: themselves; people of the tenant or organisation in scope or of any tenant
  // or organisation they belong to; people on the other side of a customer account (a provider's
  // staff see their customers' people, a buyer sees its providers' staff).
  `create function person_visible(p_user uuid) returns boolean
     language sql stable security definer set search_path = pg_catalog, public as $$
     select p_user = app_user_id()
       or exists (
         select 1 from tenant_memberships m
          where m.user_id = p_user
            and (m.tenant_id = app_tenant_id()
                 or m.tenant_id in (select tenant_id from tenant_memberships where user_id = app_user_id())
                 or m.tenant_id in (select c.tenant_id from customer_accounts c
                                     where c.organisation_id in (select buyer_organisation_ids()))))
       or exists (
         select 1 from organisation_memberships m
          where m.user_id = p_user
            and (m.organisation_id in (select buyer_organisation_ids())
                 or m.organisation_id in (select organisation_id from organisation_memberships
                                           where user_id = app_user_id())
                 or m.organisation_id in (select c.organisation_id from customer_accounts c
                                           where c.tenant_id = app_tenant_id())
                 or m.organisation_id in (select o.trust_id from organisations o
                                           join customer_accounts c on c.organisation_id = o.id
                                          where c.tenant_id = app_tenant_id() and o.trust_id is not null)))
     $$`,
  `revoke all on function person_visible(uuid) from public`,
  `grant execute on function person_visible(uuid) to ${ROLE}`,
  `create policy visible_people on users for select to ${ROLE} using (person_visible(id))`,

  // Sign-in verification: the hash for one address, to check one password. Nothing lists hashes.
  `create function sign_in_credential(p_email text)
     returns table (user_id uuid, password_hash text)
     language sql stable security definer set search_path = pg_catalog, public as $$
     select u.id, u.password_hash from users u where lower(u.email) = lower(btrim(p_email)) $$`,

  // One person by exact email address (an invitation, a single sign-on link): id, email, name.
  `create function person_by_email(p_email text)
     returns table (id uuid, email text, name text)
     language sql stable security definer set search_path = pg_catalog, public as $$
     select u.id, u.email, u.name from users u where lower(u.email) = lower(btrim(p_email)) $$`,

  // A new person (accepting an invitation): the address must be new.
  `create function create_person(p_email text, p_name text, p_password_hash text)
     returns uuid
     language plpgsql security definer set search_path = pg_catalog, public as $$
     declare v_id uuid;
     begin
       insert into users (email, name, password_hash)
       values (btrim(p_email), btrim(p_name), p_password_hash)
       returning id into v_id;
       return v_id;
     end $$`,

  // ---- sessions ----
  `revoke all on sessions from ${ROLE}`,
  `alter table sessions enable row level security`,

  `create function session_create(p_id text, p_user uuid, p_expires_at timestamptz,
                                  p_absolute_expires_at timestamptz, p_context text)
     returns void
     language sql security definer set search_path = pg_catalog, public as $$
     insert into sessions (id, user_id, expires_at, absolute_expires_at, active_context)
     values (p_id, p_user, least(p_expires_at, p_absolute_expires_at), p_absolute_expires_at, p_context) $$`,

  // The session behind one token hash, with its person; nothing lists sessions.
  `create function session_find(p_id text)
     returns table (session_id text, expires_at timestamptz, absolute_expires_at timestamptz,
                    active_context text, user_id uuid, email text, name text)
     language sql stable security definer set search_path = pg_catalog, public as $$
     select s.id, s.expires_at, s.absolute_expires_at, s.active_context, u.id, u.email, u.name
       from sessions s join users u on u.id = s.user_id
      where s.id = p_id $$`,

  // Sliding expiry, never beyond the session's absolute end.
  `create function session_extend(p_id text, p_expires_at timestamptz)
     returns void
     language sql security definer set search_path = pg_catalog, public as $$
     update sessions set expires_at = least(p_expires_at, absolute_expires_at) where id = p_id $$`,

  `create function session_set_context(p_id text, p_context text)
     returns void
     language sql security definer set search_path = pg_catalog, public as $$
     update sessions set active_context = p_context where id = p_id $$`,

  `create function session_revoke(p_id text)
     returns void
     language sql security definer set search_path = pg_catalog, public as $$
     delete from sessions where id = p_id $$`,

  // Signing out everywhere: only the person themselves (app.user_id), optionally keeping one.
  `create function session_revoke_all(p_user uuid, p_except text default null)
     returns integer
     language plpgsql security definer set search_path = pg_catalog, public as $$
     declare v_count integer;
     begin
       if p_user is distinct from app_user_id() then
         raise exception 'session_revoke_all: only your own sessions' using errcode = 'insufficient_privilege';
       end if;
       delete from sessions where user_id = p_user and (p_except is null or id <> p_except);
       get diagnostics v_count = row_count;
       return v_count;
     end $$`,

  `create function session_count(p_user uuid)
     returns integer
     language plpgsql stable security definer set search_path = pg_catalog, public as $$
     begin
       if p_user is distinct from app_user_id() then
         raise exception 'session_count: only your own sessions' using errcode = 'insufficient_privilege';
       end if;
       return (select count(*) from sessions where user_id = p_user and expires_at > now());
     end $$`,
];

const FUNCTIONS = [
  'sign_in_credential(text)',
  'person_by_email(text)',
  'create_person(text, text, text)',
  'session_create(text, uuid, timestamptz, timestamptz, text)',
  'session_find(text)',
  'session_extend(text, timestamptz)',
  'session_set_context(text, text)',
  'session_revoke(text)',
  'session_revoke_all(uuid, text)',
  'session_count(uuid)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  for (const fn of FUNCTIONS) {
    await sql.raw(`revoke all on function ${fn} from public`).execute(db);
    await sql.raw(`grant execute on function ${fn} to ${ROLE}`).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
