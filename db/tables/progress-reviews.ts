import type { ColumnType, Generated } from 'kysely';

type Instant = ColumnType<Date, Date | string | undefined, Date | string>;

/** One progress review group meeting for a school in intensive or targeted support; append-only. */
export interface ProgressReviewsTable {
  tenant_id: string;
  id: Generated<string>;
  urn: number;
  /** The year the meeting's academic year ends in (2027 = 2026/27). */
  academic_year: number;
  met_on: string;
  attendees: string;
  reviewed: string;
  recorded_by: string;
  recorded_at: Instant;
}

/** An action agreed at a review: completed once (date, by whom, a note), otherwise unchanged. */
export interface ProgressReviewActionsTable {
  tenant_id: string;
  id: Generated<string>;
  review_id: string;
  position: number;
  action: string;
  owner: string;
  due_on: string;
  completed_on: string | null;
  completed_by: string | null;
  completed_at: Date | null;
  completion_note: ColumnType<string, string | undefined, string>;
}

/** Kysely types for the tables made by migration 0037 (progress review groups and their actions); db/schema.ts's Database includes them. */
export interface ProgressReviewTables {
  progress_reviews: ProgressReviewsTable;
  progress_review_actions: ProgressReviewActionsTable;
}
