import { sql } from 'kysely';

/**
 * The acting buyer's organisations (itself, or a trust and its schools) as a value an index can
 * take: `where(column, '=', ACTING_BUYER_ORGANISATIONS)`. Row-level security still decides what is
 * read; this only lets the plan start from the buyer's few rows in the column's index instead of
 * testing the policy against every row of every provider.
 */
export const ACTING_BUYER_ORGANISATIONS = sql<string>`any(array(select buyer_organisation_ids()))`;
