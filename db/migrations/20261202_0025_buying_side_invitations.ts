import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// A council's tenant admin invites people to the council's own buying side (a commissioner, an
// approver) as well as to its provider side. An invitation is to exactly one side. One to the
// buying side names the council's own organisation, which a foreign key to the tenant's own
// organisation enforces; only an admin of the tenant may write one; and an invitation, once
// written, changes only by being accepted or revoked. The invitee joins through one narrow
// function, which adds the membership the invitation names and nothing else.

const ROLE = 'traded_app';

const statements: string[] = [
  `alter table invitations alter column role drop not null`,
  `alter table invitations add column buyer_organisation_id uuid references organisations (id)`,
  `alter table invitations add column buyer_role text check (buyer_role in ('council_commissioner','approver'))`,
  `alter table invitations add constraint invitations_one_side check (
     (role is not null and buyer_organisation_id is null and buyer_role is null)
     or (role is null and buyer_organisation_id is not null and buyer_role is not null))`,
  `alter table tenants add constraint tenants_id_organisation unique (id, organisation_id)`,
  `alter table invitations add constraint invitations_own_buying_side
     foreign key (tenant_id, buyer_organisation_id) references tenants (id, organisation_id)`,

  `create policy buying_side_by_admins on invitations as restrictive for insert to ${ROLE}
     with check (buyer_organisation_id is null or app_is_tenant_admin())`,
  `revoke update on invitations from ${ROLE}`,
  `grant update (accepted_at, revoked_at) on invitations to ${ROLE}`,

  // The functions below run as the owner; FORCE makes a non-superuser owner subject to row-level
  // security, so it is given what they need (as 0012 and 0017 do).
  `do $$ begin
     execute format('create policy buying_side_reader on invitations for select to %I using (true)', current_user);
     execute format('create policy buying_side_joiner on organisation_memberships for insert to %I with check (true)', current_user);
     execute format('create policy buying_side_leaver on organisation_memberships for delete to %I using (true)', current_user);
   end $$`,

  // The invitee of an accepted buying-side invitation (in the tenant in scope) joins the
  // organisation and role it names. Anyone else, or any other invitation, is refused.
  `create function join_buying_side(p_invitation uuid, p_user uuid) returns void
     language plpgsql security definer set search_path = pg_catalog, public as $$
     declare v_organisation uuid; v_role text; v_email text;
     begin
       select i.buyer_organisation_id, i.buyer_role, i.email into v_organisation, v_role, v_email
         from invitations i
        where i.tenant_id = app_tenant_id() and i.id = p_invitation
          and i.accepted_at is not null and i.buyer_organisation_id is not null;
       if v_organisation is null
          or not exists (select 1 from users u where u.id = p_user and lower(u.email) = lower(v_email)) then
         raise exception 'join_buying_side: not this person''s accepted invitation' using errcode = 'insufficient_privilege';
       end if;
       insert into organisation_memberships (organisation_id, user_id, role)
       values (v_organisation, p_user, v_role)
       on conflict (organisation_id, user_id) do nothing;
     end $$`,

  // The council's buying side as its tenant admin sees it; anyone else sees no one.
  `create function council_buying_side()
     returns table (user_id uuid, name text, email text, role text)
     language sql stable security definer set search_path = pg_catalog, public as $$
     select u.id, u.name, u.email, m.role
       from organisation_memberships m
       join tenants t on t.organisation_id = m.organisation_id
       join users u on u.id = m.user_id
      where t.id = app_tenant_id() and app_is_tenant_admin()
      order by u.name, u.email $$`,

  // A tenant admin ends someone's place on their council's buying side; returns whether they had one.
  `create function leave_council_buying_side(p_user uuid) returns boolean
     language plpgsql security definer set search_path = pg_catalog, public as $$
     declare v_count integer;
     begin
       if not app_is_tenant_admin() then
         raise exception 'leave_council_buying_side: only a tenant admin' using errcode = 'insufficient_privilege';
       end if;
       delete from organisation_memberships m
        using tenants t
        where t.id = app_tenant_id() and m.organisation_id = t.organisation_id and m.user_id = p_user;
       get diagnostics v_count = row_count;
       return v_count > 0;
     end $$`,
];

const FUNCTIONS = ['join_buying_side(uuid, uuid)', 'council_buying_side()', 'leave_council_buying_side(uuid)'];

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
