import type { ColumnType, Generated } from 'kysely';

type Instant = ColumnType<Date, Date | string | undefined, Date | string>;

/** Who pays for brokered support: the authority's improvement budget, or the school itself. */
export type BrokeredFundedBy = 'authority' | 'school';

/**
 * One brokerage by a council (tenant_id) of days of support from another provider
 * (supporting_tenant_id) for one of its schools. Append-only, written only by the database's
 * broker_support function; its order and line live in the supporting provider's tenant, and
 * brokered_support_progress() reads how they stand.
 */
export interface BrokeredSupportsTable {
  tenant_id: string;
  id: Generated<string>;
  /** BRK-0001, numbered per council. */
  reference: string;
  urn: number;
  /** The year the academic year ends in (2027 = 2026/27). */
  academic_year: number;
  supporting_tenant_id: string;
  service_id: string;
  /** The service's name at the supporting provider when brokered. */
  service_name: string;
  days_hundredths: number;
  day_rate_pence: number;
  funded_by: BrokeredFundedBy;
  reason: string;
  order_id: string;
  order_line_id: string;
  /** The order's reference in the supporting provider's tenant. */
  order_reference: string;
  brokered_by: string;
  brokered_at: Instant;
}

/** Kysely types for the tables made by migration 0036 (brokered school-to-school support); db/schema.ts's Database includes them. */
export interface BrokeredSupportTables {
  brokered_supports: BrokeredSupportsTable;
}
