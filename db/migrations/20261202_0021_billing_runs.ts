import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const statements: string[] = [
  // A line's billing plan may change until the first charge on it is billed: after that the plan
  // has decided what was billed, and changing it would bill the same work again under other keys.
  `create function order_lines_billing_plan_fixed() returns trigger language plpgsql set search_path = public as $$
     begin
       if new.billing_plan is distinct from old.billing_plan and exists (
            select 1 from billed_charges b where b.tenant_id = old.tenant_id and b.order_line_id = old.id) then
         perform refuse('The billing plan of this line cannot change: something on it has already been billed');
       end if;
       return new;
     end $$`,
  `create trigger order_lines_billing_plan_fixed before update of billing_plan on order_lines
     for each row execute function order_lines_billing_plan_fixed()`,

  // Where a run has got to: the last customer (bill-to organisation, in id order) whose drafts were
  // committed, so a run claimed again after its worker died carries on from the next one.
  `alter table billing_runs add column done_through uuid`,

  // The worker looks across tenants for runs waiting or abandoned, as the owner (FORCE subjects a
  // non-superuser owner to row-level security too); each run is then worked in its tenant's scope.
  `do $$ begin
     execute format('create policy owner_finds_waiting on billing_runs for select to %I using (true)', current_user);
   end $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Not reversible');
}
