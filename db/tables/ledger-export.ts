/** Kysely types for the tables made by migration 0027; db/schema.ts's Database includes them. */
export type LedgerExportTables = Record<never, never>;
