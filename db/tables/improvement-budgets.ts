import type { ColumnType, Generated } from 'kysely';

type Instant = ColumnType<Date, Date | string | undefined, Date | string>;

/** One version of a council's school improvement budget for an academic year (append-only). */
export interface ImprovementBudgetsTable {
  tenant_id: string;
  id: Generated<string>;
  /** The year the academic year ends in (2027 = 2026/27). */
  academic_year: number;
  budget_pence: number;
  /** The service whose cost prices a core day (its cost per unit for the year, or its cost model). */
  cost_service_id: string | null;
  /** A cost per core day set directly; at most one of this and cost_service_id. */
  cost_per_day_pence: ColumnType<number | null, number | null | undefined, number | null>;
  set_by: string;
  set_at: Instant;
  /** The version this one replaces; the current version is the one nothing supersedes. */
  supersedes: string | null;
}

/** Kysely types for the tables made by migration 0038 (the school improvement budget per year); db/schema.ts's Database includes them. */
export interface ImprovementBudgetTables {
  improvement_budgets: ImprovementBudgetsTable;
}
