import type { ColumnType, Generated } from 'kysely';

type Instant = ColumnType<Date, Date | string | undefined, Date | string>;


export type VisitType =
  | 'supported_self_review'
  | 'progress_review_group'
  | 'brokered_support'
  | 'monitoring_visit'
  | 'statutory_warning_notice';

/** One school improvement visit: its days split into funded (core entitlement) and traded. */
export interface ImprovementVisitsTable {
  tenant_id: string;
  id: Generated<string>;
  urn: number;
  /** The year the academic year ends in (2027 = 2026/27). */
  academic_year: number;
  visited_on: string;
  visit_type: VisitType;
  practitioner_id: string;
  /** Days delivered, in hundredths (a visit is at most a day: 1–100). */
  days_hundredths: number;
  /** Drawn from the school's core entitlement for the year. */
  funded_hundredths: number;
  /** Beyond the entitlement: on the school's purchase, or priced at the traded rate. */
  traded_hundredths: number;
  /** The purchase the traded part is recorded against. */
  order_line_id: string | null;
  /** The delivery record made on that line. */
  delivery_id: string | null;
  /** The published traded price per day when there is no purchase ("not commissioned"). */
  traded_day_rate_pence: number | null;
  note: ColumnType<string, string | undefined, string>;
  agreed_actions: ColumnType<string, string | undefined, string>;
  recorded_by: string;
  recorded_at: Instant;
  voided_at: Date | null;
  voided_by: string | null;
  void_reason: string | null;
}

/** Kysely types for the tables made by migration 0035 (school improvement visits drawing down core entitlement); db/schema.ts's Database includes them. */
export interface ImprovementVisitTables {
  improvement_visits: ImprovementVisitsTable;
}
