/** Kysely types for the tables made by migration 0026; db/schema.ts's Database includes them. */
export type BankStatementTables = Record<never, never>;
