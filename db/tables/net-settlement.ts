/** Kysely types for the tables made by migration 0028; db/schema.ts's Database includes them. */
export type NetSettlementTables = Record<never, never>;
