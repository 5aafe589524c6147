import type { ColumnType } from 'kysely';

/** One service's income budget and cost for one financial year (1 April); null means not set. */
export interface ServiceBudgetsTable {
  tenant_id: string;
  service_id: string;
  year_start: string;
  income_budget_pence: number | null;
  cost_pence: number | null;
  cost_per_unit_pence: number | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Kysely types for the tables made by migration 0030; db/schema.ts's Database includes them. */
export interface ServiceBudgetTables {
  service_budgets: ServiceBudgetsTable;
}
