import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.

const statements: string[] = [
  // Lines priced without units (flat fee plus per pupil, a subscription without included
  // meetings) have no allowance: delivery is recorded against them, nothing is drawn down.
  `alter table order_lines alter column allowance_hundredths drop not null`,
  `update order_lines set allowance_hundredths = null
     where price->>'model' = 'flat_plus_per_pupil'
        or (price->>'model' = 'subscription' and price->'includedUnits' is null)`,

  // What cancelling cost is a fact of each line under its own terms, not one amount per order.
  `alter table order_lines add column cancellation_charge_pence bigint not null default 0
     check (cancellation_charge_pence >= 0)`,
  `update order_lines l set cancellation_charge_pence = o.cancellation_charge_pence
     from orders o
     where o.tenant_id = l.tenant_id and o.id = l.order_id and l.line_number = 1
       and o.cancellation_charge_pence > 0`,
  `alter table orders drop column cancellation_charge_pence`,

  // The total at submission decides approval; what an order is worth now comes from its lines.
  `alter table orders rename column total_pence to submitted_total_pence`,

  // The calendar day an order was accepted: work cannot be logged before it.
  `alter table orders add column accepted_on date`,
  `update orders set accepted_on = (decided_at at time zone 'Europe/London')::date
     where decided_at is not null and status in ('accepted','completed')`,
  `update orders set accepted_on = (decided_at at time zone 'Europe/London')::date
     where decided_at is not null and status = 'cancelled'
       and exists (select 1 from order_lines l where l.tenant_id = orders.tenant_id and l.order_id = orders.id
                   and l.cancellation_charge_pence > 0)`,

  // The calendar day a variation took effect, so a line's position can be read as of any date.
  `alter table order_variations add column accepted_on date`,
  `update order_variations set accepted_on = (decided_at at time zone 'Europe/London')::date
     where status = 'accepted'`,
  `alter table order_variations add constraint order_variations_accepted_on
     check ((status = 'accepted') = (accepted_on is not null))`,

  // Overage is derived from the line's position (a variation can absorb it), never frozen on a
  // record. Disputes end in an outcome: the record stands, is corrected by a new record (the
  // original kept), or is voided because it did not happen.
  `alter table deliveries drop column beyond_allowance_hundredths`,
  `alter table deliveries drop column overage_pence`,
  `alter table deliveries drop constraint deliveries_status_check`,
  `alter table deliveries add column resolution_outcome text
     check (resolution_outcome in ('stands','corrected','voided'))`,
  `update deliveries set status = 'confirmed', resolution_outcome = 'stands' where status = 'resolved'`,
  `alter table deliveries add constraint deliveries_status_check
     check (status in ('logged','confirmed','disputed','corrected','voided'))`,
  `alter table deliveries add column corrects_delivery_id uuid`,
  `alter table deliveries add constraint deliveries_corrects_fk
     foreign key (tenant_id, corrects_delivery_id) references deliveries (tenant_id, id)`,
  `create unique index deliveries_one_correction on deliveries (tenant_id, corrects_delivery_id)
     where corrects_delivery_id is not null`,
  `alter table deliveries add constraint deliveries_outcome_matches check (
     (status = 'corrected') = (resolution_outcome is not distinct from 'corrected')
     and (status = 'voided') = (resolution_outcome is not distinct from 'voided'))`,
  `create index deliveries_line_date on deliveries (tenant_id, order_line_id, delivered_on)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The line position migration is not reversible');
}
