import type { ColumnType, Generated } from 'kysely';

type Instant = ColumnType<Date, Date | string | undefined, Date | string>;

/** The levels of support the app's suggestion works in; each tenant names and describes its own. */
export type SupportLevel = 'intensive' | 'targeted' | 'universal';

export interface SupportCategoriesTable {
  tenant_id: string;
  id: Generated<string>;
  level: SupportLevel;
  position: number;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  /** Funded core days of school improvement a school in this category has a year. */
  funded_days: number;
  updated_by: string | null;
  updated_at: Instant;
}

export interface SupportPlacementsTable {
  tenant_id: string;
  id: Generated<string>;
  urn: number;
  /** The year the academic year ends in (2027 = 2026/27). */
  academic_year: number;
  category_id: string;
  suggested_level: SupportLevel | null;
  reason: string;
  decided_by: string;
  decided_at: Instant;
  supersedes: string | null;
}

/** Kysely types for the tables made by migration 0034; db/schema.ts's Database includes them. */
export interface SupportCategoryTables {
  support_categories: SupportCategoriesTable;
  support_placements: SupportPlacementsTable;
}
