/** Kysely types for the tables made by migration 0035 (school improvement visits drawing down core entitlement); db/schema.ts's Database includes them. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ImprovementVisitTables {}
