/** Kysely types for the tables made by migration 0038 (the school improvement budget per year); db/schema.ts's Database includes them. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ImprovementBudgetTables {}
