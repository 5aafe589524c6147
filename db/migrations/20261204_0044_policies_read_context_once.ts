import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 11 (national scale): a policy comparing a column with app_tenant_id() (or the acting
// person's or organisation's id, or whether they are an admin) called the function for every row
// it filtered: the functions are stable SQL the planner inlines as current_setting(...)::uuid, and
// a scan of 2,763 services for a buyer spent about a microsecond a row on the settings alone. The
// same call written as a sub-select, (select app_tenant_id()), is worked out once a statement (an
// init plan) and is still usable as an index condition. Same meaning: a stable function gives one
// answer within a statement.
//
// Every policy is rewritten here from its own text; policies added later are written this way to
// begin with (db/policies.test.ts fails on one that is not).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `do $$
      declare
        p record;
        calls constant text :=
          '(?<!select )\\m(app_tenant_id|app_user_id|app_organisation_id|app_is_tenant_admin|app_is_platform_admin)\\(\\)';
        using_clause text;
        check_clause text;
      begin
        for p in
          select tablename, policyname, qual, with_check from pg_policies
           where schemaname = 'public' and (qual ~* calls or with_check ~* calls)
        loop
          using_clause := case when p.qual is null then ''
            else format(' using (%s)', regexp_replace(p.qual, calls, '(select \\1())', 'gi')) end;
          check_clause := case when p.with_check is null then ''
            else format(' with check (%s)', regexp_replace(p.with_check, calls, '(select \\1())', 'gi')) end;
          execute format('alter policy %I on public.%I%s%s', p.policyname, p.tablename, using_clause, check_clause);
        end loop;
      end $$`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
