/** Kysely types for the tables made by migration 0036 (brokered school-to-school support); db/schema.ts's Database includes them. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BrokeredSupportTables {}
