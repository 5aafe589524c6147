import { z } from 'zod';

// The one rule for lists shown a page at a time: which page the address asks for (a whole number
// from 1; anything else is the first page, never an error), how many pages the rows make, and the
// rows a page holds.

export function pageFromQuery(value: string | null | undefined): number {
  return value && /^\d{1,6}$/.test(value) && Number(value) >= 1 ? Number(value) : 1;
}

/** The page field of a list's query form, read by pageFromQuery. */
export const pageField = z
  .string()
  .optional()
  .transform((v) => pageFromQuery(v));

/** How many pages `total` rows make (at least one: an empty list still has its page). */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** The rows of a page: how many to take and how many to skip. */
export function pageWindow(page: number, perPage: number): { limit: number; offset: number } {
  return { limit: perPage, offset: (page - 1) * perPage };
}
