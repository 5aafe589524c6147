import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 13: progress review groups and their actions. A progress review group meets for a school
// the council has placed in intensive or targeted support for the academic year of the meeting:
// who attended, what was reviewed, and actions with owners and dates. A review is a record of a
// meeting, so it is append-only; an action changes once, when it is completed, and never again.

const RUNTIME_ROLE = 'traded_app';

function tenantOwned(table: string, privileges: string): string[] {
  return [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy tenant_isolation on ${table} for all to ${RUNTIME_ROLE}
       using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())`,
    `grant ${privileges} on ${table} to ${RUNTIME_ROLE}`,
  ];
}

const statements: string[] = [
  // academic_year is the year the meeting's academic year ends in (2027 = 2026/27), as placements count.
  `create table progress_reviews (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     urn integer not null references schools (urn),
     academic_year smallint not null check (academic_year between 2000 and 2100),
     met_on date not null,
     attendees text not null check (length(btrim(attendees)) between 1 and 2000),
     reviewed text not null check (length(btrim(reviewed)) between 1 and 4000),
     recorded_by uuid not null references users (id),
     recorded_at timestamptz not null default now(),
     primary key (tenant_id, id),
     check (academic_year = extract(year from met_on)::int
                            + case when extract(month from met_on) >= 9 then 1 else 0 end)
   )`,
  `create index progress_reviews_school on progress_reviews (tenant_id, urn, academic_year, met_on)`,
  ...tenantOwned('progress_reviews', 'select, insert'),
  // Only for a school whose current placement for the year is intensive or targeted.
  `create function progress_review_school_in_support() returns trigger language plpgsql set search_path = public as $$
     begin
       if not exists (
         select 1 from support_placements p
           join support_categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
          where p.tenant_id = new.tenant_id and p.urn = new.urn and p.academic_year = new.academic_year
            and c.level in ('intensive', 'targeted')
            and not exists (select 1 from support_placements later
                             where later.tenant_id = p.tenant_id and later.supersedes = p.id)) then
         raise exception 'a progress review group is only for a school in intensive or targeted support for the year'
           using errcode = 'check_violation', constraint = 'progress_reviews_school_in_support';
       end if;
       return new;
     end $$`,
  `create trigger progress_reviews_in_support before insert on progress_reviews
     for each row execute function progress_review_school_in_support()`,
  `create function refuse_progress_review_change() returns trigger language plpgsql set search_path = public as $$
     begin
       raise exception 'progress reviews are append-only: a review records a meeting that happened';
     end $$`,
  `create trigger progress_reviews_append_only before update or delete on progress_reviews
     for each row execute function refuse_progress_review_change()`,

  `create table progress_review_actions (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     review_id uuid not null,
     position smallint not null check (position between 1 and 20),
     action text not null check (length(btrim(action)) between 1 and 1000),
     owner text not null check (length(btrim(owner)) between 1 and 200),
     due_on date not null,
     completed_on date,
     completed_by uuid references users (id),
     completed_at timestamptz,
     completion_note text not null default '' check (length(completion_note) <= 2000),
     primary key (tenant_id, id),
     foreign key (tenant_id, review_id) references progress_reviews (tenant_id, id),
     unique (tenant_id, review_id, position),
     check ((completed_on is null and completed_by is null and completed_at is null and completion_note = '')
         or (completed_on is not null and completed_by is not null and completed_at is not null))
   )`,
  ...tenantOwned('progress_review_actions', 'select, insert'),
  `grant update (completed_on, completed_by, completed_at, completion_note) on progress_review_actions to ${RUNTIME_ROLE}`,
  // Completion is set once; the action, its owner and its date never change; nothing is deleted.
  `create function progress_review_action_complete_once() returns trigger language plpgsql set search_path = public as $$
     begin
       if tg_op = 'DELETE' then
         raise exception 'progress review actions are kept: an action is completed, never deleted';
       end if;
       if old.completed_on is not null then
         raise exception 'this action was already completed: a completion is recorded once';
       end if;
       if (new.tenant_id, new.id, new.review_id, new.position, new.action, new.owner, new.due_on)
          is distinct from (old.tenant_id, old.id, old.review_id, old.position, old.action, old.owner, old.due_on) then
         raise exception 'a progress review action only changes when it is completed';
       end if;
       if new.completed_on is null then
         raise exception 'a progress review action only changes when it is completed';
       end if;
       return new;
     end $$`,
  `create trigger progress_review_actions_complete_once before update or delete on progress_review_actions
     for each row execute function progress_review_action_complete_once()`,
  // Actions are recorded with their review: a later insert would add to a meeting's record.
  `create function progress_review_action_with_review() returns trigger language plpgsql set search_path = public as $$
     begin
       if not exists (select 1 from progress_reviews r
                       where r.tenant_id = new.tenant_id and r.id = new.review_id
                         and r.recorded_at = now()) then
         raise exception 'actions are recorded with their progress review, not added to it later';
       end if;
       if new.completed_on is not null then
         raise exception 'an action is recorded open and completed afterwards';
       end if;
       return new;
     end $$`,
  `create trigger progress_review_actions_with_review before insert on progress_review_actions
     for each row execute function progress_review_action_with_review()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
