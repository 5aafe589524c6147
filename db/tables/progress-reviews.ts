/** Kysely types for the tables made by migration 0037 (progress review groups and their actions); db/schema.ts's Database includes them. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProgressReviewTables {}
