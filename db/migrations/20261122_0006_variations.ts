import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const RUNTIME_ROLE = 'traded_app';

const statements: string[] = [
  // A change to the amount of an active line, priced from the line's frozen price, with its own
  // approval and acceptance. The original line is never edited: the latest accepted variation
  // says what the line now stands at.
  `create table order_variations (
     tenant_id uuid not null,
     id uuid not null default gen_random_uuid(),
     order_line_id uuid not null,
     quantity_before integer not null check (quantity_before >= 0),
     quantity_after integer not null check (quantity_after >= 0),
     allowance_after_hundredths integer not null check (allowance_after_hundredths >= 0),
     total_before_pence bigint not null check (total_before_pence >= 0),
     total_after_pence bigint not null check (total_after_pence >= 0),
     quote jsonb not null,
     reason text not null,
     status text not null check (status in ('awaiting_approval','awaiting_provider','accepted','declined','rejected','cancelled')),
     requested_by uuid not null references users (id),
     requested_at timestamptz not null default now(),
     approved_by uuid references users (id),
     approved_at timestamptz,
     decided_by uuid references users (id),
     decided_at timestamptz,
     closed_reason text,
     primary key (tenant_id, id),
     foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id),
     check (quantity_after <> quantity_before)
   )`,
  `create index order_variations_line on order_variations (tenant_id, order_line_id)`,
  `alter table order_variations enable row level security`,
  `alter table order_variations force row level security`,
  `create policy tenant_isolation on order_variations for all to ${RUNTIME_ROLE}
     using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())`,
  `create policy buyer_variations on order_variations for all to ${RUNTIME_ROLE}
     using (exists (select 1 from order_lines l where l.tenant_id = order_variations.tenant_id and l.id = order_variations.order_line_id))
     with check (exists (select 1 from order_lines l where l.tenant_id = order_variations.tenant_id and l.id = order_variations.order_line_id))`,
  `grant select, insert, update on order_variations to ${RUNTIME_ROLE}`,
  // Only one change in flight per line, so two changes never race each other.
  `create unique index order_variations_one_open on order_variations (tenant_id, order_line_id)
     where status in ('awaiting_approval','awaiting_provider')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The variations migration is not reversible');
}
