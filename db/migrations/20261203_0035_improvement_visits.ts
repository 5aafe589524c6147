import { sql, type Kysely } from 'kysely';

// Frozen in time once it has run anywhere outside a development branch: add a new migration instead.
//
// Issue 13: school improvement visits drawing down core entitlement. Each visit a council logs for
// a school in an academic year is split into funded days (drawn from the core entitlement its
// current category of support carries: funded_days a year) and traded days (recorded against the
// school's purchase as a delivery record, or priced at the published day rate as "not
// commissioned"). A visit is never edited; it is voided once, with a reason, which frees its
// funded days. The database refuses a visit that would draw more funded days than the school's
// current category gives, and a category or placement that would leave a school having drawn more
// than it is now entitled to; one lock per school and year orders visits and placements.

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
  `create table improvement_visits (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     urn integer not null references schools (urn),
     academic_year smallint not null check (academic_year between 2000 and 2100),
     visited_on date not null,
     visit_type text not null check (visit_type in ('supported_self_review','progress_review_group',
       'brokered_support','monitoring_visit','statutory_warning_notice')),
     practitioner_id uuid not null references users (id),
     days_hundredths integer not null check (days_hundredths > 0 and days_hundredths <= 100),
     funded_hundredths integer not null check (funded_hundredths >= 0),
     traded_hundredths integer not null check (traded_hundredths >= 0),
     order_line_id uuid,
     delivery_id uuid,
     traded_day_rate_pence integer check (traded_day_rate_pence >= 0),
     note text not null default '' check (length(note) <= 4000),
     agreed_actions text not null default '' check (length(agreed_actions) <= 4000),
     recorded_by uuid not null references users (id),
     recorded_at timestamptz not null default now(),
     voided_at timestamptz,
     voided_by uuid references users (id),
     void_reason text check (length(btrim(void_reason)) between 1 and 2000),
     primary key (tenant_id, id),
     foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id),
     foreign key (tenant_id, delivery_id) references deliveries (tenant_id, id),
     unique (tenant_id, delivery_id),
     constraint improvement_visits_split check (funded_hundredths + traded_hundredths = days_hundredths),
     -- A visit falls in the academic year it is counted in (2027 = 1 September 2026 to 31 August 2027).
     constraint improvement_visits_in_year check (visited_on between make_date(academic_year - 1, 9, 1)
       and make_date(academic_year, 8, 31)),
     -- The traded part is either recorded on a purchase (a line, with the delivery made on it) or
     -- priced at the published rate; a visit wholly funded has neither.
     constraint improvement_visits_traded_terms check (
       (traded_hundredths > 0 or num_nonnulls(order_line_id, delivery_id, traded_day_rate_pence) = 0)
       and (order_line_id is null) = (delivery_id is null)
       and (order_line_id is null or traded_day_rate_pence is null)),
     constraint improvement_visits_void check (
       num_nonnulls(voided_at, voided_by, void_reason) in (0, 3))
   )`,
  `create index improvement_visits_school on improvement_visits (tenant_id, urn, academic_year, visited_on)`,
  `create index improvement_visits_year on improvement_visits (tenant_id, academic_year, visited_on)`,
  ...tenantOwned('improvement_visits', 'select, insert'),
  `grant update (voided_at, voided_by, void_reason) on improvement_visits to ${RUNTIME_ROLE}`,

  // One lock per tenant, school and year, taken by every visit and placement, so two visits (or a
  // visit and a new placement) for one school cannot both read the same remaining days.
  `create function improvement_entitlement_lock(p_tenant uuid, p_urn integer, p_year integer) returns void
     language sql volatile set search_path = public as $$
     select pg_advisory_xact_lock(hashtextextended('improvement_entitlement:' || p_tenant || ':' || p_urn || ':' || p_year, 0)) $$`,
  // Funded hundredths a school has drawn in a year (visits not voided).
  `create function improvement_funded_drawn(p_tenant uuid, p_urn integer, p_year integer) returns bigint
     language sql stable set search_path = public as $$
     select coalesce(sum(funded_hundredths), 0) from improvement_visits
      where tenant_id = p_tenant and urn = p_urn and academic_year = p_year and voided_at is null $$`,

  `create function improvement_visit_check() returns trigger language plpgsql set search_path = public as $$
     declare
       v_category uuid;
       v_funded_days integer;
       v_drawn bigint;
     begin
       perform improvement_entitlement_lock(new.tenant_id, new.urn, new.academic_year);
       select p.category_id into v_category from support_placements p
        where p.tenant_id = new.tenant_id and p.urn = new.urn and p.academic_year = new.academic_year
          and not exists (select 1 from support_placements n where n.tenant_id = p.tenant_id and n.supersedes = p.id);
       if v_category is null then
         v_funded_days := 0;
       else
         -- Shared row lock: a change to the category's days waits for this visit, and this visit for it.
         select c.funded_days into v_funded_days from support_categories c
          where c.tenant_id = new.tenant_id and c.id = v_category for share;
       end if;
       v_drawn := improvement_funded_drawn(new.tenant_id, new.urn, new.academic_year);
       if new.funded_hundredths > 0 and v_drawn + new.funded_hundredths > v_funded_days * 100 then
         raise exception 'This visit would draw % funded hundredths of a day where the school has % left of its core entitlement',
           new.funded_hundredths, greatest(v_funded_days * 100 - v_drawn, 0)
           using errcode = 'check_violation', constraint = 'improvement_visits_entitlement';
       end if;
       if new.order_line_id is not null and not exists (
         select 1 from deliveries d join order_lines l on l.tenant_id = d.tenant_id and l.id = d.order_line_id
           join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
           join organisations org on org.id = o.organisation_id
          where d.tenant_id = new.tenant_id and d.id = new.delivery_id and d.order_line_id = new.order_line_id
            and org.urn = new.urn) then
         perform refuse('A visit''s traded part is recorded on a delivery record of that school''s own line');
       end if;
       return new;
     end $$`,
  `create trigger improvement_visits_check before insert on improvement_visits
     for each row execute function improvement_visit_check()`,

  // A visit never changes: it is voided once, with a reason, and nothing else.
  `create function improvement_visit_final() returns trigger language plpgsql set search_path = public as $$
     begin
       if tg_op = 'DELETE' then perform refuse('A visit is never deleted: void it with a reason'); end if;
       if old.voided_at is not null then perform refuse('A voided visit never changes'); end if;
       if new.voided_at is null
          or (to_jsonb(new) - array['voided_at','voided_by','void_reason'])
             is distinct from (to_jsonb(old) - array['voided_at','voided_by','void_reason']) then
         perform refuse('A visit never changes: void it with a reason and log it again');
       end if;
       return new;
     end $$`,
  `create trigger improvement_visits_final before update or delete on improvement_visits
     for each row execute function improvement_visit_final()`,

  // A category's funded days never fall below what a school currently placed in it has drawn.
  `create function support_category_days_cover_drawn() returns trigger language plpgsql set search_path = public as $$
     declare v_urn integer; v_year integer;
     begin
       if new.funded_days >= old.funded_days then return new; end if;
       select p.urn, p.academic_year into v_urn, v_year from support_placements p
        where p.tenant_id = new.tenant_id and p.category_id = new.id
          and not exists (select 1 from support_placements n where n.tenant_id = p.tenant_id and n.supersedes = p.id)
          and improvement_funded_drawn(p.tenant_id, p.urn, p.academic_year) > new.funded_days * 100
        limit 1;
       if v_urn is not null then
         raise exception 'School % has already drawn more than % funded days in the year ending %', v_urn, new.funded_days, v_year
           using errcode = 'check_violation', constraint = 'support_categories_days_cover_drawn';
       end if;
       return new;
     end $$`,
  `create trigger support_categories_days_cover_drawn before update of funded_days on support_categories
     for each row execute function support_category_days_cover_drawn()`,

  // A school is placed only in a category giving at least the funded days it has already drawn.
  `create function support_placement_days_cover_drawn() returns trigger language plpgsql set search_path = public as $$
     declare v_funded_days integer; v_drawn bigint;
     begin
       perform improvement_entitlement_lock(new.tenant_id, new.urn, new.academic_year);
       select c.funded_days into v_funded_days from support_categories c
        where c.tenant_id = new.tenant_id and c.id = new.category_id for share;
       v_drawn := improvement_funded_drawn(new.tenant_id, new.urn, new.academic_year);
       if v_drawn > coalesce(v_funded_days, 0) * 100 then
         raise exception 'School % has already drawn % hundredths of a funded day this year, more than the category gives', new.urn, v_drawn
           using errcode = 'check_violation', constraint = 'support_placements_days_cover_drawn';
       end if;
       return new;
     end $$`,
  `create trigger support_placements_days_cover_drawn before insert on support_placements
     for each row execute function support_placement_days_cover_drawn()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
