import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

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
  // The organisations a buyer acts for: itself, and for a trust each of its schools.
  `create function buyer_organisation_ids() returns setof uuid language sql stable as $$
     select app_organisation_id() where app_organisation_id() is not null
     union
     select id from organisations where trust_id = app_organisation_id() $$`,

  `alter table tenants add column auto_confirm_days integer not null default 10 check (auto_confirm_days between 1 and 90)`,

  // A buyer's own rules: orders at or above the threshold need an approver.
  `create table buyer_settings (
     organisation_id uuid primary key references organisations (id),
     approval_threshold_pence bigint check (approval_threshold_pence >= 0),
     updated_by uuid references users (id),
     updated_at timestamptz not null default now()
   )`,
  `alter table buyer_settings enable row level security`,
  `alter table buyer_settings force row level security`,
  `create policy own_settings on buyer_settings for all to ${RUNTIME_ROLE}
     using (organisation_id in (select buyer_organisation_ids()))
     with check (organisation_id = app_organisation_id())`,
  `grant select, insert, update on buyer_settings to ${RUNTIME_ROLE}`,

  // A person's basket, before it becomes orders (one per provider).
  `create table basket_items (
     id uuid primary key default gen_random_uuid(),
     organisation_id uuid not null references organisations (id),
     user_id uuid not null references users (id),
     tenant_id uuid not null references tenants (id),
     service_id uuid not null,
     for_organisation_id uuid not null references organisations (id),
     year_kind text not null check (year_kind in ('academic','financial')),
     year_start date not null,
     quantity integer not null check (quantity between 1 and 100000),
     package_code text,
     preferred_dates text not null default '',
     created_at timestamptz not null default now()
   )`,
  `create index basket_items_owner on basket_items (organisation_id, user_id)`,
  `alter table basket_items enable row level security`,
  `alter table basket_items force row level security`,
  `create policy own_basket on basket_items for all to ${RUNTIME_ROLE}
     using (organisation_id = app_organisation_id() and user_id = app_user_id())
     with check (organisation_id = app_organisation_id() and user_id = app_user_id()
                 and for_organisation_id in (select buyer_organisation_ids()))`,
  `grant select, insert, update, delete on basket_items to ${RUNTIME_ROLE}`,

  // Order references are sequential per provider, and buyers place orders without a tenant in
  // scope: the counter is reachable only through this one function, which runs as the owner.
  `create table order_counters (
     tenant_id uuid primary key references tenants (id),
     last_number integer not null default 0
   )`,
  `alter table order_counters enable row level security`,
  `alter table order_counters force row level security`,
  `create policy owner_only on order_counters for all using (current_user <> '${RUNTIME_ROLE}')`,
  `create function next_order_reference(p_tenant uuid) returns text
     language plpgsql security definer set search_path = public as $$
     declare n integer;
     begin
       insert into order_counters (tenant_id, last_number) values (p_tenant, 1)
       on conflict (tenant_id) do update set last_number = order_counters.last_number + 1
       returning last_number into n;
       return 'ORD-' || lpad(n::text, 5, '0');
     end $$`,
  `revoke all on function next_order_reference(uuid) from public`,
  `grant execute on function next_order_reference(uuid) to ${RUNTIME_ROLE}`,

  `create table orders (
     tenant_id uuid not null references tenants (id),
     id uuid not null default gen_random_uuid(),
     reference text not null,
     organisation_id uuid not null references organisations (id),
     placed_by_organisation_id uuid not null references organisations (id),
     customer_class text not null check (customer_class in ('own_maintained','academy','other_la_school','partner_council','independent_other')),
     settlement_method text not null check (settlement_method in ('recharge','invoice')),
     po_number text,
     contact_name text not null,
     contact_email text not null,
     status text not null check (status in ('awaiting_approval','awaiting_provider','rejected','accepted','declined','cancelled','completed')),
     total_pence bigint not null check (total_pence >= 0),
     idempotency_key text not null,
     submitted_by uuid not null references users (id),
     submitted_at timestamptz not null default now(),
     approved_by uuid references users (id),
     approved_at timestamptz,
     decided_by uuid references users (id),
     decided_at timestamptz,
     closed_reason text,
     closed_by uuid references users (id),
     closed_at timestamptz,
     primary key (tenant_id, id),
     unique (tenant_id, reference),
     unique (tenant_id, idempotency_key)
   )`,
  `create index orders_organisation on orders (organisation_id)`,
  ...tenantOwned('orders', 'select, insert, update'),
  `create policy buyer_orders on orders for all to ${RUNTIME_ROLE}
     using (organisation_id in (select buyer_organisation_ids()) or placed_by_organisation_id = app_organisation_id())
     with check (organisation_id in (select buyer_organisation_ids()))`,

  `create table order_lines (
     tenant_id uuid not null,
     id uuid not null default gen_random_uuid(),
     order_id uuid not null,
     line_number integer not null check (line_number >= 1),
     service_id uuid not null,
     service_code text not null,
     service_name text not null,
     unit_kind text not null,
     schedule_id uuid not null,
     year_kind text not null check (year_kind in ('academic','financial')),
     year_start date not null,
     quantity integer not null check (quantity >= 1),
     package_code text,
     preferred_dates text not null default '',
     price jsonb not null,
     quote jsonb not null,
     total_pence bigint not null check (total_pence >= 0),
     allowance_hundredths integer not null check (allowance_hundredths > 0),
     overage_unit_price_pence bigint check (overage_unit_price_pence >= 0),
     status text not null default 'pending' check (status in ('pending','active','cancelled','completed','declined','rejected')),
     assigned_to uuid references users (id),
     primary key (tenant_id, id),
     unique (tenant_id, order_id, line_number),
     foreign key (tenant_id, order_id) references orders (tenant_id, id),
     foreign key (tenant_id, service_id) references services (tenant_id, id),
     foreign key (tenant_id, schedule_id) references charge_schedules (tenant_id, id)
   )`,
  ...tenantOwned('order_lines', 'select, insert, update'),
  `create policy buyer_order_lines on order_lines for all to ${RUNTIME_ROLE}
     using (exists (select 1 from orders o where o.tenant_id = order_lines.tenant_id and o.id = order_lines.order_id))
     with check (exists (select 1 from orders o where o.tenant_id = order_lines.tenant_id and o.id = order_lines.order_id))`,
  // What a line was agreed at never changes: the price and its working are a snapshot.
  `create function order_lines_price_frozen() returns trigger language plpgsql as $$
     begin
       if new.price is distinct from old.price or new.quote is distinct from old.quote
          or new.total_pence is distinct from old.total_pence or new.quantity is distinct from old.quantity then
         raise exception 'The agreed price of an order line never changes: record a variation instead';
       end if;
       return new;
     end $$`,
  `create trigger order_lines_price_frozen before update on order_lines
     for each row execute function order_lines_price_frozen()`,

  `create table deliveries (
     tenant_id uuid not null,
     id uuid not null default gen_random_uuid(),
     order_line_id uuid not null,
     delivered_on date not null,
     units_hundredths integer not null check (units_hundredths > 0),
     beyond_allowance_hundredths integer not null default 0 check (beyond_allowance_hundredths >= 0),
     overage_pence bigint not null default 0 check (overage_pence >= 0),
     practitioner_id uuid not null references users (id),
     work_type text not null,
     note text not null default '',
     status text not null default 'logged' check (status in ('logged','confirmed','disputed','resolved')),
     confirm_by date not null,
     logged_by uuid not null references users (id),
     logged_at timestamptz not null default now(),
     confirmed_by uuid references users (id),
     confirmed_at timestamptz,
     auto_confirmed boolean not null default false,
     dispute_reason text,
     disputed_by uuid references users (id),
     disputed_at timestamptz,
     resolution_note text,
     resolved_by uuid references users (id),
     resolved_at timestamptz,
     primary key (tenant_id, id),
     foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id)
   )`,
  `create index deliveries_line on deliveries (tenant_id, order_line_id)`,
  ...tenantOwned('deliveries', 'select, insert, update'),
  `create policy buyer_deliveries on deliveries for select to ${RUNTIME_ROLE}
     using (exists (select 1 from order_lines l where l.tenant_id = deliveries.tenant_id and l.id = deliveries.order_line_id))`,
  `create policy buyer_confirms on deliveries for update to ${RUNTIME_ROLE}
     using (app_tenant_id() is null and exists (select 1 from order_lines l where l.tenant_id = deliveries.tenant_id and l.id = deliveries.order_line_id))
     with check (exists (select 1 from order_lines l where l.tenant_id = deliveries.tenant_id and l.id = deliveries.order_line_id))`,

  `create table feedback (
     tenant_id uuid not null,
     id uuid not null default gen_random_uuid(),
     order_line_id uuid not null,
     rating integer not null check (rating between 1 and 5),
     what_changed text not null default '',
     given_by uuid not null references users (id),
     given_at timestamptz not null default now(),
     primary key (tenant_id, id),
     unique (tenant_id, order_line_id, given_by),
     foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id)
   )`,
  ...tenantOwned('feedback', 'select, insert'),
  `create policy buyer_feedback on feedback for all to ${RUNTIME_ROLE}
     using (exists (select 1 from order_lines l where l.tenant_id = feedback.tenant_id and l.id = feedback.order_line_id))
     with check (given_by = app_user_id()
                 and exists (select 1 from order_lines l where l.tenant_id = feedback.tenant_id and l.id = feedback.order_line_id))`,

  // Buyers' own actions (submitting, approving, confirming) go into the provider's audit log:
  // a buyer may append entries in its own name, never read or change them.
  `create policy buyer_appends on audit_events for insert to ${RUNTIME_ROLE}
     with check (app_organisation_id() is not null and actor_user_id = app_user_id())`,

  // A named contact officer at a provider for a school.
  `create table contact_officers (
     tenant_id uuid not null references tenants (id),
     organisation_id uuid not null references organisations (id),
     user_id uuid not null references users (id),
     primary key (tenant_id, organisation_id)
   )`,
  ...tenantOwned('contact_officers', 'select, insert, update, delete'),
  `create policy buyer_contact_officers on contact_officers for select to ${RUNTIME_ROLE}
     using (organisation_id in (select buyer_organisation_ids()))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The commissioning migration is not reversible');
}
