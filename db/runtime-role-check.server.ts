import { sql } from 'kysely';
import type { Db } from './client.server';
import { RUNTIME_ROLE } from './scope.server';

export interface RuntimeRoleReport {
  problems: string[];
}

/**
 * Row-level security is bypassed by superusers, BYPASSRLS roles and table owners (unless FORCEd).
 * The server refuses to start when any of that holds for the runtime role.
 */
export async function checkRuntimeRole(db: Db): Promise<RuntimeRoleReport> {
  const problems: string[] = [];
  const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
    select rolsuper, rolbypassrls from pg_roles where rolname = ${RUNTIME_ROLE}`.execute(db);
  const flags = role.rows[0];
  if (!flags) return { problems: [`The runtime role ${RUNTIME_ROLE} does not exist: run the migrations.`] };
  if (flags.rolsuper) problems.push(`${RUNTIME_ROLE} is a superuser.`);
  if (flags.rolbypassrls) problems.push(`${RUNTIME_ROLE} has BYPASSRLS.`);

  const owned = await sql<{ relname: string }>`
    select c.relname from pg_class c join pg_roles r on r.oid = c.relowner
    where r.rolname = ${RUNTIME_ROLE} and c.relkind in ('r','p','v','m')`.execute(db);
  for (const row of owned.rows) problems.push(`${RUNTIME_ROLE} owns ${row.relname}.`);

  const unforced = await sql<{ relname: string }>`
    select c.relname from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
    where c.relkind = 'r' and not (c.relrowsecurity and c.relforcerowsecurity)`.execute(db);
  for (const row of unforced.rows)
    problems.push(`${row.relname} has tenant_id but row-level security is not enabled and forced.`);
  return { problems };
}
