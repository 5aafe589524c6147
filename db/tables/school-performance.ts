import type { ColumnType, Generated } from 'kysely';

type Instant = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric columns: written as numbers, read back as text by the drivers (queries cast to float8). */
type Decimal = ColumnType<string | number | null, number | null | undefined, number | null>;

export type PerformanceImportKind = 'ks2' | 'ofsted';
export type Ks2Source = 'year_file' | 'later_file';
export type OfstedJudgement = 'outstanding' | 'good' | 'requires_improvement' | 'satisfactory' | 'inadequate';

export interface PerformanceImportsTable {
  id: Generated<string>;
  kind: PerformanceImportKind;
  /** The year the academic year ends in (2025 = 2024/25); null for Ofsted. */
  academic_year: number | null;
  file_name: string;
  imported_by: string | null;
  imported_at: Instant;
  school_rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  unknown_urns: number;
  summary_rows: number;
}

export interface Ks2ResultsTable {
  urn: number;
  academic_year: number;
  source: Ks2Source;
  eligible_pupils: number | null;
  pupils_on_roll: number | null;
  ptrwm_exp: Decimal;
  ptrwm_high: Decimal;
  ptread_exp: Decimal;
  ptwritta_exp: Decimal;
  ptmat_exp: Decimal;
  read_prog: Decimal;
  writ_prog: Decimal;
  mat_prog: Decimal;
  import_id: string | null;
  imported_at: Instant;
}

export interface OfstedInspectionsTable {
  urn: number;
  inspection_date: ColumnType<string, string, string>;
  overall_effectiveness: OfstedJudgement | null;
  quality_of_education: OfstedJudgement | null;
  behaviour_and_attitudes: OfstedJudgement | null;
  personal_development: OfstedJudgement | null;
  leadership_and_management: OfstedJudgement | null;
  early_years: OfstedJudgement | null;
  sixth_form: OfstedJudgement | null;
  import_id: string | null;
  imported_at: Instant;
}

export interface ImprovementThresholdsTable {
  tenant_id: string;
  ptrwm_exp_floor: ColumnType<number, number | undefined, number>;
  progress_limit: Decimal;
  updated_by: string | null;
  updated_at: Instant;
}

/** Kysely types for the tables made by migration 0032; db/schema.ts's Database includes them. */
export interface SchoolPerformanceTables {
  performance_imports: PerformanceImportsTable;
  ks2_results: Ks2ResultsTable;
  ofsted_inspections: OfstedInspectionsTable;
  improvement_thresholds: ImprovementThresholdsTable;
}
