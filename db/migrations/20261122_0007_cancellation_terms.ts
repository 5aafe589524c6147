import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const statements: string[] = [
  // Cancellation terms a service sells under: notice to cancel without charge, and what a later
  // cancellation costs. Each line keeps the terms it was agreed under.
  `alter table services add column cancellation_notice_days integer check (cancellation_notice_days between 0 and 365)`,
  `alter table services add column late_cancellation_percent integer not null default 100 check (late_cancellation_percent between 0 and 100)`,
  `alter table basket_items add column starts_on date`,
  `alter table order_lines add column starts_on date`,
  `alter table order_lines add column cancellation_notice_days integer check (cancellation_notice_days between 0 and 365)`,
  `alter table order_lines add column late_cancellation_percent integer not null default 100 check (late_cancellation_percent between 0 and 100)`,
  `alter table orders add column cancellation_charge_pence bigint not null default 0 check (cancellation_charge_pence >= 0)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The cancellation terms migration is not reversible');
}
