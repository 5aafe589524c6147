import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const RUNTIME_ROLE = 'traded_app';

/** The columns of a sign-in provider a person may see: everything but the client secret. */
const VISIBLE = 'id, kind, issuer_url, client_id, enabled, updated_at, updated_by';
/** What the admin's form writes, the secret included (written, never read back). */
const WRITTEN = 'kind, issuer_url, client_id, client_secret, enabled, updated_at, updated_by';

/** A security definer function the runtime role may call, and nobody else. */
function runtimeOnly(signature: string): string[] {
  return [
    `revoke all on function ${signature} from public`,
    `grant execute on function ${signature} to ${RUNTIME_ROLE}`,
  ];
}

const providerColumns = `
     kind text not null check (kind in ('dfe_sign_in','entra_id')),
     issuer_url text not null check (issuer_url ~ '^https?://[^/?#]+' and length(issuer_url) <= 500),
     client_id text not null check (length(client_id) between 1 and 200),
     client_secret text not null check (length(client_secret) between 1 and 500),
     enabled boolean not null default true,
     updated_at timestamptz not null default now(),
     updated_by uuid references users (id)`;

const statements: string[] = [
  // A provider's own OpenID Connect issuer for its staff (Microsoft Entra ID for council staff).
  // Its admins see and change it; the client secret is written by them and never read back.
  `create table tenant_sign_in_providers (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     ${providerColumns},
     primary key (tenant_id, id),
     unique (tenant_id, kind)
   )`,
  `alter table tenant_sign_in_providers enable row level security`,
  `alter table tenant_sign_in_providers force row level security`,
  `create policy tenant_isolation on tenant_sign_in_providers for select to ${RUNTIME_ROLE}
     using (tenant_id = app_tenant_id())`,
  // Only an admin of the tenant in scope may add or change it.
  `create function app_is_tenant_admin() returns boolean language sql stable set search_path = pg_catalog, public as $$
     select exists (select 1 from tenant_memberships m
                     where m.tenant_id = app_tenant_id() and m.user_id = app_user_id() and m.role = 'admin') $$`,
  `create policy admin_writes on tenant_sign_in_providers for insert to ${RUNTIME_ROLE}
     with check (tenant_id = app_tenant_id() and app_is_tenant_admin())`,
  `create policy admin_changes on tenant_sign_in_providers for update to ${RUNTIME_ROLE}
     using (tenant_id = app_tenant_id() and app_is_tenant_admin())
     with check (tenant_id = app_tenant_id() and app_is_tenant_admin())`,
  `grant select (tenant_id, ${VISIBLE}) on tenant_sign_in_providers to ${RUNTIME_ROLE}`,
  `grant insert (tenant_id, ${WRITTEN}) on tenant_sign_in_providers to ${RUNTIME_ROLE}`,
  `grant update (issuer_url, client_id, client_secret, enabled, updated_at, updated_by) on tenant_sign_in_providers to ${RUNTIME_ROLE}`,

  // The platform's issuer for people in buyer organisations (DfE Sign-in for school staff): one
  // per kind, seen and changed only by platform administrators.
  `create table platform_sign_in_providers (
     id uuid primary key default gen_random_uuid(),
     ${providerColumns},
     unique (kind)
   )`,
  `alter table platform_sign_in_providers enable row level security`,
  `alter table platform_sign_in_providers force row level security`,
  `create function app_is_platform_admin() returns boolean language sql stable set search_path = pg_catalog, public as $$
     select exists (select 1 from platform_admins p where p.user_id = app_user_id()) $$`,
  `create policy platform_admin_reads on platform_sign_in_providers for select to ${RUNTIME_ROLE}
     using (app_is_platform_admin())`,
  `create policy platform_admin_writes on platform_sign_in_providers for insert to ${RUNTIME_ROLE}
     with check (app_is_platform_admin())`,
  `create policy platform_admin_changes on platform_sign_in_providers for update to ${RUNTIME_ROLE}
     using (app_is_platform_admin()) with check (app_is_platform_admin())`,
  `grant select (${VISIBLE}) on platform_sign_in_providers to ${RUNTIME_ROLE}`,
  `grant insert (${WRITTEN}) on platform_sign_in_providers to ${RUNTIME_ROLE}`,
  `grant update (issuer_url, client_id, client_secret, enabled, updated_at, updated_by) on platform_sign_in_providers to ${RUNTIME_ROLE}`,

  // A sign-in sent to an issuer and not yet come back: found by the hash of its state, used once.
  // The runtime role reaches it only through the two functions below.
  `create table external_sign_in_requests (
     state_hash text primary key,
     provider_id uuid not null,
     nonce text not null,
     code_verifier text not null,
     return_to text,
     created_at timestamptz not null default now(),
     expires_at timestamptz not null,
     used_at timestamptz
   )`,
  `create index external_sign_in_requests_expiry on external_sign_in_requests (expires_at)`,
  `alter table external_sign_in_requests enable row level security`,
  `alter table external_sign_in_requests force row level security`,

  // A person's account at an issuer (issuer, subject), linked to their Traded account the first
  // time they signed in with a verified email address; later sign-ins follow the link.
  `create table external_identities (
     issuer text not null,
     subject text not null,
     user_id uuid not null references users (id) on delete cascade,
     provider_id uuid not null,
     linked_email text not null,
     linked_at timestamptz not null default now(),
     primary key (issuer, subject)
   )`,
  `create index external_identities_user on external_identities (user_id)`,
  `alter table external_identities enable row level security`,
  `alter table external_identities force row level security`,

  // The functions below run as the owner. FORCE makes a non-superuser owner subject to row-level
  // security, so it is given read (and, for its own two tables, write) policies like 0012's.
  `do $$ declare t text; begin
     foreach t in array array['tenant_sign_in_providers','platform_sign_in_providers','tenant_memberships',
                              'organisation_memberships'] loop
       execute format('create policy sign_in_reader on %I for select to %I using (true)', t, current_user);
     end loop;
     foreach t in array array['external_sign_in_requests','external_identities'] loop
       execute format('create policy sign_in_owner on %I for all to %I using (true) with check (true)', t, current_user);
     end loop;
   end $$`,

  // Every enabled provider, from any owner, as the sign-in page offers them (no secrets).
  `create function enabled_sign_in_providers()
     returns table (id uuid, kind text, tenant_id uuid, tenant_slug text, tenant_name text, issuer_url text,
                    client_id text, client_secret text)
     language sql stable security definer set search_path = pg_catalog, public as $$
     select p.id, p.kind, p.tenant_id, t.slug, t.name, p.issuer_url, p.client_id, p.client_secret
       from tenant_sign_in_providers p join tenants t on t.id = p.tenant_id
      where p.enabled
     union all
     select p.id, p.kind, null, null, null, p.issuer_url, p.client_id, p.client_secret
       from platform_sign_in_providers p
      where p.enabled $$`,
  `revoke all on function enabled_sign_in_providers() from public`,

  // The sign-in page's list: which issuers to offer a button for, and whose they are.
  `create function sign_in_provider_choices()
     returns table (id uuid, kind text, tenant_name text)
     language sql stable security definer set search_path = pg_catalog, public as $$
     select e.id, e.kind, e.tenant_name from enabled_sign_in_providers() e
      order by e.tenant_name nulls first, e.kind $$`,
  ...runtimeOnly('sign_in_provider_choices()'),

  // One enabled provider's settings, the secret included, to talk to its issuer while signing in.
  `create function sign_in_provider_settings(p_id uuid)
     returns table (id uuid, kind text, tenant_id uuid, tenant_slug text, tenant_name text, issuer_url text,
                    client_id text, client_secret text)
     language sql stable security definer set search_path = pg_catalog, public as $$
     select * from enabled_sign_in_providers() e where e.id = p_id $$`,
  ...runtimeOnly('sign_in_provider_settings(uuid)'),

  // Records a sign-in sent to an enabled provider's issuer (clearing those long expired).
  `create function begin_external_sign_in(p_state_hash text, p_provider uuid, p_nonce text, p_code_verifier text,
                                          p_return_to text, p_expires_at timestamptz) returns void
     language plpgsql security definer set search_path = pg_catalog, public as $$
     begin
       if not exists (select 1 from enabled_sign_in_providers() e where e.id = p_provider) then
         raise exception 'begin_external_sign_in: no such provider' using errcode = 'insufficient_privilege';
       end if;
       if p_expires_at > now() + interval '1 hour' then
         raise exception 'begin_external_sign_in: too long' using errcode = 'check_violation';
       end if;
       delete from external_sign_in_requests where expires_at < now() - interval '1 day';
       insert into external_sign_in_requests (state_hash, provider_id, nonce, code_verifier, return_to, expires_at)
       values (p_state_hash, p_provider, p_nonce, p_code_verifier, p_return_to, p_expires_at);
     end $$`,
  ...runtimeOnly('begin_external_sign_in(text, uuid, text, text, text, timestamptz)'),

  // Uses a sign-in request once: 'ok' the first time (within its time), then 'used'; 'expired'
  // when it came back too late. Unknown states return no row.
  `create function claim_external_sign_in(p_state_hash text)
     returns table (outcome text, provider_id uuid, nonce text, code_verifier text, return_to text)
     language plpgsql security definer set search_path = pg_catalog, public as $$
     begin
       return query
         update external_sign_in_requests r set used_at = now()
          where r.state_hash = p_state_hash and r.used_at is null
         returning case when r.expires_at > now() then 'ok' else 'expired' end,
                   r.provider_id, r.nonce, r.code_verifier, r.return_to;
       if not found then
         return query select 'used'::text, null::uuid, null::text, null::text, null::text
           from external_sign_in_requests r where r.state_hash = p_state_hash;
       end if;
     end $$`,
  ...runtimeOnly('claim_external_sign_in(text)'),

  // Whom a provider signs in: a tenant's issuer, that tenant's members; the platform's, people
  // in buyer organisations.
  `create function sign_in_provider_admits(p_provider uuid, p_user uuid) returns boolean
     language sql stable security definer set search_path = pg_catalog, public as $$
     select exists (
       select 1 from enabled_sign_in_providers() e
        where e.id = p_provider
          and case when e.tenant_id is not null
                   then exists (select 1 from tenant_memberships m where m.tenant_id = e.tenant_id and m.user_id = p_user)
                   else exists (select 1 from organisation_memberships m where m.user_id = p_user) end) $$`,
  `revoke all on function sign_in_provider_admits(uuid, uuid) from public`,

  // The person an account at this provider's issuer is linked to, while the provider admits them.
  `create function linked_sign_in_user(p_provider uuid, p_subject text) returns uuid
     language sql stable security definer set search_path = pg_catalog, public as $$
     select x.user_id from external_identities x
       join enabled_sign_in_providers() e on e.id = p_provider and e.issuer_url = x.issuer
      where x.subject = p_subject and sign_in_provider_admits(p_provider, x.user_id) $$`,
  ...runtimeOnly('linked_sign_in_user(uuid, text)'),

  // Links an account at this provider's issuer to a person it admits; true when it is now linked
  // to them (false: not admitted, or already linked to someone else).
  `create function link_external_identity(p_provider uuid, p_subject text, p_user uuid, p_email text) returns boolean
     language plpgsql security definer set search_path = pg_catalog, public as $$
     declare v_issuer text;
     begin
       if not sign_in_provider_admits(p_provider, p_user) then return false; end if;
       select e.issuer_url into v_issuer from enabled_sign_in_providers() e where e.id = p_provider;
       insert into external_identities (issuer, subject, user_id, provider_id, linked_email)
       values (v_issuer, p_subject, p_user, p_provider, p_email)
       on conflict (issuer, subject) do nothing;
       return exists (select 1 from external_identities x
                       where x.issuer = v_issuer and x.subject = p_subject and x.user_id = p_user);
     end $$`,
  ...runtimeOnly('link_external_identity(uuid, text, uuid, text)'),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
