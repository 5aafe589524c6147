import type { ColumnType } from 'kysely';

/** Kysely types for the tables made by migration 0028; db/schema.ts's Database includes them. */

/**
 * One settlement by netting between two councils: a row on each side with the same id. Written only
 * by the settle_by_netting function; read by each side's finance.
 */
export interface NetSettlementsTable {
  tenant_id: string;
  id: string;
  partner_tenant_id: string;
  partner_organisation_id: string;
  period_start: ColumnType<string, string, never>;
  period_end: ColumnType<string, string, never>;
  amount_pence: number;
  payment_id: string;
  reference: string;
  settled_by: string | null;
  settled_by_tenant_id: string;
  settled_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface NetSettlementTables {
  net_settlements: NetSettlementsTable;
}
