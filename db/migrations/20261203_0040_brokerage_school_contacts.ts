import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 13: a school that pays for support the council brokered is told when it is arranged and
// when it is withdrawn (it is the buyer, and a withdrawal after acceptance may cost it a charge).
// The council cannot read a school's people (organisation_memberships shows each person their own
// organisation only), so this narrow function gives the calling council, for one of its own
// school-funded brokerages, the names and addresses of the school's business managers and
// approvers, and nothing else.

const RUNTIME_ROLE = 'traded_app';

const statements: string[] = [
  `create function brokerage_school_contacts(p_brokerage uuid) returns table (name text, email text)
     language sql stable security definer set search_path = public as $$
     select u.name, u.email
       from brokered_supports b
       join organisations o on o.urn = b.urn and o.kind = 'school'
       join organisation_memberships m on m.organisation_id = o.id and m.role in ('business_manager', 'approver')
       join users u on u.id = m.user_id
      where app_tenant_id() is not null and b.tenant_id = app_tenant_id() and b.id = p_brokerage
        and b.funded_by = 'school'
      order by u.email $$`,
  `revoke all on function brokerage_school_contacts(uuid) from public`,
  `grant execute on function brokerage_school_contacts(uuid) to ${RUNTIME_ROLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
