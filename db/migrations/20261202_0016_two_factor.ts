import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const RUNTIME_ROLE = 'traded_app';

/** Each function does one thing, as its owner, with a pinned search_path; only the runtime role may call it. */
const DEFINER = `security definer set search_path = pg_catalog, public`;

/** The TOTP time-step (30 seconds) the database's clock is in, for a sanity check on steps Node reports. */
const CURRENT_STEP = `floor(extract(epoch from now()) / 30)::bigint`;
/** A step Node says a code matched: within two steps of the database's clock (Node accepts one either side). */
const PLAUSIBLE_STEP = (step: string) => `abs(${step} - ${CURRENT_STEP}) <= 2`;

/** The credential row was written by this transaction: an attempt was claimed (and counted) first. */
const CLAIMED_NOW = `xmin = pg_current_xact_id()::xid`;

const FUNCTIONS = [
  'two_factor_status(uuid)',
  'two_factor_begin_enrolment(uuid, bytea)',
  'two_factor_claim_attempt(uuid, text)',
  'two_factor_accept_code(uuid, bigint)',
  'two_factor_confirm_enrolment(uuid, bigint, text[])',
  'two_factor_use_recovery_code(uuid, text)',
  'two_factor_remove(uuid, bigint)',
  'sign_in_challenge_begin(text, uuid, text, text, text)',
  'sign_in_challenge_find(text)',
  'sign_in_challenge_claim(text)',
  'sign_in_challenge_end(text, uuid)',
].join(', ');

const statements: string[] = [
  // A provider may require two-factor sign-in of its admins and finance officers (ASVS level 2).
  `alter table tenants add column require_two_factor boolean not null default false`,
  `grant update (require_two_factor) on tenants to ${RUNTIME_ROLE}`,

  // Platform identity, like users and sessions: not tenant data. The runtime role has no access to
  // these tables at all; it reaches them only through the functions below.
  `create table two_factor_credentials (
     user_id uuid primary key references users (id) on delete cascade,
     secret bytea not null check (octet_length(secret) = 20),
     confirmed_at timestamptz,
     last_used_step bigint,
     failures integer not null default 0 check (failures >= 0),
     failures_since timestamptz,
     created_at timestamptz not null default now()
   )`,
  `create table two_factor_recovery_codes (
     user_id uuid not null references two_factor_credentials (user_id) on delete cascade,
     code_hash text not null check (code_hash ~ '^[0-9a-f]{64}$'),
     used_at timestamptz,
     primary key (user_id, code_hash)
   )`,
  // A sign-in waiting for its second step: the cookie holds the token, this table only its hash.
  `create table sign_in_challenges (
     id text primary key check (id ~ '^[0-9a-f]{64}$'),
     user_id uuid not null references users (id) on delete cascade,
     purpose text not null check (purpose in ('verify','enrol')),
     active_context text,
     home text not null,
     attempts integer not null default 0 check (attempts >= 0),
     created_at timestamptz not null default now(),
     expires_at timestamptz not null
   )`,
  `create index sign_in_challenges_user on sign_in_challenges (user_id)`,
  `revoke all on two_factor_credentials, two_factor_recovery_codes, sign_in_challenges from public, ${RUNTIME_ROLE}`,

  // ---------------------------------------------------------------------------------------------
  // A person's own two-factor state. Every function below acting on a person's credential runs only
  // for the person in scope (app.user_id).
  `create function two_factor_status(p_user uuid)
     returns table (confirmed_at timestamptz, recovery_codes_left integer)
     language sql stable ${DEFINER} as $$
     select c.confirmed_at,
            (select count(*)::integer from two_factor_recovery_codes r where r.user_id = c.user_id and r.used_at is null)
       from two_factor_credentials c
      where c.user_id = p_user and p_user = app_user_id() $$`,

  // Starts enrolment with a new secret, or hands back the pending one (so reloading the page shows
  // the same QR code). Null once enrolment is confirmed: a confirmed secret is never shown again.
  `create function two_factor_begin_enrolment(p_user uuid, p_secret bytea) returns bytea
     language plpgsql ${DEFINER} as $$
     declare found_secret bytea; found_confirmed timestamptz;
     begin
       if p_user is distinct from app_user_id() then perform refuse('Only the person themselves sets up two-factor sign-in'); end if;
       insert into two_factor_credentials (user_id, secret) values (p_user, p_secret) on conflict (user_id) do nothing;
       select secret, confirmed_at into found_secret, found_confirmed from two_factor_credentials where user_id = p_user;
       return case when found_confirmed is null then found_secret end;
     end $$`,

  // Claims one attempt at a code before it is checked: 10 in 15 minutes per person, across every
  // challenge and page. The row lock makes concurrent guesses wait their turn. Only for someone
  // signed in or part-way through signing in: the proof is the hash of their live session's or
  // sign-in challenge's token. The secret goes back for this one attempt; a correct code gives
  // the count back (two_factor_accept_code and friends, which act only after a claim in the same
  // transaction: the credential row was written by it).
  `create function two_factor_claim_attempt(p_user uuid, p_proof text)
     returns table (status text, secret bytea, confirmed boolean, retry_at timestamptz)
     language plpgsql ${DEFINER} as $$
     declare c two_factor_credentials;
     begin
       if p_user is distinct from app_user_id() then perform refuse('Only the person themselves uses their codes'); end if;
       if not exists (select 1 from sessions s where s.id = p_proof and s.user_id = p_user
                         and s.expires_at > now() and s.absolute_expires_at > now())
          and not exists (select 1 from sign_in_challenges h where h.id = p_proof and h.user_id = p_user
                             and h.expires_at > now()) then
         perform refuse('A code is checked only for someone signed in or signing in');
       end if;
       select * into c from two_factor_credentials where user_id = p_user for update;
       if not found then return query select 'none'::text, null::bytea, false, null::timestamptz; return; end if;
       if c.failures_since is not null and c.failures_since > now() - interval '15 minutes' and c.failures >= 10 then
         return query select 'locked'::text, null::bytea, c.confirmed_at is not null, c.failures_since + interval '15 minutes';
         return;
       end if;
       update two_factor_credentials set
         failures = case when failures_since is null or failures_since <= now() - interval '15 minutes' then 1 else failures + 1 end,
         failures_since = case when failures_since is null or failures_since <= now() - interval '15 minutes' then now() else failures_since end
        where user_id = p_user;
       return query select 'ok'::text, c.secret, c.confirmed_at is not null, null::timestamptz;
     end $$`,

  // A correct code at a time-step later than the last one used: a used code cannot be replayed.
  `create function two_factor_accept_code(p_user uuid, p_step bigint) returns boolean
     language plpgsql ${DEFINER} as $$
     begin
       if p_user is distinct from app_user_id() then perform refuse('Only the person themselves uses their codes'); end if;
       update two_factor_credentials set last_used_step = p_step, failures = 0, failures_since = null
        where user_id = p_user and confirmed_at is not null and ${CLAIMED_NOW}
          and (last_used_step is null or last_used_step < p_step) and ${PLAUSIBLE_STEP('p_step')};
       return found;
     end $$`,

  // The first correct code confirms enrolment and replaces the recovery codes (ten, hashed).
  `create function two_factor_confirm_enrolment(p_user uuid, p_step bigint, p_recovery_hashes text[]) returns boolean
     language plpgsql ${DEFINER} as $$
     begin
       if p_user is distinct from app_user_id() then perform refuse('Only the person themselves sets up two-factor sign-in'); end if;
       if cardinality(p_recovery_hashes) <> 10 then perform refuse('Ten recovery codes are issued'); end if;
       update two_factor_credentials set confirmed_at = now(), last_used_step = p_step, failures = 0, failures_since = null
        where user_id = p_user and confirmed_at is null and ${CLAIMED_NOW} and ${PLAUSIBLE_STEP('p_step')};
       if not found then return false; end if;
       delete from two_factor_recovery_codes where user_id = p_user;
       insert into two_factor_recovery_codes (user_id, code_hash) select p_user, h from unnest(p_recovery_hashes) h;
       return true;
     end $$`,

  // A recovery code works once. Counted like a code: the caller claims an attempt first.
  `create function two_factor_use_recovery_code(p_user uuid, p_code_hash text) returns boolean
     language plpgsql ${DEFINER} as $$
     begin
       if p_user is distinct from app_user_id() then perform refuse('Only the person themselves uses their codes'); end if;
       if not exists (select 1 from two_factor_credentials where user_id = p_user and ${CLAIMED_NOW}) then return false; end if;
       update two_factor_recovery_codes set used_at = now()
        where user_id = p_user and code_hash = p_code_hash and used_at is null;
       if not found then return false; end if;
       update two_factor_credentials set failures = 0, failures_since = null where user_id = p_user;
       return true;
     end $$`,

  // Removing two-factor sign-in takes a fresh code: one later than the last code used.
  `create function two_factor_remove(p_user uuid, p_step bigint) returns boolean
     language plpgsql ${DEFINER} as $$
     begin
       if p_user is distinct from app_user_id() then perform refuse('Only the person themselves removes two-factor sign-in'); end if;
       delete from two_factor_credentials
        where user_id = p_user and confirmed_at is not null and ${CLAIMED_NOW}
          and (last_used_step is null or last_used_step < p_step) and ${PLAUSIBLE_STEP('p_step')};
       return found;
     end $$`,

  // ---------------------------------------------------------------------------------------------
  // Challenges: a sign-in whose first step succeeded, for ten minutes and five codes at most.
  `create function sign_in_challenge_begin(p_id text, p_user uuid, p_purpose text, p_context text, p_home text)
     returns void language plpgsql ${DEFINER} as $$
     begin
       if p_user is distinct from app_user_id() then perform refuse('A challenge is begun for the person signing in'); end if;
       delete from sign_in_challenges where user_id = p_user and expires_at <= now();
       insert into sign_in_challenges (id, user_id, purpose, active_context, home, expires_at)
       values (p_id, p_user, p_purpose, p_context, p_home, now() + interval '10 minutes');
     end $$`,
  `create function sign_in_challenge_find(p_id text)
     returns table (user_id uuid, purpose text, active_context text, home text)
     language sql stable ${DEFINER} as $$
     select c.user_id, c.purpose, c.active_context, c.home from sign_in_challenges c
      where c.id = p_id and c.expires_at > now() and c.attempts < 5 $$`,
  // Claims one attempt on a challenge; the fifth is its last. Expired or used up: nothing.
  `create function sign_in_challenge_claim(p_id text)
     returns table (user_id uuid, purpose text, active_context text, home text)
     language sql ${DEFINER} as $$
     update sign_in_challenges c set attempts = c.attempts + 1
      where c.id = p_id and c.expires_at > now() and c.attempts < 5
     returning c.user_id, c.purpose, c.active_context, c.home $$`,
  `create function sign_in_challenge_end(p_id text, p_user uuid) returns boolean
     language plpgsql ${DEFINER} as $$
     begin
       if p_user is distinct from app_user_id() then perform refuse('A challenge is ended by the person signing in'); end if;
       delete from sign_in_challenges where id = p_id and user_id = p_user;
       return found;
     end $$`,

  `revoke all on function ${FUNCTIONS} from public`,
  `grant execute on function ${FUNCTIONS} to ${RUNTIME_ROLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
