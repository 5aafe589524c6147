/** Kysely types for the tables made by migration 0030; db/schema.ts's Database includes them. */
export type ServiceBudgetTables = Record<never, never>;
