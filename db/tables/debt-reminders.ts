/** Kysely types for the tables made by migration 0029; db/schema.ts's Database includes them. */
export type DebtReminderTables = Record<never, never>;
